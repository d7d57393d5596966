import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../market-data';
import { normCdf } from '../pricing/normal-distribution';
import { DeribitPm } from './methods/deribit-pm/deribit-pm';
import { resolveDeribitPmParams } from './methods/deribit-pm/deribit-params';
import { resolveMarginInstrument } from './instrument-adapter';
import { normCdfPair } from './risk-arrays';
import { shiftedMarket } from './account-view';
import { shockFor } from '../scenarios/scenario-types';
import { shockInputs } from '../scenarios/shock-inputs';
import { unitValue } from './valuation';
import { syntheticMarket } from './synthetic-book';

describe('call/put pair pricing', () => {
  it('normCdfPair gives normCdf(x) and normCdf(−x) bit for bit, across the central/tail switch', () => {
    const out = new Float64Array(2);
    const check = (x: number) => {
      normCdfPair(x, out, 0);
      expect(Object.is(out[0], normCdf(x)), `N(${x})`).toBe(true);
      expect(Object.is(out[1], normCdf(-x)), `N(${-x})`).toBe(true);
    };
    const edge = 0.46875 / 0.70710678118654752440;
    for (const x of [0, -0, edge, -edge, edge + edge * Number.EPSILON, edge - edge * Number.EPSILON, 1e-300, 8, -8, 38, -38, 40, -40]) check(x);
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => check(x)), { numRuns: 5000 });
  });

  it('pricing calls and puts together (ensureAll) writes the same rows as pricing each alone (ensure), settlement and USD', () => {
    const syn = syntheticMarket(['BTC', 'ETH'], 200);
    const market = parseMarketSnapshot(syn.market);
    const params = resolveDeribitPmParams();
    const insts = [...syn.options, ...syn.deltaOne].map(resolveMarginInstrument);
    for (const mode of ['segregated', 'cross'] as const) {
      const one = new DeribitPm(market, params, mode);
      insts.forEach((i, k) => one.setPosition(`p${k}`, i, '1'));
      const all = new DeribitPm(market, params, mode);
      all.prepare(insts);
      insts.forEach((i, k) => all.setPosition(`p${k}`, i, '1'));
      expect(all.arrays.size).toBe(one.arrays.size);
      for (let r = 0; r < one.arrays.size; r++) {
        expect(all.arrays.bases[r].inst.symbol).toBe(one.arrays.bases[r].inst.symbol);
        expect(Array.from(all.arrays.row(r))).toEqual(Array.from(one.arrays.row(r)));
      }
    }
  });

  it('re-pricing at a shifted market from base inputs (atShift) equals pricing afresh there, row for row', () => {
    const syn = syntheticMarket(['BTC', 'ETH'], 120);
    const market = parseMarketSnapshot(syn.market);
    const params = resolveDeribitPmParams();
    const insts = [...syn.options, ...syn.deltaOne].map(resolveMarginInstrument);
    for (const mode of ['segregated', 'cross'] as const) {
      const pm0 = new DeribitPm(market, params, mode);
      insts.forEach((i, k) => pm0.setPosition(`p${k}`, i, String((k % 7) - 3)));
      for (const [u, move] of [['BTC', -0.37], ['ETH', 0.123456], ['BTC', 4]] as const) {
        const mk = shiftedMarket(market, u, move);
        const fresh = new DeribitPm(mk, params, mode);
        insts.forEach((i, k) => fresh.setPosition(`p${k}`, i, String((k % 7) - 3)));
        const shifted = pm0.atShift(mk, u, 1 + move);
        for (let r = 0; r < fresh.arrays.size; r++) {
          expect(shifted.arrays.bases[r].inputs).toEqual(fresh.arrays.bases[r].inputs);
          expect(Array.from(shifted.arrays.row(r))).toEqual(Array.from(fresh.arrays.row(r)));
        }
        expect(shifted.marginNumbers()).toEqual(new Map(fresh.compute().currencies.map((c) => [c.currency, { im: c.im.toNumber(), mm: c.mm.toNumber() }])));
      }
    }
  });

  it('delta-one rows (no time shift) equal shockInputs + unitValue (+ USD conversion) scenario by scenario', () => {
    const syn = syntheticMarket(['BTC', 'ETH'], 10);
    const market = parseMarketSnapshot(syn.market);
    for (const mode of ['segregated', 'cross'] as const) {
      const pm = new DeribitPm(market, resolveDeribitPmParams(), mode);
      const insts = syn.deltaOne.map(resolveMarginInstrument);
      insts.forEach((i, k) => pm.setPosition(`d${k}`, i, '1'));
      insts.forEach((inst) => {
        const r = pm.arrays.rowIndex(inst.symbol);
        const b = pm.arrays.bases[r];
        const x0 = { index: b.inputs.index, forward: b.inputs.forward, vol: 0, years: Infinity, expired: false };
        const v0 = unitValue(inst, x0);
        pm.set.scenarios.forEach((sc, s) => {
          const shock = shockFor(sc, inst.underlying);
          const x = shockInputs(b.inputs, shock, 0, 'sticky-strike');
          const v1 = unitValue(inst, x);
          const pnl = mode === 'cross' && inst.settlement === 'inverse' ? (v1 - v0) * x.index : v1 - v0;
          expect(Object.is(pm.arrays.row(r)[s], pnl * (shock.pnlWeight ?? 1)), `${mode} ${inst.symbol} ${s}`).toBe(true);
        });
      });
    }
  });
});
