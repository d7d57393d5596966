/**
 * The slow lane in its own thread answers as the inline lane does: the same figures for a whole
 * book and for a mirror fed with batches; a missing mirror or snapshot is asked for, not guessed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { applyPatch, type PatchOp } from '../../../shared/domain/book-patch';
import demoMarket from '../demo/demo-market.json';
import { demoPortfolioDto } from '../demo-data';
import { createMarginEngine } from '../margin-engine';
import { SlowLaneState, type SlowJob } from '../workspace/slow-lane';
import { threadSlowLane } from './slow-lane-thread';

const lane = threadSlowLane(new URL('./slow-lane-worker.ts', import.meta.url));
afterAll(() => lane.close());

const book = demoPortfolioDto();
const market: unknown = demoMarket;
const base = { session: 'demo', snapshotKey: 'demo@1', params: {}, paramsKeys: {}, methods: ['deribit-sm', 'linear-shock'], accountFor: 'deribit-pm' };

describe('threadSlowLane', () => {
  it('a whole book, then batches onto the mirror: the same figures as the inline computation', { timeout: 60_000 }, async () => {
    const inline = new SlowLaneState(createMarginEngine());
    const first: SlowJob = { ...base, version: 1, book: { kind: 'book', book }, marketJson: market };
    const a = await lane.run(first);
    expect(a).toMatchObject({ kind: 'done', version: 1 });
    expect(stripCosts(a)).toEqual(stripCosts(inline.run(first)));
    expect(a.kind === 'done' && a.account !== null).toBe(true);

    const ops: PatchOp[] = [{ op: 'set', id: book.positions[0].id, field: 'size', value: '-40' }];
    const next: SlowJob = { ...base, version: 2, book: { kind: 'ops', from: 1, ops } };
    const b = await lane.run(next);
    const want = inline.run({ ...base, version: 2, book: { kind: 'book', book: applyPatch(book, ops).portfolio } });
    expect(stripCosts(b)).toEqual(stripCosts(want));
    expect(stripCosts(b)).not.toEqual(stripCosts(a));
  });

  it('asks for the book when its mirror is not at the batches\' base, and for the snapshot it lacks', { timeout: 60_000 }, async () => {
    expect(await lane.run({ ...base, version: 9, book: { kind: 'ops', from: 7, ops: [] } })).toEqual({ kind: 'need-book' });
    expect(await lane.run({ ...base, snapshotKey: 'other@3', version: 1, book: { kind: 'book', book } })).toEqual({ kind: 'need-market' });
  });
});

/** Results without the timings (which differ run to run). */
function stripCosts(r: unknown): unknown {
  if (r && typeof r === 'object' && 'costs' in r) { const { costs: _c, ...rest } = r as Record<string, unknown>; return rest; }
  return r;
}
