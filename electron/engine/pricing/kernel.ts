/**
 * Vectorised Black-76 kernel over `Float64Array`s for instruments × scenarios, used by the margin
 * engine for full revaluation (margin-methods.md §6.1: risk arrays are full revaluation, not a
 * greeks expansion). It calls the same `black76-core.ts` functions as the scalar API and
 * allocates nothing per evaluation: inputs and outputs are caller-owned typed arrays.
 *
 * Layout: instrument-major, `k = i·scenarios + j` for instrument i and scenario j.
 * Expired legs (T ≤ 0 after the scenario's time shift) are valued at intrinsic, so they settle on
 * the way and are never kept alive past expiry.
 */
import { black76GreeksAt, black76ValueDeltaAt, GREEK_SLOTS } from './black76-core';
import { PricingError } from './pricing-types';

/** Per-instrument option terms (structure of arrays, each of length `count`). */
export interface KernelInstruments {
  count: number;
  /** +1 call, −1 put. */
  phi: Float64Array;
  /** Strike, > 0. */
  strike: Float64Array;
  /** Years to expiry at the snapshot (ACT/365). */
  years: Float64Array;
  /** Discount factor per instrument (e^{−rT}); `null` means 1 (Deribit, r = 0). */
  discount: Float64Array | null;
  /** 1 = inverse option valued in coin (÷F), 0 = linear (quote currency). */
  inverse: Uint8Array;
}

/** Scenario inputs for every (instrument, scenario) pair, instrument-major (length count × scenarios). */
export interface KernelScenarios {
  scenarios: number;
  /** Forward of the instrument's expiry under each scenario. */
  forward: Float64Array;
  /** Implied vol under each scenario (decimal). */
  vol: Float64Array;
  /** Optional time shift per scenario, in years (T = years − shift); `null` for none. */
  timeShiftYears: Float64Array | null;
}

function check(name: string, arr: ArrayLike<number> | null, n: number): void {
  if (arr !== null && arr.length < n) throw new PricingError(name, `array of length ${arr.length} is shorter than ${n}`);
}

function checkShapes(inst: KernelInstruments, sc: KernelScenarios, outs: [string, Float64Array | null, number][]): void {
  const n = inst.count, nm = n * sc.scenarios;
  check('phi', inst.phi, n); check('strike', inst.strike, n); check('years', inst.years, n);
  check('discount', inst.discount, n); check('inverse', inst.inverse, n);
  check('forward', sc.forward, nm); check('vol', sc.vol, nm); check('timeShiftYears', sc.timeShiftYears, sc.scenarios);
  for (const [name, arr, len] of outs) check(name, arr, len);
}

/**
 * Values and forward deltas of `inst.count` options under `sc.scenarios` scenarios, written to
 * `outValue[k]` and `outDelta[k]` (k = i·scenarios + j). Values are per 1 unit of underlying
 * (coin for inverse options); deltas ∂V/∂F. Shapes are checked once up front.
 */
export function priceScenarioGrid(inst: KernelInstruments, sc: KernelScenarios, outValue: Float64Array, outDelta: Float64Array): void {
  const n = inst.count, m = sc.scenarios;
  checkShapes(inst, sc, [['outValue', outValue, n * m], ['outDelta', outDelta, n * m]]);
  const { phi, strike, years, discount, inverse } = inst;
  const { forward, vol, timeShiftYears } = sc;
  for (let i = 0; i < n; i++) {
    const p = phi[i], K = strike[i], T = years[i], df = discount === null ? 1 : discount[i], inv = inverse[i];
    const base = i * m;
    if (timeShiftYears === null) {
      for (let j = 0; j < m; j++) black76ValueDeltaAt(p, forward[base + j], K, T, vol[base + j], df, inv, outValue, outDelta, base + j);
    } else {
      for (let j = 0; j < m; j++) black76ValueDeltaAt(p, forward[base + j], K, T - timeShiftYears[j], vol[base + j], df, inv, outValue, outDelta, base + j);
    }
  }
}

/**
 * Element-wise values and deltas over parallel arrays of length `n` (any flattening the caller
 * likes): `outValue[k]`, `outDelta[k]` from `phi[k], forward[k], strike[k], years[k], vol[k],
 * discount[k]` (`null` = 1), `inverse[k]`.
 */
export function priceBatch(
  n: number, phi: Float64Array, forward: Float64Array, strike: Float64Array, years: Float64Array, vol: Float64Array,
  discount: Float64Array | null, inverse: Uint8Array, outValue: Float64Array, outDelta: Float64Array,
): void {
  for (const [name, arr] of [['phi', phi], ['forward', forward], ['strike', strike], ['years', years], ['vol', vol], ['discount', discount], ['inverse', inverse], ['outValue', outValue], ['outDelta', outDelta]] as const) check(name, arr, n);
  for (let k = 0; k < n; k++) {
    black76ValueDeltaAt(phi[k], forward[k], strike[k], years[k], vol[k], discount === null ? 1 : discount[k], inverse[k], outValue, outDelta, k);
  }
}

/**
 * Every greek for each (instrument, scenario): `out[k·GREEK_SLOTS + SLOT_*]`, k = i·scenarios + j.
 * `rate` per instrument (continuous; `null` = 0) replaces the discount factor so theta and rho are
 * exact. `out` must hold count × scenarios × GREEK_SLOTS numbers.
 */
export function greeksScenarioGrid(inst: KernelInstruments, sc: KernelScenarios, rate: Float64Array | null, out: Float64Array): void {
  const n = inst.count, m = sc.scenarios;
  checkShapes(inst, sc, [['out', out, n * m * GREEK_SLOTS]]);
  check('rate', rate, n);
  for (let i = 0; i < n; i++) {
    const r = rate === null ? 0 : rate[i];
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      const T = sc.timeShiftYears === null ? inst.years[i] : inst.years[i] - sc.timeShiftYears[j];
      black76GreeksAt(inst.phi[i], sc.forward[k], inst.strike[i], T, sc.vol[k], r, inst.inverse[i], out, k * GREEK_SLOTS);
    }
  }
}

/** Allocate a {@link KernelInstruments} block for `count` options (zero-filled, discount `null`). */
export function allocKernelInstruments(count: number): KernelInstruments {
  return {
    count, phi: new Float64Array(count), strike: new Float64Array(count), years: new Float64Array(count), discount: null,
    inverse: new Uint8Array(count),
  };
}

/** Allocate {@link KernelScenarios} for `count` instruments × `scenarios` scenarios (no time shift). */
export function allocKernelScenarios(count: number, scenarios: number): KernelScenarios {
  return { scenarios, forward: new Float64Array(count * scenarios), vol: new Float64Array(count * scenarios), timeShiftYears: null };
}
