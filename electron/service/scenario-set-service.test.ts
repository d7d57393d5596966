/**
 * `scenario:run` through the service on a real SQLite file (demo seeded): a custom set run on the
 * open session's book equals the engine's stress runner on that book and the session's market (the
 * market editor's draft when one is open), each position's P&L included; bad sets are refused
 * naming the item; a set saved through `document:import` keeps its revisions.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PORTFOLIO_ID } from './demo-data';
import { seededServiceFixture } from './test-fixtures';
import { dispatch } from './dispatch';
import { runStress } from '../engine/margin/stress';

const service = seededServiceFixture('pmdesk-scenario-sets-');

const crash = {
  id: 'crash', name: 'Crash week', version: '1', smile: 'sticky-strike',
  scenarios: [
    { id: 's1', label: 'BTC −25 %, ETH −30 %, vols +50 %, 7 days later', shocks: { BTC: { move: -0.25, vol: { kind: 'relative', factor: 0.5 } }, ETH: { move: -0.3, vol: { kind: 'relative', factor: 0.5 } } }, defaultShock: { move: 0, vol: { kind: 'relative', factor: 0.5 } }, timeShiftDays: 7 },
    { id: 's2', label: 'rally', shocks: { BTC: { move: 0.15 } }, defaultShock: { move: 0.1 } },
  ],
};

describe('scenario:run', () => {
  it('runs a custom set on the open book at the session market: equal to the engine stress run, per position too', async () => {
    const s = service();
    const open = await s['session:open']({ portfolioId: DEMO_PORTFOLIO_ID });
    const market = (await s['market:get']({ id: open.context.marketId })).snapshot;
    const r = await s['scenario:run']({ sessionId: DEMO_PORTFOLIO_ID, scenarioSetText: JSON.stringify(crash) });
    expect(r).toEqual(runStress({ portfolio: open.portfolio, snapshot: market, scenarioSet: crash }));
    expect(r.scenarios.map((x) => x.id)).toEqual(['s1', 's2']);
    expect(r.scenarios[0]!.timeShiftDays).toBe(7);
    expect(r.scenarios[0]!.positions).toHaveLength(open.portfolio.positions.length);
    expect(Number(r.scenarios[0]!.pnlUsd)).not.toBe(Number(r.scenarios[1]!.pnlUsd));
  });

  it('runs at the market editor draft while one is open', async () => {
    const s = service();
    const open = await s['session:open']({ portfolioId: DEMO_PORTFOLIO_ID });
    const market = structuredClone((await s['market:get']({ id: open.context.marketId })).snapshot) as { underlyings: Record<string, { index: number }> };
    market.underlyings['BTC']!.index *= 1.05;
    await s['market:preview']({ sessionId: DEMO_PORTFOLIO_ID, marketId: open.context.marketId, snapshotText: JSON.stringify(market) });
    const r = await s['scenario:run']({ sessionId: DEMO_PORTFOLIO_ID, scenarioSetText: JSON.stringify(crash) });
    expect(r).toEqual(runStress({ portfolio: open.portfolio, snapshot: market, scenarioSet: crash }));
  });

  it('refuses a bad set naming the item, and an unknown session', async () => {
    const s = service();
    await s['session:open']({ portfolioId: DEMO_PORTFOLIO_ID });
    const bad = structuredClone(crash);
    (bad.scenarios[1]!.shocks.BTC as { move: number }).move = -1.2;
    const r = await dispatch(s, 'scenario:run', { sessionId: DEMO_PORTFOLIO_ID, scenarioSetText: JSON.stringify(bad) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('scenarioSet.scenarios[1].shocks.BTC.move: must be above -1');
    const nj = await dispatch(s, 'scenario:run', { sessionId: DEMO_PORTFOLIO_ID, scenarioSetText: '{' });
    expect(nj.ok).toBe(false);
    if (!nj.ok) expect(nj.error.message).toMatch(/not JSON/);
    const none = await dispatch(s, 'scenario:run', { sessionId: 'nobody', scenarioSetText: JSON.stringify(crash) });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/not found/);
    const empty = await dispatch(s, 'scenario:run', { sessionId: DEMO_PORTFOLIO_ID, scenarioSetText: '' });
    expect(empty.ok).toBe(false);
  });

  it('a set saved from the view is a scenario-set document with revisions', async () => {
    const s = service();
    const first = await s['document:import']({ kind: 'scenario-set', text: JSON.stringify(crash), name: 'Crash week' });
    expect(first.status).toBe('written');
    const id = first.document!.id;
    const next = structuredClone(crash);
    next.scenarios[1]!.label = 'rally harder';
    const second = await s['document:import']({ kind: 'scenario-set', id, text: JSON.stringify(next), name: 'Crash week', note: 'harder rally' });
    expect(second.document).toMatchObject({ id, revision: 2 });
    expect((await s['document:history']({ kind: 'scenario-set', id })).map((h) => h.revision)).toEqual([2, 1]);
    expect(JSON.parse((await s['document:export']({ kind: 'scenario-set', id })).text).scenarios[1].label).toBe('rally harder');
  });
});
