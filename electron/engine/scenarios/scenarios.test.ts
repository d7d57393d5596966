import { describe, expect, it } from 'vitest';
import { applyVolShock, termScale } from './vol-shock';
import { shockInputs, type BaseInputs } from './shock-inputs';
import { linearShockScenarioSet } from '../margin/methods/linear-shock/scenario-template';
import { shockFor, NO_SHOCK } from './scenario-types';

const DAY = 86_400_000;
const base: BaseInputs = { asOfMs: 0, index: 100, forward: 101, vol: 0.6, expiryMs: 10 * DAY, strike: 90 };

describe('vol shocks', () => {
  it('absolute and relative shocks, floored at 0', () => {
    expect(applyVolShock(0.5, 10, { kind: 'absolute', shift: 0.1 })).toBeCloseTo(0.6, 15);
    expect(applyVolShock(0.05, 10, { kind: 'absolute', shift: -0.1 })).toBe(0);
    expect(applyVolShock(0.5, 10, { kind: 'relative', factor: -0.2 })).toBeCloseTo(0.4, 15);
    expect(applyVolShock(0.5, 10, { kind: 'relative', factor: -2 })).toBe(0);
  });

  it('term-scaled: power switches at 30 days, DTE floored, min vol only on the up side', () => {
    expect(termScale(29.999, 0.3, 0.13, 30, 1)).toBeCloseTo(Math.pow(30 / 29.999, 0.3), 15);
    expect(termScale(60, 0.3, 0.13, 30, 1)).toBeCloseTo(Math.pow(0.5, 0.13), 15);
    expect(termScale(0.01, 0.3, 0.13, 30, 1)).toBeCloseTo(Math.pow(30, 0.3), 15);
    const common = { shortPower: 0.3, longPower: 0.13, powerSwitchDays: 30, dteFloorDays: 1 };
    expect(applyVolShock(0.2, 30, { kind: 'term-scaled', direction: 'up', range: 0.5, minVol: 0.5, ...common })).toBe(0.5);
    expect(applyVolShock(0.2, 30, { kind: 'term-scaled', direction: 'down', range: 0.25, ...common })).toBeCloseTo(0.15, 15);
    expect(applyVolShock(0.2, 0.5, { kind: 'term-scaled', direction: 'down', range: 0.5, ...common })).toBe(0);
  });
});

describe('shockInputs', () => {
  it('moves index and forward together and keeps the option’s own vol (sticky strike)', () => {
    const x = shockInputs(base, { move: 0.1, vol: { kind: 'none' } }, 0, 'sticky-strike', () => 9);
    expect(x.index).toBeCloseTo(110, 12);
    expect(x.forward).toBeCloseTo(111.1, 12);
    expect(x.vol).toBe(0.6);
    expect(x.years).toBeCloseTo(10 / 365, 15);
  });

  it('sticky moneyness reads the smile at K/(1+m)', () => {
    const seen: number[] = [];
    const x = shockInputs(base, { move: 0.2, vol: { kind: 'none' } }, 0, 'sticky-moneyness', (k) => { seen.push(k); return 0.7; });
    expect(seen[0]).toBeCloseTo(75, 12);
    expect(x.vol).toBe(0.7);
  });

  it('a time shift past expiry marks the leg expired (settled at the shocked index)', () => {
    const x = shockInputs(base, { move: -0.1, vol: { kind: 'relative', factor: 1 } }, 11, 'sticky-strike');
    expect(x.expired).toBe(true);
    expect(x.index).toBeCloseTo(90, 12);
    const y = shockInputs(base, NO_SHOCK, 4, 'sticky-strike');
    expect(y.expired).toBe(false);
    expect(y.years).toBeCloseTo(6 / 365, 15);
  });
});

describe('scenario sets as data', () => {
  it('linear-shock template: default shock applies to every underlying', () => {
    const set = linearShockScenarioSet(0.1);
    expect(set.scenarios.map((s) => shockFor(s, 'ANY').move)).toEqual([-0.1, 0, 0.1]);
  });
});
