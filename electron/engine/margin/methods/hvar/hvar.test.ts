import { describe, expect, it } from 'vitest';
import { flatMarket } from '../../flat-market';
import { ParamsError } from '../../params';
import { runMargin } from '../../registry';
import { HVAR_ID } from './id';
import { resolveHvarParams } from './hvar-params';
import { volScaled } from './scenario-template';
import { syntheticMarket, syntheticPositions } from '../../synthetic-book';
import { shiftedMarket } from '../../account-view';
import { parseMarginInput } from '../../margin-input';
import { Dec } from '../../../money';
import { hvarMethod } from '.';
import { usdEquity } from '../../usd-account';

const AS_OF = Date.UTC(2026, 10, 24, 8);
const flat = (index: Record<string, number>, vol = 0.5, asOf = AS_OF) => flatMarket(asOf, index, vol);
const run = (positions: { instrument: string; size: string }[], params?: unknown, m = flat({ BTC: 100_000, ETH: 4000 }), account = false) =>
  runMargin({ methodId: HVAR_ID, portfolio: { name: 't', positions }, snapshot: m, params, account });

/**
 * Six BTC closes, five daily returns: 110/100 − 1 = +10 %, 99/110 − 1 = −10 %, 103.95/99 − 1 = +5 %,
 * 95.634/103.95 − 1 = −8 %, 97.54668/95.634 − 1 = +2 %. (The ETH column, a day short, shows the
 * skipped date when a book holds ETH.)
 */
const FIVE_DAYS = {
  name: 'five days',
  csv: [
    'date,symbol,close',
    '2026-11-18,BTC,100', '2026-11-19,BTC,110', '2026-11-20,BTC,99', '2026-11-21,BTC,103.95', '2026-11-22,BTC,95.634', '2026-11-23,BTC,97.54668',
    '2026-11-25,BTC,1000', // after the as-of day: ignored
  ],
};
const LONG_BTC = [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }];

describe('hvar', () => {
  it('hand-worked: 1 BTC linear perpetual at 100,000, 5 days, 70 % ES', () => {
    // P&L = 1 × 100,000 × move: +10,000, −10,000, +5,000, −8,000, +2,000.
    // Losses from the largest: 10,000 (11-20), 8,000 (11-22), −2,000, −5,000, −10,000.
    // τ = 5 × (1 − 0.7) = 1.5, w = 1: VaR = L_(2) = 8,000; ES = (10,000 + 0.5 × 8,000) / 1.5 = 9,333.333333.
    // IM = ES; MM = 0.8 × 9,333.333333 = 7,466.6666664 → 7,466.666666; add-ons 8,000 + 1,333.333333.
    const r = run(LONG_BTC, { history: FIVE_DAYS, windowDays: 5, confidence: 0.7, maintenanceToInitial: 0.8 });
    const u = r.byCurrency.USD;
    expect(u.initialMargin).toBe('9333.333333');
    expect(u.maintenanceMargin).toBe('7466.666666');
    expect(u.addOns).toEqual({ valueAtRisk: '8000', tailExcess: '1333.333333' });
    expect(u.bindingScenario?.id).toBe(`${HVAR_ID}-2026-11-22`);
    expect(u.bindingScenario?.move).toBeCloseTo(-0.08, 12);
    expect(u.vector.map((e) => Number(e.aggregated))).toEqual([10000, -10000, 5000, -8000, 2000].map((x) => expect.closeTo(x, 6)));
    expect(u.contributions[0].pnlInBinding).toBe('-8000');
    // The notes name the worst days, largest loss first.
    const worst = r.notes.find((n) => n.startsWith('Worst days'))!;
    expect(worst).toMatch(/1\. 2026-11-20 \(BTC -10%\): loss 10,000; 2\. 2026-11-22 \(BTC -8%\): loss 8,000/);
    expect(r.notes.some((n) => n.includes('1 date(s) after the as-of day ignored'))).toBe(true);
    expect(r.notes.some((n) => n.includes('VaR 8,000: the 2nd largest loss, 2026-11-22'))).toBe(true);
  });

  it('hand-worked: the same history as VaR, and at 80 % (τ = 1: VaR = 2nd largest, ES = largest)', () => {
    // τ = 5 × 0.2 = 1, w = 1: VaR = L_(2) = 8,000; ES = L_(1) = 10,000.
    const p = { history: FIVE_DAYS, windowDays: 5, confidence: 0.8 };
    expect(run(LONG_BTC, p).byCurrency.USD.initialMargin).toBe('10000');
    const v = run(LONG_BTC, { ...p, measure: 'value-at-risk' }).byCurrency.USD;
    expect(v.initialMargin).toBe('8000');
    expect(v.addOns).toEqual({ valueAtRisk: '8000' });
    // A short position loses on the up days: losses 10,000 (11-19), 5,000, 2,000, … → VaR 5,000.
    expect(run([{ instrument: 'BTC_USDC-PERPETUAL', size: '-1' }], { ...p, measure: 'value-at-risk' }).byCurrency.USD.initialMargin).toBe('5000');
  });

  it('hand-worked 2-day horizons, overlapping and not', () => {
    // Overlapping, 4 periods: 99/100 − 1 = −1 %, 103.95/110 − 1 = −5.5 %, 95.634/99 − 1 = −3.4 %,
    // 97.54668/103.95 − 1 = −6.16 %: losses 1,000, 5,500, 3,400, 6,160. At 75 %: τ = 1, VaR = 5,500, ES = 6,160.
    const o = run(LONG_BTC, { history: FIVE_DAYS, windowDays: 5, horizonDays: 2, confidence: 0.75 }).byCurrency.USD;
    expect(o.vector).toHaveLength(4);
    expect(Number(o.initialMargin)).toBeCloseTo(6160, 6);
    expect(Number(o.addOns.valueAtRisk)).toBeCloseTo(5500, 6);
    expect(o.vector[0].label).toBe('2026-11-18→2026-11-20 (BTC -1%)');
    // Non-overlapping, anchored at the last day: 11-21→11-23 (−6.16 %) and 11-19→11-21 (−5.5 %);
    // ⌊5/2⌋ = 2 periods. At 50 %: τ = 1, VaR = 5,500, ES = 6,160.
    const n = run(LONG_BTC, { history: FIVE_DAYS, windowDays: 5, horizonDays: 2, sampling: 'non-overlapping', confidence: 0.5 }).byCurrency.USD;
    expect(n.vector.map((e) => e.id)).toEqual([`${HVAR_ID}-2026-11-21`, `${HVAR_ID}-2026-11-23`]);
    expect(Number(n.initialMargin)).toBeCloseTo(6160, 6);
    expect(Number(n.addOns.valueAtRisk)).toBeCloseTo(5500, 6);
  });

  it('hand-worked EWMA vol scaling (λ = 0.5)', () => {
    // r = [0.1, −0.1, 0.05, −0.08, 0.02]; seed: the first ⌈1/(1 − 0.5)⌉ = 2 squared returns, σ²_0 = 0.01.
    // σ² per day: 0.01, 0.01, 0.01, 0.5·0.01 + 0.5·0.0025 = 0.00625, 0.5·0.00625 + 0.5·0.0064 = 0.006325;
    // σ²_now = 0.5·0.006325 + 0.5·0.0004 = 0.0033625. r*_t = r_t · σ_now / σ_t.
    const r = volScaled(Float64Array.from([0.1, -0.1, 0.05, -0.08, 0.02]), 0.5);
    const now = Math.sqrt(0.0033625);
    const sig = [0.1, 0.1, 0.1, Math.sqrt(0.00625), Math.sqrt(0.006325)];
    [0.1, -0.1, 0.05, -0.08, 0.02].forEach((x, t) => expect(r[t]).toBeCloseTo((x * now) / sig[t], 14));
    // Through the method the returns are the closes' log returns ln(1.1), ln(0.9), ln(1.05), ln(0.92), ln(1.02),
    // scaled the same way; move = e^{r*} − 1. At 80 % (τ = 1) ES is the largest loss −100,000 × (e^{r*} − 1).
    const lr = [1.1, 0.9, 1.05, 0.92, 1.02].map(Math.log);
    let v = (lr[0] ** 2 + lr[1] ** 2) / 2;
    const s = lr.map((x) => { const sd = Math.sqrt(v); v = 0.5 * v + 0.5 * x * x; return sd; });
    const losses = lr.map((x, t) => -100_000 * Math.expm1((x * Math.sqrt(v)) / s[t]));
    const u = run(LONG_BTC, { history: FIVE_DAYS, windowDays: 5, confidence: 0.8, volTreatment: 'scaled', ewmaLambda: 0.5 }).byCurrency.USD;
    expect(Number(u.initialMargin)).toBeCloseTo(Math.max(...losses), 5);
    expect(u.vector.map((e) => -Number(e.aggregated))).toEqual(losses.map((x) => expect.closeTo(x, 5)));
  });

  it('an exact hedge needs 0; a long and short in different underlyings diversify through the joint days', () => {
    const book = [{ instrument: 'BTC-25DEC26-100000-C', size: '-2' }, { instrument: 'ETH_USDC-PERPETUAL', size: '3' }];
    expect(run([...book, ...book.map((x) => ({ ...x, size: String(-Number(x.size)) }))]).byCurrency.USD.initialMargin).toBe('0');
    const btc = Number(run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }]).byCurrency.USD.initialMargin);
    const eth = Number(run([{ instrument: 'ETH_USDC-PERPETUAL', size: '-25' }]).byCurrency.USD.initialMargin);
    const both = Number(run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-25' }]).byCurrency.USD.initialMargin);
    expect(both).toBeLessThan(btc + eth);
    expect(both).toBeGreaterThan(0);
  });

  it('the default set: 1,000 daily returns of the bundled history to the as-of day', () => {
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }]);
    const u = r.byCurrency.USD;
    expect(u.vector).toHaveLength(1000);
    expect(u.vector.at(-1)!.id).toBe(`${HVAR_ID}-2026-11-24`);
    // The first-named worst day is the book vector's largest loss.
    const largest = Math.max(...u.vector.map((e) => -Number(e.aggregated)));
    const first = /Worst days: 1\. (\d{4}-\d{2}-\d{2}) [^:]*: loss ([\d,.]+)/.exec(r.notes.join('\n'))!;
    expect(Number(first[2].replace(/,/g, ''))).toBeCloseTo(largest, 2);
    expect(u.vector.find((e) => -Number(e.aggregated) === largest)!.id).toBe(`${HVAR_ID}-${first[1]}`);
    // An earlier as-of day uses only the history up to it.
    const early = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }], undefined, flat({ BTC: 100_000 }, 0.5, Date.UTC(2025, 5, 30, 8)));
    expect(early.byCurrency.USD.vector.at(-1)!.id).toBe(`${HVAR_ID}-2025-06-30`);
  });

  it('an options book on a synthetic BTC/ETH market margins with the account view', () => {
    const syn = syntheticMarket(['BTC', 'ETH'], 20);
    const positions = syntheticPositions([...syn.options, ...syn.deltaOne], 30);
    const r = runMargin({ methodId: HVAR_ID, portfolio: { name: 'syn', positions }, snapshot: syn.market });
    expect(Number(r.totals.initialMarginUsd)).toBeGreaterThan(0);
    expect(r.account?.currencies[0].currency).toBe('USD');
    expect(r.byCurrency.USD.groups.map((g) => g.underlying)).toEqual(['BTC', 'ETH']);
    // Marginal IM per position: the book's IM less the IM of the book without it.
    const u = r.byCurrency.USD;
    const x = positions[0];
    const without = runMargin({ methodId: HVAR_ID, portfolio: { name: 'syn', positions: positions.slice(1) }, snapshot: syn.market, account: false });
    expect(Number(u.contributions[0].marginalInitialMargin)).toBeCloseTo(Number(u.initialMargin) - Number(without.byCurrency.USD.initialMargin), 4);
    expect(u.contributions[0].positionId).toBe(x.id);
  });

  it('account view: the distance to the IM line is where equity meets the whole book\'s IM (underlyings coupled)', () => {
    // Long 1 BTC against short 20 ETH with 12,000 USDC: the joint days net the legs, so the IM at a BTC
    // move is the whole book's (BTC rows re-priced, ETH's kept), not BTC's alone plus a constant.
    const m = flat({ BTC: 100_000, ETH: 4000 });
    const portfolio = { name: 't', balances: [{ currency: 'USDC', amount: '12000' }], positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-20' }] };
    const r = runMargin({ methodId: HVAR_ID, portfolio, snapshot: m });
    const btc = r.account!.liquidation.find((l) => l.underlying === 'BTC')!;
    expect(btc.toInitial).not.toBeNull();
    const move = btc.toInitial!.move;
    const input = parseMarginInput(portfolio);
    const gap = (mv: number) => {
      const mk = shiftedMarket(m, 'BTC', mv);
      return usdEquity(mk, input) - Number(runMargin({ methodId: HVAR_ID, portfolio, snapshot: mk, account: false }).byCurrency.USD.initialMargin);
    };
    // A sign change of equity − IM (fresh runs at the shifted market) within 1e-6 of the reported move.
    expect(gap(move)).toBeLessThan(0);
    expect(gap(move > 0 ? move - 2e-6 : move + 2e-6)).toBeGreaterThanOrEqual(0);
  });

  it('a position copied with a new size (what-if sensitivity) is margined at the new size, not its old text', () => {
    // 2 BTC instead of 1 on the five-day history at 80 %: ES = 2 × 10,000.
    const input = parseMarginInput({ name: 't', positions: LONG_BTC });
    const copied = { ...input, positions: input.positions.map((q) => ({ ...q, size: new Dec(2) })) };
    const r = hvarMethod.run({ input: copied, market: flat({ BTC: 100_000 }), params: { history: FIVE_DAYS, windowDays: 5, confidence: 0.8 }, account: false, marginal: true });
    expect(r.byCurrency.USD.initialMargin).toBe('20000');
    expect(r.byCurrency.USD.contributions[0].size).toBe('2');
  });

  it('errors name what is missing: an underlying the history lacks, a window longer than the history', () => {
    expect(() => run([{ instrument: 'XRP_USDC-PERPETUAL', size: '1' }], undefined, flat({ XRP: 2 }))).toThrow(/no closes for XRP \(it has BTC, ETH, SOL\)/);
    expect(() => run(LONG_BTC, { history: FIVE_DAYS, windowDays: 6 })).toThrow(/gives 5 daily return\(s\) of BTC up to 2026-11-24; windowDays 6 needs 7 dates/);
  });

  it('a date missing one underlying is skipped (the return spans the gap)', () => {
    const h = { csv: ['date,symbol,close', '2026-11-20,BTC,100', '2026-11-20,ETH,10', '2026-11-21,BTC,120', '2026-11-22,BTC,90', '2026-11-22,ETH,9'] };
    // Joint dates 11-20, 11-22: one return, BTC −10 %, ETH −10 %: 1 BTC + 100 ETH at 100,000 / 4,000 lose 10,000 + 40,000.
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '100' }], { history: h, windowDays: 1 });
    expect(Number(r.byCurrency.USD.initialMargin)).toBeCloseTo(50_000, 6);
    expect(r.notes.some((n) => n.startsWith('1 date(s) of the history skipped'))).toBe(true);
  });

  it('a bad parameter set reports every bad field and every bad history row at once', () => {
    try {
      resolveHvarParams({ windowDays: 0, horizonDays: 1.5, confidence: 1, sampling: 'daily', measure: 'cvar', volTreatment: 'garch', ewmaLambda: 1, maintenanceToInitial: 1.2, bogus: 1, history: { csv: ['date,symbol,close', '2026-01-01,BTC,x', '2026-01-32,BTC,1'], extra: 1 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamsError);
      const pr = (e as ParamsError).problems.join('\n');
      for (const f of ['windowDays', 'horizonDays', 'confidence', 'sampling', 'measure', 'volTreatment', 'ewmaLambda', 'maintenanceToInitial', 'bogus', 'history.extra', 'history.csv row 2: close "x"', 'history.csv row 3: date "2026-01-32"']) expect(pr).toContain(f);
    }
    expect(() => resolveHvarParams({ history: { csv: 5 } })).toThrow(/history\.csv: expected the CSV text/);
  });

  it('a parameter set given as CSV text is a history over the defaults', () => {
    const p = resolveHvarParams(FIVE_DAYS.csv.join('\n'));
    expect(p.history.history.dates).toHaveLength(7);
    expect(p.windowDays).toBe(1000);
  });
});
