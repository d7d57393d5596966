/**
 * Worker for the 200,000 × 200 benchmark: a persistent pricer over the same `deribit-pm`
 * scenario set and market as the main thread. Each message `{ symbols }` is answered with the
 * rows (transferred) and bases of those instruments.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseMarketSnapshot } from '../electron/engine/market-data';
import { resolveDeribitPmParams } from '../electron/engine/margin/methods/deribit-pm/deribit-params';
import { DeribitPm } from '../electron/engine/margin/methods/deribit-pm/deribit-pm';
import { resolveMarginInstrument } from '../electron/engine/margin/instrument-adapter';

const { market, params } = workerData as { market: unknown; params: unknown };
const snapshot = parseMarketSnapshot(market);
const resolved = resolveDeribitPmParams(params);

parentPort!.on('message', ({ symbols }: { symbols: string[] }) => {
  const pm = new DeribitPm(snapshot, resolved);
  for (const s of symbols) pm.setPosition(s, resolveMarginInstrument(s), '0');
  const n = pm.arrays.nScen;
  const rows = new Float64Array(symbols.length * n);
  const bases = symbols.map((s, i) => {
    const r = pm.arrays.rowIndex(s);
    rows.set(pm.arrays.row(r), i * n);
    const b = pm.arrays.bases[r];
    return { inputs: b.inputs, value: b.value, delta: b.delta };
  });
  parentPort!.postMessage({ rows, bases }, [rows.buffer]);
});
