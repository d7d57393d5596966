/**
 * "Run every method" as a job: the figures match `margin:run`, the open session's pending edits
 * are included, progress is reported step by step, and Cancel stops the run thread with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { composedServiceFixture } from '../test-fixtures';
import type { RunAllResultDto } from '../../../shared/ipc/job-contract';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';

const { open, progress } = composedServiceFixture('pmdesk-job-');

describe('job:run-all', () => {
  it('runs every method, with the figures margin:run gives, and reports each step', async () => {
    const s = open();
    const marketId = (await s['market:list'](undefined))[0]!.id;
    const methods = (await s['app:info'](undefined)).methods.map((m) => m.id);
    const r = (await s['job:run-all']({ jobId: 'j1', portfolioId: 'demo-book', marketId })) as Extract<RunAllResultDto, { kind: 'done' }>;
    expect(r.kind).toBe('done');
    expect(r.methods.map((m) => m.methodId)).toEqual(methods);
    const portfolio = await s['portfolio:get']({ id: 'demo-book' });
    const reference = await s['margin:run']({ portfolio, marketId, methods });
    for (const [i, o] of reference.outcomes.entries()) {
      const mine = r.methods[i]!;
      expect(mine.ok, o.methodId).toBe(o.ok);
      if (o.ok && mine.ok) expect(mine.initialMarginUsd, o.methodId).toBe(o.result.totals.initialMarginUsd);
    }
    expect(r.positions).toBe(portfolio.positions.length);
    // Progress: started, one label and one step per method, then done; seq strictly increasing.
    const mine = progress.filter((p) => p.jobId === 'j1');
    expect(mine.at(-1)).toMatchObject({ state: 'done', done: methods.length, total: methods.length });
    expect(mine.filter((p) => p.state === 'running').map((p) => p.done)).toEqual([0, ...methods.flatMap((_, i) => [i, i + 1])]);
    expect(mine.map((p) => p.seq)).toEqual(mine.map((_, i) => i + 1));
    expect(await s['job:progress']({ jobId: 'j1' })).toEqual(mine.at(-1));
    expect(await s['job:progress']({ jobId: 'nope' })).toBeNull();
  }, 60_000);

  it("runs on the open session's book, pending edits included", async () => {
    const s = open();
    const marketId = (await s['market:list'](undefined))[0]!.id;
    const snap = await s['session:open']({ portfolioId: 'demo-book' });
    await s['session:patch']({ sessionId: snap.sessionId, version: snap.state.version, seq: 1, ops: [{ op: 'add', rows: [{ id: 'extra', instrument: 'BTC-PERPETUAL', size: '1000' }] }] });
    const r = await s['job:run-all']({ jobId: 'j2', portfolioId: 'demo-book', marketId, methods: [snap.context.detailFor] });
    expect(r).toMatchObject({ kind: 'done', positions: snap.portfolio.positions.length + 1 });
  }, 60_000);

  it('stops on cancel: answered as cancelled, progress says so, nothing is written', async () => {
    const s = open();
    const marketId = (await s['market:list'](undefined))[0]!.id;
    const demo = await s['portfolio:get']({ id: 'demo-book' });
    // A book large enough that the run is still going when the cancel arrives.
    const big: PortfolioDto = { id: 'big', name: 'Big', balances: demo.balances, positions: Array.from({ length: 60_000 }, (_, i) => ({ ...demo.positions[i % demo.positions.length]!, id: `r${i}` })) };
    await s['portfolio:save']({ portfolio: big });
    const before = { list: await s['portfolio:list'](undefined), history: await s['portfolio:history']({ id: 'big' }) };
    const run = s['job:run-all']({ jobId: 'j3', portfolioId: 'big', marketId });
    // Wait until the thread has started its first method, then cancel.
    let p = await s['job:progress']({ jobId: 'j3' });
    while (p && p.state === 'running' && !/\(1 of/.test(p.label)) p = await s['job:progress']({ jobId: 'j3', afterSeq: p.seq, waitMs: 5_000 });
    expect(p?.state).toBe('running');
    expect(await s['job:cancel']({ jobId: 'j3' })).toEqual({ cancelled: true });
    expect(await run).toEqual({ kind: 'cancelled' });
    expect(await s['job:progress']({ jobId: 'j3' })).toMatchObject({ state: 'cancelled' });
    expect(progress.filter((q) => q.jobId === 'j3').some((q) => q.state === 'done')).toBe(false);
    expect(await s['job:cancel']({ jobId: 'j3' })).toEqual({ cancelled: false });
    expect(await s['portfolio:list'](undefined)).toEqual(before.list);
    expect(await s['portfolio:history']({ id: 'big' })).toEqual(before.history);
  }, 60_000);
});
