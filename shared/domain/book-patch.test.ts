/**
 * Book patches: any sequence of batches, each undone by its inverse, gives back the book before it
 * — with the id index kept across field edits (`rowIndex`), so a stale index would show as a wrong
 * row edited or restored.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError, rowById, rowIndex, type PatchOp } from './book-patch';
import type { PortfolioDto } from './dto/portfolio.dto';

const start = (): PortfolioDto => ({
  id: 'b', name: 'b', balances: [{ currency: 'BTC', amount: '1' }],
  positions: Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, instrument: 'BTC-PERPETUAL', size: String(i) })),
});

describe('applyPatch', () => {
  it('every batch is undone exactly by its inverse; field edits land on their row', () => {
    let fresh = 100;
    const op = fc.oneof(
      fc.record({ op: fc.constant('set' as const), k: fc.nat(20), field: fc.constantFrom('size' as const, 'note' as const, 'averagePrice' as const), value: fc.constantFrom('1', '-2.5', '', '7') }),
      fc.record({ op: fc.constant('add' as const), at: fc.nat(20), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant('delete' as const), k: fc.nat(20) }),
      fc.record({ op: fc.constant('move' as const), k: fc.nat(20), at: fc.nat(20) }),
    );
    fc.assert(fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { maxLength: 25 }), (batches) => {
      let book = start();
      for (const spec of batches) {
        const ids = book.positions.map((p) => p.id);
        const pick = (k: number) => ids[k % Math.max(ids.length, 1)] ?? 'missing';
        const ops: PatchOp[] = spec.map((s) => {
          switch (s.op) {
            case 'set': return { op: 'set', id: pick(s.k), field: s.field, value: s.field === 'size' && s.value === '' ? '0' : s.value };
            case 'add': return { op: 'add', index: Math.min(s.at, ids.length), rows: Array.from({ length: s.n }, () => ({ id: `n${fresh++}`, instrument: 'ETH-PERPETUAL', size: '1' })) };
            case 'delete': return { op: 'delete', ids: [pick(s.k)] };
            case 'move': return { op: 'move', ids: [pick(s.k)], index: Math.min(s.at, Math.max(ids.length - 1, 0)) };
          }
        });
        let applied;
        try { applied = applyPatch(book, ops); } catch (e) { if (e instanceof PatchError) continue; throw e; }
        const last = ops.at(-1)!;
        if (ops.every((o) => o.op === 'set') && last.op === 'set') {
          const row = rowById(applied.portfolio.positions, last.id)!;
          expect(row[last.field] ?? '').toBe(last.value);
        }
        const back = applyPatch(applied.portfolio, applied.inverse).portfolio;
        expect(back.positions).toEqual(book.positions);
        book = applied.portfolio;
        const index = rowIndex(book.positions);
        book.positions.forEach((p, i) => expect(index.get(p.id)).toBe(i));
      }
    }), { numRuns: 200 });
  });
});
