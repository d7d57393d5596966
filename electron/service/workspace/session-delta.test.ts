/**
 * The delta is small (issue 9 §1): after a one-cell size edit of a larger synthetic book
 * (electron/engine/margin/synthetic-book.ts, 3,000 positions over 300 options and the delta-one
 * instruments of BTC/ETH/SOL), the answer's changed marks are that row alone, and its margin rows
 * are exactly the rows whose displayed margin figures changed (compared with the session's whole
 * table before and after) — all in the edited row's margin group, a small part of the book.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { tempDbPath } from '../../db/test-helpers';
import { createMarginEngine } from '../margin-engine';
import { syntheticMarket, syntheticPositions } from '../../engine/margin/synthetic-book';
import type { SessionSnapshotDto } from '../../../shared/domain/dto/session.dto';
import type { RowTableDto } from '../../../shared/domain/row-table';
import { createWorkspaceService } from './workspace-service';

const N = 3000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** Each row's cells of a table as one text per id (null fields included), to compare tables row by row. */
function rowsOf(t: RowTableDto): Map<string, string> {
  const out = new Map<string, string>();
  t.ids.forEach((id, i) => {
    const cells = Object.entries(t.columns).map(([f, col]) => `${f}=${col![i]}`);
    for (const [m, col] of Object.entries(t.marginalIm ?? {})) cells.push(`im.${m}=${col[i]}`);
    out.set(id, cells.join('|'));
  });
  return out;
}

const changedBetween = (a: Map<string, string>, b: Map<string, string>) => [...b.keys()].filter((id) => a.get(id) !== b.get(id)).sort();

describe('session delta', () => {
  it(`a one-cell size edit of a ${N}-row book answers with that row's marks and only the margin rows whose figures changed`, async () => {
    const t = tempDbPath('pmdesk-delta-');
    cleanups.push(t.cleanup);
    const store = openDatabase(t.path);
    cleanups.push(() => store.close());
    const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 100);
    const market = store.marketSnapshots.save('synthetic', syn.market);
    const positions = syntheticPositions([...syn.options, ...syn.deltaOne], N);
    const balances = [{ currency: 'BTC', amount: '100' }, { currency: 'ETH', amount: '1000' }, { currency: 'SOL', amount: '10000' }, { currency: 'USDC', amount: '1000000' }];
    store.portfolios.save({ id: 'big', name: 'big', balances, positions });
    const ws = createWorkspaceService(store, createMarginEngine(), { autosaveMs: 0, deferAboveMs: Number.MAX_SAFE_INTEGER });
    // Two methods per row: the portfolio method (a group's marginal IM can move together) and the standard one (per position).
    let snap: SessionSnapshotDto = await ws['session:open']({ portfolioId: 'big', marketId: market.id, methods: ['deribit-pm', 'deribit-sm'], detailFor: 'deribit-pm', shown: ['deribit-pm', 'deribit-sm'] });
    expect(snap.margin.ids).toHaveLength(N);
    let seq = 0;
    // One row of each kind of group: BTC inverse option, ETH inverse option, SOL option, a USDC-settled option, a perpetual.
    const edited = ['p5', 'p150', 'p290', 'p2000', positions.find((p) => p.instrument === 'BTC-PERPETUAL')!.id];
    for (const id of edited) {
      const before = { marks: rowsOf(snap.marks), margin: rowsOf(snap.margin) };
      const groupOf = new Map(snap.margin.ids.map((x, i) => [x, snap.margin.columns.group![i]]));
      const row = snap.portfolio.positions.find((p) => p.id === id)!;
      const r = await ws['session:patch']({ sessionId: snap.sessionId, version: snap.state.version, seq: ++seq, ops: [{ op: 'set', id, field: 'size', value: String(Number(row.size) * 2 + 1) }] });
      if (r.kind !== 'applied') throw new Error(`edit of ${id}: ${r.kind}`);
      snap = await ws['session:open']({ portfolioId: 'big' }); // the session's whole table after the edit
      const after = { marks: rowsOf(snap.marks), margin: rowsOf(snap.margin) };
      // Marks: the edited row alone (its value and greeks scale with its size; no other row's did).
      expect(r.marks.ids, `marks of the edit of ${id}`).toEqual([id]);
      expect(changedBetween(before.marks, after.marks).every((x) => x === id)).toBe(true);
      expect(r.removed).toEqual([]);
      // Margin: exactly the rows whose shown margin figures changed, each with its new cells …
      expect([...r.margin.ids].sort(), `margin rows of the edit of ${id}`).toEqual(changedBetween(before.margin, after.margin));
      const sent = rowsOf(r.margin);
      for (const x of r.margin.ids) expect(sent.get(x)).toBe(after.margin.get(x));
      // … all of the edited row's group, and a small part of the book.
      const group = groupOf.get(id);
      expect(r.margin.ids.every((x) => groupOf.get(x) === group), `margin rows outside group ${group}`).toBe(true);
      expect(r.margin.ids.length).toBeLessThan(N / 10);
      expect(r.margin.ids).toContain(id);
    }
  });
});
