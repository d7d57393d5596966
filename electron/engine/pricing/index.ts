/**
 * pricing: closed-form option valuation — Black-76 on the forward, Black-Scholes-Merton with
 * carry, inverse (coin) valuation with Deribit net delta, analytic greeks, implied vol, and the
 * allocation-free Float64Array kernel for instruments × scenarios. All formulas live once in
 * `black76-core.ts`. Inputs are float64 numbers (the decimal boundary is at the callers: see
 * docs/pricing.md). Must not know about scenarios, margin or storage; only `instrument-pricer.ts`
 * (the pricer per instrument kind) reads instruments and market snapshots.
 */
export * from './pricing-types';
export * from './normal-distribution';
export * from './black76-core';
export * from './black76';
export * from './bsm';
export * from './inverse';
export * from './futures';
export * from './implied-vol';
export * from './kernel';
export * from './instrument-pricer';
