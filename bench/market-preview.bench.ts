/**
 * The market editor's preview on the 20,000-position bench book (bench/ui-bench-book.ts: 2,000
 * options on BTC/ETH/SOL), in process through the service, figures printed, never asserted
 * (issue 13 "Performance": a vol-surface cell edit → margin on screen under 150 ms):
 *
 * - baseline: `market:preview`, the whole session re-run on the edited snapshot (every row
 *   re-marked, the shown methods re-run, the whole-book snapshot answered), as every edit did;
 * - delta: `market:draft-margin`, the draft's calculator re-marked at the edited instruments only
 *   and re-aggregated (the editor's figure), for a vol cell, a whole expiry's smile, a forward
 *   and the index; the first call of a draft (priced whole) shown apart.
 *
 * The two run alternately in the same process, so the ratio holds under the machine's load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { openAppService } from '../electron/service/compose';
import { seedUiBenchBook } from './ui-bench-book';

const BOOK = 'bench-preview-20k';
const MARKET = 'Synthetic preview 2,000 options';

interface Snap { underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number }[] }> }

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };

export async function runMarketPreviewBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-preview-bench-'));
  const databasePath = join(dir, 'bench.db');
  await seedUiBenchBook(databasePath, { bookId: BOOK, bookName: 'Preview bench 20k', marketName: MARKET });
  const { service: s, close } = openAppService({ databasePath, host: 'web', version: 'bench' });
  try {
    const market = (await s['market:list'](undefined)).find((m) => m.name === MARKET)!;
    await s['session:open']({ portfolioId: BOOK, marketId: market.id });
    const base = (await s['market:get']({ id: market.id })).snapshot as Snap;
    const btc = base.underlyings.BTC;
    const expiries = [...new Set(btc.vols.map((v) => v.expiry))].sort();
    const mid = expiries[Math.floor(expiries.length / 2)];
    const cell = btc.vols.findIndex((v) => v.expiry === mid && v.strike >= btc.index);
    const edits: [string, (j: Snap, i: number) => void][] = [
      ['vol cell (BTC, middle expiry, ATM)', (j, i) => { j.underlyings.BTC.vols[cell].vol = 0.45 + i / 200; }],
      ['whole smile of one expiry (+pts)', (j, i) => { for (const q of j.underlyings.BTC.vols) if (q.expiry === mid) q.vol += 0.01 * (i + 1); }],
      ['forward of one expiry', (j, i) => { j.underlyings.ETH.forwards[3].price *= 1 + (i + 1) / 1000; }],
      ['index (SOL)', (j, i) => { j.underlyings.SOL.index *= 1 + (i + 1) / 1000; }],
    ];
    const N = 8;
    const t = async (f: () => unknown) => { const t0 = performance.now(); await f(); return performance.now() - t0; };
    console.log(`20,000 positions, ${new Set((await s['portfolio:get']({ id: BOOK })).positions.map((p) => p.instrument)).size} instruments; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    let draft = 0;
    for (const [label, edit] of edits) {
      const full: number[] = [];
      const delta: number[] = [];
      let repriced = 0, instruments = 0, first = 0;
      const draftId = `bench-${draft++}`;
      const j = structuredClone(base);
      first = await t(() => s['market:draft-margin']({ sessionId: BOOK, draftId, snapshotText: JSON.stringify(j) }));
      for (let i = 0; i < N; i++) {
        edit(j, i);
        const text = JSON.stringify(j);
        full.push(await t(async () => JSON.stringify(await s['market:preview']({ sessionId: BOOK, marketId: market.id, snapshotText: text })).length));
        delta.push(await t(async () => {
          const r = await s['market:draft-margin']({ sessionId: BOOK, draftId, snapshotText: text });
          repriced = r.repriced;
          instruments = r.instruments;
          return JSON.stringify(r).length;
        }));
      }
      const f = median(full), d = median(delta);
      console.log(`${label.padEnd(36)} full re-run (market:preview) ${f.toFixed(1)} ms   delta (market:draft-margin) ${d.toFixed(1)} ms   ×${(f / d).toFixed(1)}   re-priced ${repriced}/${instruments}   (draft's first call, priced whole: ${first.toFixed(1)} ms)`);
    }
    console.log(`load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runMarketPreviewBench();
