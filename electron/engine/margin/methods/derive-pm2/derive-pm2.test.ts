import { describe, expect, it } from 'vitest';
import { flatMarket } from '../../flat-market';
import { ParamsError } from '../../params';
import { Dec } from '../../../money';
import { parseMarginInput } from '../../margin-input';
import { runMargin, toMarketView } from '../../registry';
import { runDerivePm2 } from './run-derive-pm2';
import { resolveDerivePm2Params } from './derive-pm2-params';
import { DERIVE_PM2_ID } from './id';
import { derivePm2Margin, Pm2UnitPrices, type Pm2Portfolio } from './pm2-kernel';

const AS_OF = Date.UTC(2026, 10, 24, 8);
const flat = (index: Record<string, number>, vol = 0.6) => flatMarket(AS_OF, index, vol);
const run = (positions: { instrument: string; size: string }[], params?: unknown) =>
  runMargin({ methodId: DERIVE_PM2_ID, portfolio: { name: 't', positions }, snapshot: flat({ ETH: 3000, BTC: 90000 }), params, account: false });

describe('derive-pm2', () => {
  it('hand-worked: 1 ETH linear perp at 3000', () => {
    // Regular worst: the −18 % scenario, 1 × (0.82 − 1) × 3000 = −540. Tails are dampened
    // (0.34: −1980 × 0.0545… = −108; 0.67: −990 × 0.109… = −108), skew scenarios move no
    // option, the basis contingency has no expiry: minSpan = −540.
    // MM = 0.8 × 540 + MM_PERP_PERCENT 0.015 × 3000 = 432 + 45 = 477.
    // IM = 1.0 × 540 + (IM_PERP_PERCENT 0.005 + 0.015) × 3000 = 540 + 60 = 600.
    const r = run([{ instrument: 'ETH_USDC-PERPETUAL', size: '1' }]);
    const usd = r.byCurrency.USD;
    expect(usd.initialMargin).toBe('600');
    expect(usd.maintenanceMargin).toBe('477');
    expect(usd.addOns).toEqual({ worstLoss: '540', optionContingency: '0', perpContingency: '60' });
    expect(usd.bindingScenario?.move).toBeCloseTo(-0.18, 12);
  });

  it('a position copied with a new size (what-if: {...p, size}) is listed and margined at that size, not its old text', () => {
    const market = toMarketView(flat({ ETH: 3000, BTC: 90000 }));
    const input = parseMarginInput({ name: 't', positions: [{ id: 'a', instrument: 'ETH_USDC-PERPETUAL', size: '1' }] });
    const copy = { ...input.positions[0], size: new Dec(2) };
    expect(copy.sizeText).toBe('1');
    const r = runDerivePm2({ input: { ...input, positions: [copy] }, market, account: false, marginal: true });
    const usd = r.byCurrency.USD;
    expect(usd.contributions.map((c) => c.size)).toEqual(['2']);
    // Twice the hand-worked 1 ETH perp above: IM 2 × 600.
    expect(usd.initialMargin).toBe('1200');
  });

  it('an inverse perpetual of S USD is S/index coins: same figures as the linear one', () => {
    const a = run([{ instrument: 'ETH-PERPETUAL', size: '3000' }]);
    expect(a.byCurrency.USD.initialMargin).toBe('600');
    expect(a.byCurrency.USD.maintenanceMargin).toBe('477');
  });

  it('IM ≥ MM ≥ 0, add-ons sum to IM, scaling by 2 doubles IM, an exact hedge is 0', () => {
    const book = [
      { instrument: 'ETH-25DEC26-3600-C', size: '-15' }, { instrument: 'ETH-25DEC26-3000-P', size: '8' },
      { instrument: 'BTC-29JAN27-80000-P', size: '-1.5' }, { instrument: 'ETH_USDC-PERPETUAL', size: '2.5' },
    ];
    const r = run(book);
    const u = r.byCurrency.USD;
    const im = Number(u.initialMargin), mm = Number(u.maintenanceMargin);
    expect(im).toBeGreaterThanOrEqual(mm);
    expect(mm).toBeGreaterThan(0);
    expect(Object.values(u.addOns).reduce((a, x) => a + Number(x), 0)).toBeCloseTo(im, 6);
    const r2 = run(book.map((p) => ({ ...p, size: String(2 * Number(p.size)) })));
    expect(Number(r2.byCurrency.USD.initialMargin)).toBeCloseTo(2 * im, 5);
    const hedged = run([...book, ...book.map((p) => ({ instrument: p.instrument, size: String(-Number(p.size)) }))]);
    expect(Number(hedged.byCurrency.USD.initialMargin)).toBeCloseTo(0, 9);
  });

  it('positions in one instrument are one Derive option: three −1 rows margin as one −3 row', () => {
    const one = run([{ instrument: 'ETH-25DEC26-3000-P', size: '-3' }]).byCurrency.USD;
    const three = run([1, 2, 3].map(() => ({ instrument: 'ETH-25DEC26-3000-P', size: '-1' }))).byCurrency.USD;
    expect(three.initialMargin).toBe(one.initialMargin);
    expect(three.addOns.optionContingency).toBe(one.addOns.optionContingency);
    for (const c of three.contributions) expect(Number(c.pnlInBinding)).toBeCloseTo(Number(one.contributions[0].pnlInBinding) / 3, 5);
  });

  it('the kernel nets calls and puts of one strike pairwise (long call hedges short put of the strike)', () => {
    const p = resolveDerivePm2Params();
    const base = { spot: 3000, stablePrice: 1, cash: 0, perpPosition: 0, perpPrice: 3000, perpValue: 0 };
    const e = { secToExpiry: 30 * 86400, forwardVariable: 3000, forwardFixed: 0, rate: 0 };
    const r = derivePm2Margin({ ...base, expiries: [{ ...e, options: [{ strike: 3000, isCall: true, vol: 0.6, amount: 1 }, { strike: 3000, isCall: false, vol: 0.6, amount: -1 }] }] }, p);
    expect(r.expiries[0].nakedShorts).toBe(0);
    const s = derivePm2Margin({ ...base, expiries: [{ ...e, options: [{ strike: 3000, isCall: false, vol: 0.6, amount: -2 }] }] }, p);
    // 2 naked shorts × 3000 × MM_OPTION_PERCENT 0.003 = 18.
    expect(s.contingency.mmOption).toBeCloseTo(18, 12);
  });

  it('a bad parameter set reports every bad field at once', () => {
    try {
      resolveDerivePm2Params({ Margin: { MM_LOSS_FACTOR: 0.05, IM_LOSS_FACTOR: 'x' }, VolShock: { DTE_FLOOR: 0 }, Scenarios: [{ SpotShock: -1, VolShockDirection: 'Sideways', DampeningFactor: 1 }], Nope: {} });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamsError);
      const pr = (e as ParamsError).problems.join('\n');
      for (const f of ['Margin.MM_LOSS_FACTOR', 'Margin.IM_LOSS_FACTOR', 'VolShock.DTE_FLOOR', 'Scenarios[0].SpotShock', 'Scenarios[0].VolShockDirection', 'Nope']) expect(pr).toContain(f);
    }
  });

  it('a partial parameter set overrides field by field and renames the set', () => {
    const p = resolveDerivePm2Params({ Margin: { MM_LOSS_FACTOR: 0.5 } });
    expect(p.Margin.MM_LOSS_FACTOR).toBe(0.5);
    expect(p.Margin.IM_LOSS_FACTOR).toBe(1);
    expect(p.Scenarios).toHaveLength(31);
    expect(p.name).toMatch(/edited/);
    const r = run([{ instrument: 'ETH_USDC-PERPETUAL', size: '1' }], { Margin: { MM_LOSS_FACTOR: 0.5 } });
    // 0.5 × 540 + 45 = 315.
    expect(r.byCurrency.USD.maintenanceMargin).toBe('315');
  });

  it('kept unit values (a session\'s Pm2UnitPrices) give the kernel\'s figures and one-option P&L bit for bit', () => {
    const p = resolveDerivePm2Params();
    const pf: Pm2Portfolio = {
      spot: 3000, stablePrice: 1, cash: 0, perpPosition: 0.7, perpPrice: 3000, perpValue: 0,
      expiries: [7, 45, 200].map((d, k) => ({
        secToExpiry: d * 86400, forwardVariable: 3000 * (1 + 0.001 * d), forwardFixed: 0, rate: 0.03 * k, label: `e${k}`,
        options: [2400, 2900, 3000, 3300, 4200].flatMap((K, j) => [true, false].map((isCall) => ({ strike: K, isCall, vol: 0.5 + 0.03 * j + 0.01 * k, amount: (isCall ? 1 : -1) * (j + 1) * 0.7, label: `o${k}-${K}-${isCall}` }))),
      })),
    };
    const units = new Pm2UnitPrices(p);
    const plain = derivePm2Margin(pf, p);
    const first = derivePm2Margin(pf, p, units);
    const again = derivePm2Margin(pf, p, units);
    expect(JSON.stringify(first)).toBe(JSON.stringify(plain));
    expect(JSON.stringify(again)).toBe(JSON.stringify(plain));
    const flat = { ...p, Margin: { ...p.Margin, BASE_STATIC_DISCOUNT: 1, BASE_STATIC_DISCOUNT_NEG: 1, LONG_RATE_ADDSCALE: 0, SHORT_RATE_ADDSCALE: 0, LONG_RATE_MULTSCALE: 0, SHORT_RATE_MULTSCALE: 0 } };
    for (const e of pf.expiries) {
      for (const o of e.options) {
        for (const s of p.Scenarios) {
          const one: Pm2Portfolio = { ...pf, perpPosition: 0, perpGross: 0, expiries: [{ ...e, options: [{ ...o, amount: -2.5 }] }] };
          const want = derivePm2Margin(one, { ...flat, Scenarios: [s] }).scenarios[0].pnl;
          expect(Object.is(units.onePnl(o.label!, s, -2.5), want), `${o.label} ${JSON.stringify(s)}`).toBe(true);
        }
      }
    }
  });

  it('kept expiry figures (a session edits amounts in place, perp legs anew) equal the kernel\'s fresh figures bit for bit', () => {
    const p = resolveDerivePm2Params();
    let pf: Pm2Portfolio = {
      spot: 3000, stablePrice: 1, cash: 0, perpPosition: 0.7, perpPrice: 3000, perpValue: 0,
      expiries: [7, 45, 200].map((d, k) => ({
        secToExpiry: d * 86400, forwardVariable: 3000 * (1 + 0.001 * d), forwardFixed: 0, rate: 0.03 * k, label: `e${k}`,
        options: [2400, 2900, 3000, 3300].flatMap((K, j) => [true, false].map((isCall) => ({ strike: K, isCall, vol: 0.5 + 0.03 * j, amount: (isCall ? 1 : -1) * (j + 1) * 0.7, label: `o${k}-${K}-${isCall}` }))),
      })),
    };
    const units = new Pm2UnitPrices(p);
    const fresh = () => JSON.stringify(derivePm2Margin(structuredClone(pf), p));
    expect(JSON.stringify(derivePm2Margin(pf, p, units))).toBe(fresh());
    const edits: [number, number, number][] = [[1, 3, -4.25], [0, 0, 0], [1, 3, 2], [2, 7, -0.1], [0, 0, 1.5]];
    for (const [e, o, amount] of edits) {
      pf.expiries[e].options[o].amount = amount;
      expect(JSON.stringify(derivePm2Margin(pf, p, units)), `expiry ${e} option ${o} → ${amount}`).toBe(fresh());
    }
    pf = { ...pf, perpPosition: -1.3 };
    expect(JSON.stringify(derivePm2Margin(pf, p, units))).toBe(fresh());
  });
});
