import { describe, expect, it } from 'vitest';
import { flatMarket } from '../../flat-market';
import { ParamsError } from '../../params';
import { runMargin } from '../../registry';
import { SPAN_ID } from './id';
import { matchedDelta } from './span-kernel';
import { resolveSpanParams } from './span-params';

const AS_OF = Date.UTC(2026, 10, 24, 8);
const flat = (index: Record<string, number>, vol = 0.5) => flatMarket(AS_OF, index, vol);
const run = (positions: { instrument: string; size: string }[], params?: unknown, m = flat({ BTC: 100_000, ETH: 4000 })) =>
  runMargin({ methodId: SPAN_ID, portfolio: { name: 't', positions }, snapshot: m, params, account: false });

describe('span', () => {
  it('hand-worked intra-commodity spread: long Dec future vs short perpetual, flat forwards', () => {
    // Inverse legs of ±100,000 USD: USD P&L ±100,000·m in every scan point, so the scan risk is 0.
    // Deltas: +100,000/100,000 = +1 coin (tier 2026-12-25), −1 coin (perpetual): matched 1 coin.
    // Intra charge = 1 × intraSpreadRate 0.002 × 100,000 = 200; no options: MM = IM = 200.
    const r = run([{ instrument: 'BTC-25DEC26', size: '100000' }, { instrument: 'BTC-PERPETUAL', size: '-100000' }]);
    const u = r.byCurrency.USD;
    expect(Number(u.addOns.scanRisk)).toBeCloseTo(0, 6);
    expect(u.addOns.intraSpread).toBe('200');
    expect(Number(u.maintenanceMargin)).toBeCloseTo(200, 6);
  });

  it('hand-worked short option minimum: a far OTM short put', () => {
    // 100,000 BTC, short 1 put K 10,000: scan risk and value ≈ 0; SOM = max(0 calls, 1 put) × 0.03 × 100,000 = 3,000.
    const r = run([{ instrument: 'BTC_USDC-25DEC26-10000-P', size: '-1' }]);
    const u = r.byCurrency.USD;
    expect(Number(u.addOns.shortOptionMinimum)).toBeCloseTo(3000, 3);
    expect(Number(u.maintenanceMargin)).toBeCloseTo(3000, 3);
    expect(r.notes.some((n) => n.includes('short option minimum'))).toBe(true);
  });

  it('hand-worked inter-commodity credit: 1 BTC against 25 ETH at 50 %', () => {
    // Scan risks: BTC 1 × 100,000 × 0.16 = 16,000; ETH 25 × 4,000 × 0.16 = 16,000 (opposite moves bind).
    // WPR: BTC 16,000 per coin, ETH 16,000/25 = 640 per coin; 1 spread (BTC +1, ETH −25):
    // credit 0.5 × 1 × 16,000 + 0.5 × 25 × 640 = 8,000 + 8,000. MM = 32,000 − 16,000 = 16,000.
    const spreads = { interSpreads: [{ id: 'btc-eth', credit: 0.5, legs: [{ cc: 'BTC', deltaPerSpread: 1 }, { cc: 'ETH', deltaPerSpread: -25 }] }] };
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-25' }], spreads);
    const u = r.byCurrency.USD;
    expect(Number(u.addOns.scanRisk)).toBeCloseTo(32000, 6);
    expect(Number(u.addOns.interSpreadCredit)).toBeCloseTo(-16000, 6);
    expect(Number(u.maintenanceMargin)).toBeCloseTo(16000, 6);
    // The mirror pattern (short BTC, long ETH) gets the same credit.
    const m = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '-1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '25' }], spreads);
    expect(Number(m.byCurrency.USD.maintenanceMargin)).toBeCloseTo(16000, 6);
  });

  it('hand-worked intra spreads between tiers from the parameters replace the rate rule for their cc', () => {
    // Inverse Dec 26 +100,000 USD and Mar 27 −100,000 USD on flat forwards: scan risk 0; deltas
    // +1 coin (2026-12-25), −1 coin (2027-03-26). Spread "cal" (Dec A : 2027 B, 1:1): n = 1, 1 × 50 = 50
    // (the rate rule would charge matched 1 × 0.002 × 100,000 = 200).
    const book = [{ instrument: 'BTC-25DEC26', size: '100000' }, { instrument: 'BTC-26MAR27', size: '-100000' }];
    const cal = { intraSpreads: [{ id: 'cal', cc: 'BTC', charge: 50, legs: [{ deltaPerSpread: 1, periods: { start: '2026-12-01', end: '2026-12-31' } }, { deltaPerSpread: -1, periods: { start: '2027-01-01' } }] }] };
    const r = run(book, cal);
    expect(r.byCurrency.USD.addOns.intraSpread).toBe('50');
    expect(r.notes.some((n) => n.startsWith('intra-commodity spread cal (BTC): 1 spreads'))).toBe(true);
    expect(run(book).byCurrency.USD.addOns.intraSpread).toBe('200');
    // A leg whose periods hold no delta forms no spread: the cc's charge is then 0 (its definitions alone apply).
    const none = { intraSpreads: [{ ...cal.intraSpreads[0], legs: [cal.intraSpreads[0].legs[0], { deltaPerSpread: -1, periods: { start: '2028-01-01' } }] }] };
    expect(run(book, none).byCurrency.USD.addOns.intraSpread).toBe('0');
  });

  it('inter spreads are formed in priority order; a leg with periods never holds a perpetual', () => {
    // As the 1 BTC / 25 ETH example: a 50 % spread and a 10 % one on the same deltas. The 10 % one
    // listed first but with priority 2 comes second and finds the deltas used: credit 16,000.
    const legs = [{ cc: 'BTC', deltaPerSpread: 1 }, { cc: 'ETH', deltaPerSpread: -25 }];
    const book = [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-25' }];
    const both = { interSpreads: [{ id: 'low', priority: 2, credit: 0.1, legs }, { id: 'high', priority: 1, credit: 0.5, legs }] };
    expect(Number(run(book, both).byCurrency.USD.addOns.interSpreadCredit)).toBeCloseTo(-16000, 6);
    // Without priorities, list order: the 10 % spread takes the deltas: 0.1 × 32,000 = 3,200.
    const listed = { interSpreads: both.interSpreads.map(({ priority: _p, ...sp }) => sp) };
    expect(Number(run(book, listed).byCurrency.USD.addOns.interSpreadCredit)).toBeCloseTo(-3200, 6);
    // The BTC leg restricted to Dec 2026: the perpetual is not in it, no credit.
    const dec = { interSpreads: [{ id: 'dec', credit: 0.5, legs: [{ ...legs[0], periods: { start: '2026-12-01', end: '2026-12-31' } }, legs[1]] }] };
    expect(run(book, dec).byCurrency.USD.addOns.interSpreadCredit).toBe('0');
  });

  it('NOV: a long option is margined at most its value (requirement floored at 0)', () => {
    const r = run([{ instrument: 'BTC_USDC-25DEC26-100000-C', size: '1' }]);
    expect(r.byCurrency.USD.maintenanceMargin).toBe('0');
  });

  it('IM ≥ MM ≥ 0, add-ons sum to IM, scaling by 2 doubles IM, an exact hedge is 0', () => {
    const book = [
      { instrument: 'BTC-25DEC26-100000-C', size: '-2' }, { instrument: 'BTC-25DEC26-90000-P', size: '1.5' },
      { instrument: 'ETH_USDC-PERPETUAL', size: '3' }, { instrument: 'BTC-PERPETUAL', size: '-50000' },
    ];
    const p = { initialToMaintenance: 1.25 };
    const u = run(book, p).byCurrency.USD;
    const im = Number(u.initialMargin), mm = Number(u.maintenanceMargin);
    expect(im).toBeGreaterThanOrEqual(mm);
    expect(mm).toBeGreaterThan(0);
    expect(im).toBeCloseTo(1.25 * mm, 5);
    expect(Object.values(u.addOns).reduce((a, x) => a + Number(x), 0)).toBeCloseTo(im, 6);
    const u2 = run(book.map((x) => ({ ...x, size: String(2 * Number(x.size)) })), p).byCurrency.USD;
    expect(Number(u2.initialMargin)).toBeCloseTo(2 * im, 4);
    const hedged = run([...book, ...book.map((x) => ({ ...x, size: String(-Number(x.size)) }))], p).byCurrency.USD;
    expect(Number(hedged.initialMargin)).toBeCloseTo(0, 6);
  });

  it('file risk arrays replace revaluation for their instrument (loss positive per unit)', () => {
    const ra = [0, 0, -3330, -3330, 3330, 3330, -6670, -6670, 6670, 6670, -10000, -10000, 10000, 10000, -7000, 7000];
    const r = run([{ instrument: 'BTC-PERPETUAL', size: '2' }], { riskArrays: { 'BTC-PERPETUAL': { ra, delta: 1 } } });
    expect(r.byCurrency.USD.maintenanceMargin).toBe('20000');
  });

  it('matched delta across tiers', () => {
    expect(matchedDelta(new Map([['a', 3], ['b', -1], ['c', -4]]))).toBe(3);
  });

  it('a bad parameter set reports every bad field at once', () => {
    try {
      resolveSpanParams({ combinedCommodities: { BTC: { priceScanRange: 2, volScanRange: 'x' } }, scanPoints: [{ point: 1, priceScanDef: { numerator: 1, denominator: 0 }, volScanDef: { numerator: 0, denominator: 1 }, weight: 2 }], initialToMaintenance: 0.5, bogus: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamsError);
      const pr = (e as ParamsError).problems.join('\n');
      for (const f of ['combinedCommodities.BTC.priceScanRange', 'combinedCommodities.BTC.volScanRange', 'scanPoints[0].priceScanDef.denominator', 'scanPoints[0].weight', 'initialToMaintenance', 'bogus']) expect(pr).toContain(f);
    }
  });

  it('bad spreads report every bad field at once', () => {
    try {
      resolveSpanParams({
        interSpreads: [{ credit: 0.5, priority: 'first', legs: [{ cc: 'BTC', deltaPerSpread: 1, periods: { start: '2027-01-01', end: '2026-12-31' } }, { cc: 'ETH', deltaPerSpread: -2, periods: { from: '2026-12-01' } }] }],
        intraSpreads: [{ charge: -1, legs: [{ deltaPerSpread: 1 }] }, { cc: 'BTC', charge: 10, legs: [{ deltaPerSpread: 0 }, { deltaPerSpread: -1, periods: { start: '20261201' } }] }],
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamsError);
      const pr = (e as ParamsError).problems.join('\n');
      for (const f of ['interSpreads[0].priority', 'interSpreads[0].legs[0].periods: start 2027-01-01 is after end 2026-12-31', 'interSpreads[0].legs[1].periods.from', 'intraSpreads[0].cc', 'intraSpreads[0].charge', 'intraSpreads[0].legs: expected at least two legs', 'intraSpreads[1].legs[0].deltaPerSpread: must not be 0', 'intraSpreads[1].legs[1].periods.start: expected a YYYY-MM-DD date']) expect(pr).toContain(f);
    }
  });
});
