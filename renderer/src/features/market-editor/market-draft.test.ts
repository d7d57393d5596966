import { describe, expect, it } from 'vitest';
import {
  changedCells, draftOf, draftText, DraftError, percentOf, pivotOf, quoteAt, setForward, setIndex, setVol, shiftExpiry, volExpiries, volFromPercent, volStrikes,
} from './market-draft';

const E1 = '2026-12-25T08:00:00Z', E2 = '2027-03-26T08:00:00Z';
const SNAP = {
  asOf: '2026-11-24T08:00:00Z',
  underlyings: {
    BTC: {
      index: 96512.37,
      forwards: [{ expiry: E2, price: 98000 }, { expiry: E1, price: '97000.5' }],
      vols: [{ expiry: E2, strike: 100000, vol: 0.55 }, { expiry: E1, strike: 110000, vol: 0.6 }, { expiry: E1, strike: 90000, vol: 0.62 }, { expiry: E1, strike: 100000, vol: 0.58 }],
    },
  },
};

describe('market draft', () => {
  it('reads a snapshot with exact texts, sorted, and writes numbers back as JSON numbers where exact', () => {
    const d = draftOf(SNAP);
    expect(volExpiries(d, 'BTC')).toEqual([E1, E2]);
    expect(volStrikes(d, 'BTC')).toEqual(['90000', '100000', '110000']);
    expect(d.underlyings.BTC!.forwards.map((f) => f.price)).toEqual(['97000.5', '98000']);
    const back = JSON.parse(draftText(d));
    expect(back.underlyings.BTC.index).toBe(96512.37);
    expect(back.underlyings.BTC.vols[0]).toEqual({ expiry: E1, strike: 90000, vol: 0.62 });
    expect(draftOf(back)).toEqual(d);
  });

  it('edits a vol given in percent exactly, and names the item it refuses', () => {
    const d = draftOf(SNAP);
    expect(volFromPercent('61.25', 'x')).toBe('0.6125');
    expect(percentOf('0.6125')).toBe('61.25');
    const e = setVol(d, 'BTC', E1, '100000', volFromPercent('61.25 %', 'x'));
    expect(quoteAt(e, 'BTC', E1, '100000')!.vol).toBe('0.6125');
    expect(quoteAt(d, 'BTC', E1, '100000')!.vol).toBe('0.58'); // immutable
    expect([...changedCells(e, d, 'BTC')]).toEqual([`${E1}|100000`]);
    expect(() => volFromPercent('-3', 'BTC vol')).toThrow(new DraftError('BTC vol', 'vol must be above 0 %, got -3 %'));
    expect(() => volFromPercent('abc', 'BTC vol')).toThrow(/is not a number of vol percent/);
    expect(() => setVol(d, 'BTC', E2, '90000', '0.5')).toThrow(`BTC ${E2} strike 90000 vol: no quote at this expiry and strike`);
    expect(() => setIndex(d, 'BTC', '0')).toThrow('BTC index: must be above 0, got 0');
    expect(setForward(d, 'BTC', E1, '97100').underlyings.BTC!.forwards[0]!.price).toBe('97100');
  });

  it('shifts one expiry in parallel exactly and leaves the others', () => {
    const d = shiftExpiry(draftOf(SNAP), 'BTC', E1, { parallelPts: '2.5' });
    expect(d.underlyings.BTC!.vols.filter((q) => q.expiry === E1).map((q) => q.vol)).toEqual(['0.645', '0.605', '0.625']);
    expect(quoteAt(d, 'BTC', E2, '100000')!.vol).toBe('0.55');
    expect(() => shiftExpiry(d, 'BTC', E1, { parallelPts: '-61' })).toThrow(`BTC ${E1} strike 100000 vol: the shift takes it to -0.5 % (must stay above 0 %); nothing was shifted`);
  });

  it('skews around the quoted forward: s vol points per 0.1 of ln(K/F), unchanged at the forward', () => {
    const snap = structuredClone(SNAP);
    snap.underlyings.BTC.forwards[1]!.price = '100000';
    const d = shiftExpiry(draftOf(snap), 'BTC', E1, { skewPts: '-1' });
    expect(pivotOf(d, 'BTC', E1)).toBe('100000');
    const v = (k: string) => quoteAt(d, 'BTC', E1, k)!.vol;
    expect(v('100000')).toBe('0.58');
    // 0.62 − 0.01·ln(0.9)/0.1 = 0.62 + 0.010536051565782630… → 0.630536 (6 dp half-even)
    expect(v('90000')).toBe('0.630536');
    // 0.6 − 0.01·ln(1.1)/0.1 = 0.6 − 0.009531017980432486… → 0.590469
    expect(v('110000')).toBe('0.590469');
  });
});
