import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { parsePath, pathMatches, withParamAt } from './numeric-params';
import { ParamsError } from './params';
import { MARGIN_METHODS, runMargin } from './registry';
import { runSweep, sweepValues } from './sweep';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoPortfolio from '../../service/demo/demo-portfolio.json';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoMarket from '../../service/demo/demo-market.json';

const PORTFOLIO = { name: demoPortfolio.name, balances: demoPortfolio.balances, positions: demoPortfolio.positions.map((q, i) => ({ id: `p${i + 1}`, instrument: q.instrument, size: q.size })) };
const MARKET: unknown = demoMarket;

/** The value of `path` in `root` (the resolved defaults). */
function valueAt(root: unknown, path: string): unknown {
  let x = root;
  for (const s of parsePath(path)) x = (x as Record<string | number, unknown>)?.[s];
  return x;
}

/** A fresh run of `methodId` with `path` set to `value` over the defaults: what each sweep point must equal. */
function fresh(methodId: string, path: string, value: string) {
  const m = MARGIN_METHODS[methodId];
  const r = runMargin({ methodId, portfolio: PORTFOLIO, snapshot: MARKET, params: withParamAt(undefined, m.parseParams(undefined), path, Number(value)), account: false, marginal: false });
  return { im: r.totals.initialMarginUsd, mm: r.totals.maintenanceMarginUsd, byCurrency: Object.fromEntries(Object.entries(r.byCurrency).map(([c, x]) => [c, { initialMargin: x.initialMargin, maintenanceMargin: x.maintenanceMargin }])) };
}

/** Risk-array sets a one-point sweep prices (what every later point of an aggregation-only sweep must add: nothing). */
function pricedAtOnePoint(methodId: string, path: string, value: string): number {
  const m = runSweep({ methodIds: [methodId], portfolio: PORTFOLIO, snapshot: MARKET, param: path, from: value, to: value, steps: 1 }).methods[0];
  return m.ok ? m.scenarioBuilds : -1;
}

function expectFresh(methodId: string, path: string, from: string, to: string, steps: number) {
  const r = runSweep({ methodIds: [methodId], portfolio: PORTFOLIO, snapshot: MARKET, param: path, from, to, steps });
  const m = r.methods[0];
  if (!m.ok) throw new Error(m.error);
  expect(m.points).toHaveLength(steps);
  for (const p of m.points) {
    const f = fresh(methodId, path, p.value);
    expect({ im: p.initialMarginUsd, mm: p.maintenanceMarginUsd, byCurrency: p.byCurrency }, `${methodId} ${path} = ${p.value}`).toEqual(f);
  }
  return m;
}

describe('sweep values', () => {
  it('are exact decimals from `from` to `to`, both ends included', () => {
    // 0.10 → 0.25 in 16 steps: (0.25 − 0.10)/15 = 0.01 apart.
    expect(sweepValues(new Dec('0.10'), new Dec('0.25'), 16).map((d) => d.toFixed())).toEqual(Array.from({ length: 16 }, (_, i) => new Dec(10 + i).div(100).toFixed()));
    // 0 → 1 in 4 steps: thirds, the last exactly 1.
    const v = sweepValues(new Dec(0), new Dec(1), 4);
    expect(v[3].toFixed()).toBe('1');
    expect(v[1].times(3).toDecimalPlaces(30).toFixed()).toBe('1');
  });
  it('refuses a step count outside 1..1000, and 1 step over a range', () => {
    expect(() => sweepValues(new Dec(0), new Dec(1), 0)).toThrow(/steps: 0/);
    expect(() => sweepValues(new Dec(0), new Dec(1), 2.5)).toThrow(/steps/);
    expect(() => sweepValues(new Dec(0), new Dec(1), 1001)).toThrow(/1\.\.1000/);
    expect(() => sweepValues(new Dec(0), new Dec(1), 1)).toThrow(/from = to/);
  });
});

describe('parameter paths', () => {
  it('match declared patterns with <name> segments and list indices', () => {
    expect(pathMatches('currency_pair.<pair>.price_range', 'currency_pair.btc_usd.price_range')).toBe(true);
    expect(pathMatches('currency_pair.<pair>.price_range', 'currency_pair.btc_usd.m_inc')).toBe(false);
    expect(pathMatches('scanPoints[<i>].weight', 'scanPoints[14].weight')).toBe(true);
    expect(parsePath('groups.btcEth.mr1.moves[0]')).toEqual(['groups', 'btcEth', 'mr1', 'moves', 0]);
    for (const bad of ['', 'a..b', '.a', 'a.', 'a[x]', 'a[1', 'a]']) expect(() => parsePath(bad), bad).toThrow(ParamsError);
  });
  it('set a value over a parameter set, taking a missing block whole from the resolved set', () => {
    // TIMS needs a product class given whole: "down" alone over the defaults keeps "up".
    const tims = MARGIN_METHODS['tims'];
    const json = withParamAt({ name: 'x' }, tims.parseParams(undefined), 'productClasses.other.down', 0.2);
    expect(json.name).toBe('x');
    expect((json.productClasses as Record<string, unknown>).other).toEqual({ down: 0.2, up: 0.15 });
    expect(() => tims.parseParams(json)).not.toThrow();
  });
});

describe('runSweep', () => {
  it('an aggregation parameter (deribit-pm mm_factor) prices the scenarios once; each point equals a fresh run', () => {
    const m = expectFresh('deribit-pm', 'general.mm_factor', '0.5', '0.9', 5);
    expect(m.scenarioBuilds).toBe(1);
    expect(m.scenarioReuses).toBe(4);
    // IM does not depend on mm_factor; MM = IM × factor, rounded per currency.
    expect(new Set(m.points.map((p) => p.initialMarginUsd)).size).toBe(1);
  });
  it('a scenario parameter (price_range 0.10 → 0.25 in 16 steps) prices the first point and, once, the other points\' grids together; each point equals a fresh run', () => {
    const m = expectFresh('deribit-pm', 'currency_pair.btc_usd.price_range', '0.10', '0.25', 16);
    // The book at the first point, then BTC's instruments over the union of the other 15 grids (GridUnion).
    expect(m.scenarioBuilds).toBe(2);
    expect(m.scenarioReuses).toBe(0);
    // A wider range can only raise the worst case of this book here (IM rises point by point).
    const im = m.points.map((p) => Number(p.initialMarginUsd));
    for (let i = 1; i < im.length; i++) expect(im[i]).toBeGreaterThan(im[i - 1]);
  });
  it('re-gridding keeps the rows of underlyings whose grid is unchanged, in cross mode too (ETH rows kept, BTC re-priced)', () => {
    for (const id of Object.keys(MARGIN_METHODS).filter((k) => MARGIN_METHODS[k].sweeper)) {
      expectFresh(id, 'currency_pair.btc_usd.price_range', '0.05', '0.3', 4);
      expectFresh(id, 'currency_pair.eth_usd.volatility_range_up', '0.2', '0.9', 3);
      // A new scenario count is a fresh build per point.
      expectFresh(id, 'general.buckets_count', '2', '6', 3);
    }
  });
  it('every declared parameter of every method sweeps at its default value and equals a fresh run', () => {
    for (const m of Object.values(MARGIN_METHODS)) {
      for (const p of m.numericParams) {
        const def = valueAt(m.parseParams(undefined), p.example);
        if (typeof def !== 'number') continue; // a field the defaults leave to a fallback
        const m2 = expectFresh(m.id, p.example, String(def), String(def), 2);
        // The same value twice: the second point prices nothing (as many builds as one point, and a reuse).
        expect(m2.scenarioBuilds, `${m.id} ${p.example}`).toBe(pricedAtOnePoint(m.id, p.example, String(def)));
        if (m2.scenarioBuilds > 0) expect(m2.scenarioReuses, `${m.id} ${p.example}`).toBeGreaterThan(0);
      }
    }
  });
  it('aggregation-only parameters of span, tims, okx-pm, hvar and derive-pm2 reuse the built book', () => {
    for (const [id, path, a, b] of [['span', 'combinedCommodities.*.shortOptionMinimum', '0', '0.1'], ['tims', 'perUnitMinimum', '0', '2'], ['okx-pm', 'imFactor', '1', '2'], ['hvar', 'confidence', '0.9', '0.995'], ['derive-pm2', 'Margin.IM_LOSS_FACTOR', '1', '2']] as const) {
      const m = expectFresh(id, path, a, b, 3);
      expect(m.scenarioBuilds, id).toBe(pricedAtOnePoint(id, path, a));
      expect(m.scenarioReuses, id).toBeGreaterThanOrEqual(2);
    }
  });
  it('runs every method that has the parameter and lists the others as skipped', () => {
    const r = runSweep({ methodIds: Object.keys(MARGIN_METHODS), portfolio: PORTFOLIO, snapshot: MARKET, param: 'usdDecimals', from: '2', to: '6', steps: 3 });
    const having = Object.values(MARGIN_METHODS).filter((m) => m.numericParams.some((p) => p.path === 'usdDecimals')).map((m) => m.id);
    expect(r.methods.map((m) => m.methodId)).toEqual(having);
    expect(r.skipped.map((s) => s.methodId).sort()).toEqual(Object.keys(MARGIN_METHODS).filter((id) => !having.includes(id)).sort());
    expect(r.values).toEqual(['2', '4', '6']);
  });
  it('refuses a value outside the bound, naming the parameter and the bound', () => {
    const base = { methodIds: ['deribit-pm'], portfolio: PORTFOLIO, snapshot: MARKET, param: 'currency_pair.btc_usd.price_range', steps: 3 };
    expect(() => runSweep({ ...base, from: '0', to: '0.2' })).toThrow('currency_pair.btc_usd.price_range: 0 is outside (0, 1)');
    expect(() => runSweep({ ...base, from: '0.1', to: '1' })).toThrow('currency_pair.btc_usd.price_range: 1 is outside (0, 1)');
    for (const bad of ['NaN', '1e400', '0x10', '', ' 0.1', 'Infinity', '1,5']) expect(() => runSweep({ ...base, from: bad, to: '0.2' }), bad).toThrow(/currency_pair\.btc_usd\.price_range/);
  });
  it('refuses integer parameters at a non-integer point, and cross-field rules name the value', () => {
    expect(() => runSweep({ methodIds: ['deribit-pm'], portfolio: PORTFOLIO, snapshot: MARKET, param: 'general.buckets_count', from: '1', to: '4', steps: 3 })).toThrow(/general\.buckets_count: 2\.5 is outside an integer in 1\.\.50/);
    // TIMS valuation points must be even: 2 → 6 in 3 steps meets 4 (fine); 2 → 8 in 3 steps meets 5.
    expect(() => runSweep({ methodIds: ['tims'], portfolio: PORTFOLIO, snapshot: MARKET, param: 'valuationPoints', from: '2', to: '8', steps: 3 })).toThrow(/valuationPoints = 5: valuationPoints: must be even/);
  });
  it('sweeps over a given base set, and refuses a base that is a file\'s text', () => {
    const r = runSweep({ methodIds: ['tims'], portfolio: PORTFOLIO, snapshot: MARKET, params: { tims: { perUnitMinimum: 5 } }, param: 'productClasses.other.down', from: '0.1', to: '0.2', steps: 2 });
    const m = r.methods[0];
    if (!m.ok) throw new Error(m.error);
    const plain = runMargin({ methodId: 'tims', portfolio: PORTFOLIO, snapshot: MARKET, params: { perUnitMinimum: 5, productClasses: { other: { down: 0.2, up: 0.15 } } }, account: false, marginal: false });
    expect(m.points[1].initialMarginUsd).toBe(plain.totals.initialMarginUsd);
    expect(() => runSweep({ methodIds: ['span'], portfolio: PORTFOLIO, snapshot: MARKET, params: { span: '<spanFile/>' }, param: 'usdDecimals', from: '2', to: '3', steps: 2 })).toThrow(/parameters of span: .*a file's text/);
    expect(() => runSweep({ methodIds: ['tims'], portfolio: PORTFOLIO, snapshot: MARKET, params: { tims: { perUnitMinimum: -1 } }, param: 'usdDecimals', from: '2', to: '3', steps: 2 })).toThrow(/perUnitMinimum/);
  });
  it('refuses an unknown parameter listing what the methods have, and an unknown method', () => {
    expect(() => runSweep({ methodIds: ['tims'], portfolio: PORTFOLIO, snapshot: MARKET, param: 'general.mm_factor', from: '0.5', to: '0.6', steps: 2 })).toThrow(/general\.mm_factor: no requested method has this numeric parameter \(tims: valuationPoints/);
    expect(() => runSweep({ methodIds: ['nope'], portfolio: PORTFOLIO, snapshot: MARKET, param: 'x', from: '0', to: '1', steps: 2 })).toThrow(/unknown margin method "nope"/);
  });
});
