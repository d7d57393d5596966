/**
 * The analysis channels on the bundled demo book: a grid cell's position P&L sums to the method's
 * own vector entry, the heatmap's unshifted cell equals a plain run of every method, and the
 * payoff's today curve is zero at today's index and matches a directly shifted re-valuation.
 */
import { describe, expect, it } from 'vitest';
import demoPortfolio from '../demo/demo-portfolio.json';
import demoMarket from '../demo/demo-market.json';
import { runMargin, marginMethodList } from '../../engine/margin/registry';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import { createAnalysisService } from './analysis-service';
import { marketMovedTo } from './market-shift';

const portfolio = demoPortfolio as unknown as PortfolioDto;
const store = {
  marketSnapshots: {
    list: () => [],
    get: (id: string) => (id === 'm1' ? { id, name: 'demo', revision: 1, json: demoMarket as unknown } : undefined),
    save: () => ({ id: 'x', revision: 1 }),
  },
  parameterSets: { get: () => undefined },
};
const sut = createAnalysisService(store);
const TOLERANCE = 1e-9;

describe('analysis:scenario-pnl', () => {
  it('sums each group\'s position P&L to the pre-aggregated entry of every cell of deribit-pm', () => {
    const r = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: demoMarket, account: false, marginal: false });
    const groups = Object.values(r.byCurrency).flatMap((c) => c.groups);
    expect(groups.length).toBeGreaterThan(0);
    for (const id of ['std-1-up', 'std-5-same', 'std-9-down', 'ext-1']) {
      const pnl = sut['analysis:scenario-pnl']({ portfolio, marketId: 'm1', methodId: 'deribit-pm', scenarioId: id });
      for (const g of groups) {
        const entry = g.vector.find((e) => e.id === id)!;
        const sum = pnl.positions.filter((p) => p.group === g.key).reduce((a, p) => a + Number(p.pnl), 0);
        expect(Math.abs(sum - Number(entry.preAggregated))).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(Number(entry.preAggregated))));
        expect(Number(pnl.groups.find((x) => x.group === g.key)!.pnl)).toBeCloseTo(Number(entry.preAggregated), 9);
      }
    }
  });
  it('refuses a method without a grid, naming it', () => {
    expect(() => sut['analysis:scenario-pnl']({ portfolio, marketId: 'm1', methodId: 'deribit-sm', scenarioId: 'std-1-up' })).toThrow(/deribit-sm.*no scenario grid/);
  });
});

describe('analysis:margin-heatmap', () => {
  it('gives every listed method\'s plain-run IM at the unshifted cell, and a plain run on the shifted snapshot elsewhere', () => {
    const methods = marginMethodList().map((m) => m.id);
    const h = sut['analysis:margin-heatmap']({ portfolio, marketId: 'm1', methods, moves: [-0.1, 0, 0.1], volShifts: [0, 0.2] });
    expect(h.cells).toHaveLength(6);
    const base = h.cells.find((c) => c.move === 0 && c.volShift === 0)!;
    for (const m of base.methods) {
      const plain = runMargin({ methodId: m.methodId, portfolio, snapshot: demoMarket, account: false, marginal: false });
      expect(m).toMatchObject({ ok: true, initialMarginUsd: plain.totals.initialMarginUsd });
    }
    const cell = h.cells.find((c) => c.move === -0.1 && c.volShift === 0.2)!;
    const shifted = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: marketMovedTo(demoMarket, { move: -0.1, volShift: 0.2 }), account: false, marginal: false });
    expect(cell.methods.find((m) => m.methodId === 'deribit-pm')).toMatchObject({ ok: true, initialMarginUsd: shifted.totals.initialMarginUsd });
    const plainPm = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: demoMarket, account: false, marginal: false });
    expect(shifted.totals.initialMarginUsd).not.toBe(plainPm.totals.initialMarginUsd);
  });
});

describe('analysis:payoff', () => {
  it('is zero at today\'s index today, adds a curve per expiry, and moves with the price', () => {
    const p = sut['analysis:payoff']({ portfolio, marketId: 'm1', underlying: 'BTC', lowerMove: -0.5, upperMove: 0.5, points: 11 });
    expect(p.prices).toHaveLength(11);
    expect(p.prices[5]).toBeCloseTo(p.index, 6);
    expect(p.curves[0].label).toBe('today');
    expect(Math.abs(p.curves[0].pnlUsd[5])).toBeLessThan(1e-6);
    expect(p.curves.length).toBeGreaterThan(1);
    expect(p.curves.slice(1).every((c) => c.days > 0)).toBe(true);
    expect(new Set(p.curves[0].pnlUsd.map((x) => Math.round(x))).size).toBeGreaterThan(2);
  });
  it('refuses an underlying the book does not hold', () => {
    expect(() => sut['analysis:payoff']({ portfolio, marketId: 'm1', underlying: 'DOGE', lowerMove: -0.1, upperMove: 0.1, points: 3 })).toThrow(/nothing on DOGE/);
  });
});

describe('analysis:sweep', () => {
  const base = { portfolio, marketId: 'm1', methods: marginMethodList().map((m) => m.id) };
  it('answers the engine sweep for every method that has the parameter; each point is a plain run at that value', () => {
    const r = sut['analysis:sweep']({ ...base, param: 'usdDecimals', from: '2', to: '6', steps: 3 });
    expect(r.values).toEqual(['2', '4', '6']);
    expect(r.methods.length + r.skipped.length).toBe(base.methods.length);
    for (const m of r.methods) {
      if (!m.ok) throw new Error(m.error);
      for (const p of m.points) {
        const plain = runMargin({ methodId: m.methodId, portfolio, snapshot: demoMarket, params: { usdDecimals: Number(p.value) }, account: false, marginal: false });
        expect(p.initialMarginUsd, `${m.methodId} at ${p.value}`).toBe(plain.totals.initialMarginUsd);
      }
    }
  });
  it('refuses a value past the bound naming the parameter and the bound, and an unknown market', () => {
    expect(() => sut['analysis:sweep']({ ...base, param: 'usdDecimals', from: '0', to: '19', steps: 2 })).toThrow(/usdDecimals \(.*\): 19 is outside an integer in 0\.\.18/);
    expect(() => sut['analysis:sweep']({ ...base, marketId: 'nope', param: 'usdDecimals', from: '2', to: '3', steps: 2 })).toThrow(/market snapshot nope/);
  });
});
