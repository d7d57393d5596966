import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketDataError } from './market-data-error';
import { MarketSnapshot, type MarketSnapshotData } from './market-snapshot';
import { evalMonotoneCubic, monotoneCubic } from './monotone-cubic';
import { marketSnapshotToJson, parseMarketSnapshot } from './snapshot-json';
import { MS_PER_YEAR, yearFraction } from './year-fraction';

const AS_OF = '2026-02-15T12:00:00Z';
const MAR27 = '2026-03-27T08:00:00Z';
const JUN26 = '2026-06-26T08:00:00Z';
const ms = (iso: string) => Date.parse(iso);

/** The product.md example, extended with a second expiry and a smile. */
const EXAMPLE = {
  asOf: AS_OF,
  underlyings: {
    ETH: {
      index: 1949.34,
      forwards: [{ expiry: MAR27, price: 1952.1 }, { expiry: JUN26, price: 1975.5 }],
      vols: [
        { expiry: MAR27, strike: 1600, vol: 0.78 }, { expiry: MAR27, strike: 2000, vol: 0.62 }, { expiry: MAR27, strike: 2400, vol: 0.66 },
        { expiry: JUN26, strike: 1600, vol: 0.7 }, { expiry: JUN26, strike: 2000, vol: 0.6 }, { expiry: JUN26, strike: 2400, vol: 0.63 },
      ],
    },
    BTC: { index: 60000 },
  },
  rates: { USD: 0.04 },
};

describe('year fraction', () => {
  it('is ACT/365 on epoch ms', () => {
    expect(MS_PER_YEAR).toBe(31_536_000_000);
    expect(yearFraction(ms('2026-01-01T08:00:00Z'), ms('2027-01-01T08:00:00Z'))).toBe(1);
    // Lyra test vector: 500,400 s → 0.015867579908675798 y (refdata black76_values.json)
    expect(yearFraction(0, 500_400_000)).toBe(0.015867579908675798);
  });
});

describe('parseMarketSnapshot', () => {
  const snap = parseMarketSnapshot(EXAMPLE);

  it('reads the product.md example', () => {
    const minimal = parseMarketSnapshot({ asOf: AS_OF, underlyings: { ETH: { index: 1949.34, forwards: [{ expiry: MAR27, price: 1952.1 }], vols: [{ expiry: MAR27, strike: 2000, vol: 0.62 }] } } });
    expect(minimal.asOfMs).toBe(ms(AS_OF));
    expect(minimal.underlyings()).toEqual(['ETH']);
    expect(minimal.index('ETH')).toBe(1949.34);
    expect(minimal.forward('ETH', ms(MAR27))).toBe(1952.1);
    expect(minimal.vol('ETH', ms(MAR27), 2000)).toBe(0.62);
    expect(minimal.vol('ETH', ms(MAR27), 5000)).toBe(0.62);
  });

  it('accepts decimal strings at the boundary', () => {
    const s = parseMarketSnapshot({ asOf: AS_OF, underlyings: { ETH: { index: '1949.34', forwards: [{ expiry: MAR27, price: '1952.1' }] } } });
    expect(s.index('ETH')).toBe(1949.34);
    expect(s.forward('ETH', ms(MAR27))).toBe(1952.1);
  });

  it('forward: quote at a quoted expiry, log-basis linear in time between, flat annualised basis after, index when empty', () => {
    expect(snap.forward('ETH', ms(JUN26))).toBe(1975.5);
    const t1 = snap.yearFraction(ms(MAR27)), t2 = snap.yearFraction(ms(JUN26));
    const y1 = Math.log(1952.1 / 1949.34), y2 = Math.log(1975.5 / 1949.34);
    const mid = ms('2026-05-01T08:00:00Z');
    const t = snap.yearFraction(mid);
    expect(snap.forward('ETH', mid)).toBeCloseTo(1949.34 * Math.exp(y1 + ((y2 - y1) * (t - t1)) / (t2 - t1)), 9);
    const early = ms('2026-03-01T08:00:00Z');
    expect(snap.forward('ETH', early)).toBeCloseTo(1949.34 * Math.exp((y1 * snap.yearFraction(early)) / t1), 9);
    const late = ms('2027-06-25T08:00:00Z');
    expect(snap.forward('ETH', late)).toBeCloseTo(1949.34 * Math.exp((y2 * snap.yearFraction(late)) / t2), 9);
    expect(snap.forward('BTC', ms(JUN26))).toBe(60000);
    expect(snap.forward('ETH', ms(AS_OF) - 1)).toBe(1949.34);
  });

  it('vol: exact at quotes, flat beyond the wings, linear in total variance across expiries', () => {
    expect(snap.vol('ETH', ms(MAR27), 1600)).toBe(0.78);
    expect(snap.vol('ETH', ms(MAR27), 2400)).toBe(0.66);
    expect(snap.vol('ETH', ms(MAR27), 100)).toBe(0.78);
    expect(snap.vol('ETH', ms(MAR27), 1e6)).toBe(0.66);
    const between = snap.vol('ETH', ms(MAR27), 1800);
    expect(between).toBeGreaterThan(0.62);
    expect(between).toBeLessThan(0.78);
    // Between expiries at the money-ish strike: w = σ²T linear in T at constant ln(K/F).
    const mid = ms('2026-05-01T08:00:00Z');
    const t = snap.yearFraction(mid), t1 = snap.yearFraction(ms(MAR27)), t2 = snap.yearFraction(ms(JUN26));
    const k = Math.log(2000 / snap.forward('ETH', mid));
    const v1 = snap.vol('ETH', ms(MAR27), snap.forward('ETH', ms(MAR27)) * Math.exp(k));
    const v2 = snap.vol('ETH', ms(JUN26), snap.forward('ETH', ms(JUN26)) * Math.exp(k));
    const w = v1 * v1 * t1 + ((v2 * v2 * t2 - v1 * v1 * t1) * (t - t1)) / (t2 - t1);
    expect(snap.vol('ETH', mid, 2000)).toBeCloseTo(Math.sqrt(w / t), 14);
    // Before the first and after the last expiry: the nearest smile at the same moneyness.
    const early = ms('2026-02-20T08:00:00Z');
    expect(snap.vol('ETH', early, 1600)).toBeCloseTo(snap.vol('ETH', ms(MAR27), snap.forward('ETH', ms(MAR27)) * (1600 / snap.forward('ETH', early))), 14);
  });

  it('flat smiles interpolate to the exact total-variance blend', () => {
    const s = MarketSnapshot.create({
      asOfMs: 0, underlyings: { XYZ: { index: 100, forwards: [], vols: [{ expiryMs: MS_PER_YEAR / 4, strike: 100, vol: 0.5 }, { expiryMs: MS_PER_YEAR, strike: 100, vol: 0.4 }] } },
    });
    const v = s.vol('XYZ', MS_PER_YEAR / 2, 120);
    expect(v).toBeCloseTo(Math.sqrt((0.25 * 0.25 + ((0.16 - 0.0625) * 0.25) / 0.75) / 0.5), 14);
  });

  it('a middle expiry returns its own quotes', () => {
    const three = parseMarketSnapshot({
      ...EXAMPLE,
      underlyings: { ETH: { ...EXAMPLE.underlyings.ETH, vols: [...EXAMPLE.underlyings.ETH.vols, { expiry: '2026-12-25T08:00:00Z', strike: 2000, vol: 0.58 }] } },
    });
    expect(three.vol('ETH', ms(JUN26), 1600)).toBe(0.7);
    expect(three.vol('ETH', ms(JUN26), 2400)).toBe(0.63);
    expect(three.volExpiries('ETH')).toEqual([ms(MAR27), ms(JUN26), ms('2026-12-25T08:00:00Z')]);
  });

  it('rates: per currency, 0 when absent', () => {
    expect(snap.rate('USD')).toBe(0.04);
    expect(snap.rate('BTC')).toBe(0);
  });

  it('round-trips through marketSnapshotToJson', () => {
    const json = marketSnapshotToJson(snap);
    const again = parseMarketSnapshot(JSON.parse(JSON.stringify(json)));
    expect(again.toData()).toEqual(snap.toData());
    expect(marketSnapshotToJson(again)).toEqual(json);
    expect(json.asOf).toBe(AS_OF);
  });

  it('unknown underlying and missing vols are named errors', () => {
    expect(() => snap.index('SOL')).toThrow(/no market data for underlying SOL/);
    expect(() => snap.vol('BTC', ms(MAR27), 60000)).toThrow(/no implied vols for BTC/);
    expect(snap.hasVols('ETH')).toBe(true);
    expect(snap.has('SOL')).toBe(false);
  });

  const clone = () => JSON.parse(JSON.stringify(EXAMPLE));
  it.each<[string, (j: typeof EXAMPLE) => void, RegExp]>([
    ['negative vol', (j) => { j.underlyings.ETH.vols[1].vol = -0.1; }, /underlyings\.ETH\.vols\[1\]\.vol: must be > 0/],
    ['vol expiry before asOf', (j) => { j.underlyings.ETH.vols[0].expiry = '2026-01-01T08:00:00Z'; }, /vols\[0\]\.expiry: is at or before asOf/],
    ['forward expiry before asOf', (j) => { j.underlyings.ETH.forwards[0].expiry = AS_OF; }, /forwards\[0\]\.expiry: is at or before asOf/],
    ['missing index', (j) => { delete (j.underlyings.BTC as { index?: number }).index; }, /underlyings\.BTC\.index: missing index/],
    ['zero index', (j) => { j.underlyings.BTC.index = 0; }, /underlyings\.BTC\.index/],
    ['negative forward', (j) => { j.underlyings.ETH.forwards[1].price = -5; }, /forwards\[1\]\.price: must be > 0/],
    ['zero strike', (j) => { j.underlyings.ETH.vols[2].strike = 0; }, /vols\[2\]\.strike/],
    ['duplicate strike', (j) => { j.underlyings.ETH.vols[1].strike = 1600; }, /duplicate strike 1600/],
    ['duplicate forward expiry', (j) => { j.underlyings.ETH.forwards[1].expiry = MAR27; }, /duplicate expiry/],
    ['unknown field', (j) => { (j.underlyings.ETH as Record<string, unknown>).skew = 1; }, /underlyings\.ETH\.skew: unknown field/],
    ['unknown root field', (j) => { (j as Record<string, unknown>).foo = 1; }, /^foo: unknown field/],
    ['bad asOf', (j) => { j.asOf = '15/02/2026'; }, /asOf: expected an ISO-8601 instant/],
    ['asOf without offset', (j) => { j.asOf = '2026-02-15T12:00:00'; }, /asOf/],
    ['non-numeric vol', (j) => { (j.underlyings.ETH.vols[0] as Record<string, unknown>).vol = '62%'; }, /vols\[0\]\.vol: not a decimal number/],
    ['bad underlying code', (j) => { (j.underlyings as Record<string, unknown>)['eth usd'] = { index: 1 }; }, /underlying must be an asset code/],
    ['vols not an array', (j) => { (j.underlyings.ETH as Record<string, unknown>).vols = {}; }, /vols: expected an array/],
    ['bad rate', (j) => { (j.rates as Record<string, unknown>).USD = 'x'; }, /rates\.USD/],
  ])('rejects %s', (_name, mutate, message) => {
    const j = clone();
    mutate(j);
    expect(() => parseMarketSnapshot(j)).toThrow(MarketDataError);
    expect(() => parseMarketSnapshot(j)).toThrow(message);
  });

  it('rejects non-objects', () => {
    expect(() => parseMarketSnapshot(null)).toThrow(MarketDataError);
    expect(() => parseMarketSnapshot([])).toThrow(/expected an object/);
    expect(() => parseMarketSnapshot({ asOf: AS_OF })).toThrow(/underlyings: is missing/);
  });
});

describe('monotone cubic smile interpolation', () => {
  const nodes = fc.uniqueArray(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 2, maxLength: 12, comparator: (a, b) => Math.abs(a - b) < 1e-6 })
    .chain((xs) => fc.tuple(fc.constant([...xs].sort((a, b) => a - b)), fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: xs.length, maxLength: xs.length })));

  it('is exact at nodes, never overshoots neighbouring nodes, flat outside', () => {
    fc.assert(fc.property(nodes, fc.double({ min: 0, max: 1, noNaN: true }), ([xs, ys], u) => {
      const f = monotoneCubic(xs, ys);
      xs.forEach((x, i) => expect(evalMonotoneCubic(f, x)).toBeCloseTo(ys[i], 12));
      for (let i = 0; i < xs.length - 1; i++) {
        const v = evalMonotoneCubic(f, xs[i] + u * (xs[i + 1] - xs[i]));
        expect(v).toBeGreaterThanOrEqual(Math.min(ys[i], ys[i + 1]) - 1e-12);
        expect(v).toBeLessThanOrEqual(Math.max(ys[i], ys[i + 1]) + 1e-12);
      }
      expect(evalMonotoneCubic(f, xs[0] - 1)).toBe(ys[0]);
      expect(evalMonotoneCubic(f, xs[xs.length - 1] + 1)).toBe(ys[ys.length - 1]);
    }));
  });

  it('is C¹: one-sided slopes agree at interior nodes and are 0 at the wings', () => {
    const f = monotoneCubic([0, 1, 2, 3], [0.8, 0.6, 0.65, 0.9]);
    const h = 1e-7;
    for (const x of [1, 2]) {
      const left = (evalMonotoneCubic(f, x) - evalMonotoneCubic(f, x - h)) / h;
      const right = (evalMonotoneCubic(f, x + h) - evalMonotoneCubic(f, x)) / h;
      expect(Math.abs(left - right)).toBeLessThan(1e-5);
    }
    expect(Math.abs((evalMonotoneCubic(f, h) - evalMonotoneCubic(f, 0)) / h)).toBeLessThan(1e-5);
  });
});

describe('MarketSnapshot.create', () => {
  it('validates plain data like the JSON loader', () => {
    const data: MarketSnapshotData = { asOfMs: 1000, underlyings: { BTC: { index: 60000, forwards: [{ expiryMs: 500, price: 61000 }], vols: [] } } };
    expect(() => MarketSnapshot.create(data)).toThrow(/forwards\[0\]\.expiry: is at or before asOf/);
    expect(() => MarketSnapshot.create({ asOfMs: Number.NaN, underlyings: {} })).toThrow(/asOf/);
  });
});
