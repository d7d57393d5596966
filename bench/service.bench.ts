/**
 * Service path benchmark: what the hosts add on top of the engine. The same `margin:run` on the
 * demo book (a) called on the engine directly — the in-run baseline, (b) through `dispatch`
 * (schema validation + envelope) in process, (c) through the service worker thread (structured
 * clone both ways), as the app and the web host do. Also a 20,000-position `portfolio:save`
 * through the worker (validation + SQLite + clone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppService } from '../electron/service/compose';
import { DEMO_PORTFOLIO_ID } from '../electron/service/demo-data';
import { dispatch } from '../electron/service/dispatch';
import { marginEngine } from '../electron/service/margin-engine';
import { startServiceWorker } from '../electron/service/worker/worker-dispatcher';
import type { PortfolioDto } from '../shared/domain/dto/portfolio.dto';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/** Print direct-engine vs dispatch vs worker medians for the demo book, with ratios. */
export async function runServiceBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-svc-bench-'));
  const databasePath = join(dir, 'bench.db');
  const { service, close } = openAppService({ databasePath, host: 'web', version: 'bench' });
  const worker = await startServiceWorker(new URL('../electron/service/worker/service-worker.ts', import.meta.url), { databasePath, host: 'web', version: 'bench' });
  try {
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const marketId = (await service['market:list'](undefined))[0].id;
    const snapshot = (await service['market:get']({ id: marketId })).snapshot;
    const req = { portfolio, marketId, methods: ['deribit-pm', 'deribit-sm'], accountFor: 'deribit-pm' };
    const N = 15;
    // Warm every path's JIT first so the order of measurement does not matter.
    await time(5, () => worker.dispatch('margin:run', req));
    await time(5, () => dispatch(service, 'margin:run', req));
    await time(5, () => marginEngine.run('deribit-pm', portfolio, snapshot, { account: true }));

    const direct = await time(N, () => {
      marginEngine.run('deribit-pm', portfolio, snapshot, { account: true });
      marginEngine.run('deribit-sm', portfolio, snapshot, { account: false });
    });
    const inProcess = await time(N, () => dispatch(service, 'margin:run', req));
    const viaWorker = await time(N, () => worker.dispatch('margin:run', req));

    const big: PortfolioDto = {
      id: 'bench-20k', name: 'Bench 20k', balances: [],
      positions: Array.from({ length: 20_000 }, (_, i) => ({ id: `r${i}`, instrument: `BTC-25DEC26-${60000 + (i % 40) * 2000}-${i % 2 ? 'C' : 'P'}`, size: `${(i % 50) - 25}.5` })),
    };
    let k = 0;
    const edited = () => ({ portfolio: { ...big, positions: big.positions.map((p, i) => (i === 0 ? { ...p, size: `${++k}` } : p)) } });
    const save20kInProcess = await time(7, () => dispatch(service, 'portfolio:save', edited()));
    const save20k = await time(7, () => worker.dispatch('portfolio:save', edited()));

    const row = (label: string, ms: number, base?: number) => `  ${label.padEnd(52)} median ${ms.toFixed(2).padStart(8)} ms${base ? `  (${(ms / base).toFixed(2)}× engine)` : ''}`;
    console.log('service path (demo book, margin:run with deribit-pm + deribit-sm, account view for deribit-pm):');
    console.log(row('engine called directly (baseline, same work)', direct));
    console.log(row('dispatch in process (validation + envelope)', inProcess, direct));
    console.log(row('service worker (as the app and web host run it)', viaWorker, direct));
    console.log(row('portfolio:save of 20,000 positions, dispatch in process', save20kInProcess));
    console.log(`${row('portfolio:save of 20,000 positions via the worker', save20k)}  (${(save20k / save20kInProcess).toFixed(2)}× in process)`);
  } finally {
    await worker.close();
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}
