import { describe, expect, it } from 'vitest';
import { black76 } from './black76';
import { GREEK_SLOTS, SLOT_DELTA, SLOT_GAMMA, SLOT_THETA, SLOT_VALUE, SLOT_VEGA } from './black76-core';
import { inverseOption } from './inverse';
import {
  allocKernelInstruments, allocKernelScenarios, greeksScenarioGrid, priceBatch, priceScenarioGrid,
} from './kernel';
import { PricingError } from './pricing-types';

function book() {
  const inst = allocKernelInstruments(3);
  const sc = allocKernelScenarios(3, 4);
  const terms = [
    { phi: 1, strike: 65000, years: 0.25, inverse: 1 },
    { phi: -1, strike: 55000, years: 0.5, inverse: 0 },
    { phi: 1, strike: 2000, years: 1 / 365, inverse: 0 },
  ];
  terms.forEach((t, i) => { inst.phi[i] = t.phi; inst.strike[i] = t.strike; inst.years[i] = t.years; inst.inverse[i] = t.inverse; });
  const base = [60000, 60000, 1950];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 4; j++) {
      sc.forward[i * 4 + j] = base[i] * (1 + (j - 1.5) * 0.1);
      sc.vol[i * 4 + j] = 0.5 + 0.1 * j;
    }
  }
  return { inst, sc };
}

describe('priceScenarioGrid', () => {
  it('matches the scalar API exactly (same formulas) for every instrument × scenario', () => {
    const { inst, sc } = book();
    const v = new Float64Array(12), d = new Float64Array(12);
    priceScenarioGrid(inst, sc, v, d);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 4; j++) {
        const input = { type: inst.phi[i] > 0 ? 'call' as const : 'put' as const, forward: sc.forward[i * 4 + j], strike: inst.strike[i], expiryYears: inst.years[i], vol: sc.vol[i * 4 + j] };
        const g = inst.inverse[i] ? inverseOption(input) : black76(input);
        expect(v[i * 4 + j]).toBe(g.value);
        expect(d[i * 4 + j]).toBe(g.delta);
      }
    }
  });

  it('settles legs that expire within the time shift at intrinsic', () => {
    const { inst, sc } = book();
    sc.timeShiftYears = Float64Array.from([0, 0, 2 / 365, 2 / 365]);
    const v = new Float64Array(12), d = new Float64Array(12);
    priceScenarioGrid(inst, sc, v, d);
    // instrument 2 (1-day call, K = 2000) is expired in scenarios 2 and 3: value = max(F − K, 0)
    for (const j of [2, 3]) {
      expect(v[2 * 4 + j]).toBe(Math.max(sc.forward[2 * 4 + j] - 2000, 0));
    }
    expect(v[2 * 4 + 0]).toBeGreaterThan(0); // alive, time value
  });

  it('applies discount factors and checks shapes once', () => {
    const { inst, sc } = book();
    inst.discount = Float64Array.from([1, Math.exp(-0.05 * 0.5), 1]);
    const v = new Float64Array(12), d = new Float64Array(12);
    priceScenarioGrid(inst, sc, v, d);
    const g = black76({ type: 'put', forward: sc.forward[4], strike: 55000, expiryYears: 0.5, vol: sc.vol[4], rate: 0.05 });
    expect(v[4]).toBeCloseTo(g.value, 9);
    expect(() => priceScenarioGrid(inst, sc, new Float64Array(11), d)).toThrow(PricingError);
  });

  it('priceBatch and greeksScenarioGrid agree with the scalar API', () => {
    const { inst, sc } = book();
    const n = 12;
    const phi = new Float64Array(n), K = new Float64Array(n), T = new Float64Array(n), inv = new Uint8Array(n);
    for (let k = 0; k < n; k++) { const i = Math.floor(k / 4); phi[k] = inst.phi[i]; K[k] = inst.strike[i]; T[k] = inst.years[i]; inv[k] = inst.inverse[i]; }
    const v1 = new Float64Array(n), d1 = new Float64Array(n), v2 = new Float64Array(n), d2 = new Float64Array(n);
    priceBatch(n, phi, sc.forward, K, T, sc.vol, null, inv, v1, d1);
    priceScenarioGrid(inst, sc, v2, d2);
    expect(Array.from(v1)).toEqual(Array.from(v2));
    expect(Array.from(d1)).toEqual(Array.from(d2));
    const out = new Float64Array(n * GREEK_SLOTS);
    greeksScenarioGrid(inst, sc, null, out);
    for (let k = 0; k < n; k++) {
      const i = Math.floor(k / 4);
      const input = { type: phi[k] > 0 ? 'call' as const : 'put' as const, forward: sc.forward[k], strike: K[k], expiryYears: T[k], vol: sc.vol[k] };
      const g = inst.inverse[i] ? inverseOption(input) : black76(input);
      expect(out[k * GREEK_SLOTS + SLOT_VALUE]).toBe(g.value);
      expect(out[k * GREEK_SLOTS + SLOT_DELTA]).toBe(g.delta);
      expect(out[k * GREEK_SLOTS + SLOT_GAMMA]).toBe(g.gamma);
      expect(out[k * GREEK_SLOTS + SLOT_VEGA]).toBe(g.vega);
      expect(out[k * GREEK_SLOTS + SLOT_THETA]).toBe(g.theta);
    }
  });
});
