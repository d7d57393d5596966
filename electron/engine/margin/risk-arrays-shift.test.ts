import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../market-data';
import { DeribitPm } from './methods/deribit-pm/deribit-pm';
import { resolveDeribitPmParams } from './methods/deribit-pm/deribit-params';
import { resolveMarginInstrument } from './instrument-adapter';
import { shiftedMarket } from './account-view';
import { syntheticMarket } from './synthetic-book';

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

describe('shifted copies (account-view probes)', () => {
  it('equal pricing afresh at the shifted market bit for bit, sticky strike and sticky moneyness, probe after probe', () => {
    const syn = syntheticMarket(['BTC', 'ETH'], 60);
    const market = parseMarketSnapshot(syn.market);
    const insts = [...syn.options, ...syn.deltaOne].map(resolveMarginInstrument);
    for (const smile of ['sticky-strike', 'sticky-moneyness'] as const) {
      const params = resolveDeribitPmParams({ pmdesk: { smile } });
      for (const mode of ['segregated', 'cross'] as const) {
        const pm0 = new DeribitPm(market, params, mode);
        insts.forEach((i, k) => pm0.setPosition(`p${k}`, i, String((k % 5) - 2)));
        // Several probes from one source: the plan computed at the first is reused by the others.
        for (const [u, move] of [['BTC', -0.37], ['BTC', 0.0123], ['ETH', 0.5], ['BTC', 4], ['BTC', -0.95]] as const) {
          const mk = shiftedMarket(market, u, move);
          const fresh = new DeribitPm(mk, params, mode);
          insts.forEach((i, k) => fresh.setPosition(`p${k}`, i, String((k % 5) - 2)));
          const shifted = pm0.atShift(mk, u, 1 + move);
          expect(shifted.arrays.size).toBe(fresh.arrays.size);
          for (let r = 0; r < fresh.arrays.size; r++) {
            const a = shifted.arrays.bases[r], b = fresh.arrays.bases[r];
            expect(a.inst.symbol).toBe(b.inst.symbol);
            expect(sameBits([a.value, a.delta], [b.value, b.delta]), `${smile} ${mode} ${a.inst.symbol} base`).toBe(true);
            expect(sameBits(shifted.arrays.row(r), fresh.arrays.row(r)), `${smile} ${mode} ${a.inst.symbol} at ${u} ${move}`).toBe(true);
          }
          expect(shifted.marginNumbers()).toEqual(fresh.marginNumbers());
        }
      }
    }
  });

  it('a copy and its source share their symbol index until either adds an instrument', () => {
    const syn = syntheticMarket(['BTC'], 30);
    const market = parseMarketSnapshot(syn.market);
    const params = resolveDeribitPmParams();
    const [first, ...rest] = syn.options.map(resolveMarginInstrument);
    const pm0 = new DeribitPm(market, params);
    rest.slice(0, 20).forEach((i, k) => pm0.setPosition(`p${k}`, i, '1'));
    const copy = pm0.arrays.shiftedCopy(shiftedMarket(market, 'BTC', 0.1), 'BTC', 1.1);
    const n = pm0.arrays.size;
    expect(copy.rowIndex(rest[3].symbol)).toBe(3);
    pm0.arrays.ensure(first);
    expect(pm0.arrays.rowIndex(first.symbol)).toBe(n);
    expect(copy.rowIndex(first.symbol)).toBe(-1);
    copy.ensure(rest[25]);
    expect(copy.rowIndex(rest[25].symbol)).toBe(n);
    expect(pm0.arrays.rowIndex(rest[25].symbol)).toBe(-1);
    // A copy of the grown source prices the new row too.
    const again = pm0.arrays.shiftedCopy(shiftedMarket(market, 'BTC', -0.2), 'BTC', 0.8);
    expect(again.size).toBe(n + 1);
    expect(again.rowIndex(first.symbol)).toBe(n);
  });
});
