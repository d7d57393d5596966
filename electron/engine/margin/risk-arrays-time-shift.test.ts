/**
 * Live options over scenario sets that shift the valuation date (payoff dates, "7 days later"
 * stress) take a typed-array path (`priceOptionRowTimed`, risk-arrays.ts): every row entry must be
 * the per-scenario reference bit for bit — `shockInputs` (time left, expiry passed, vol shock at
 * the remaining days) then `unitValue`, the P&L against the base value in the settlement currency
 * or, in USD, coin values converted at the shocked and the base index — for calls and puts,
 * inverse and linear, shifts before, at and past expiries, vol shocks of every kind, weights.
 */
import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../market-data';
import { MS_PER_YEAR } from '../scenarios/market-view';
import type { Scenario, ScenarioSet, VolShock } from '../scenarios/scenario-types';
import { shockInputs, type ShockedInputs } from '../scenarios/shock-inputs';
import { resolveMarginInstrument } from './instrument-adapter';
import type { MarginInstrument } from './margin-instrument';
import { RiskArrays } from './risk-arrays';
import { prng, syntheticMarket } from './synthetic-book';
import { unitValue } from './valuation';

const syn = syntheticMarket(['BTC', 'ETH'], 60);
const market = parseMarketSnapshot(syn.market);
const insts = [...syn.options, ...syn.deltaOne].map(resolveMarginInstrument);
const vols: VolShock[] = [
  { kind: 'none' }, { kind: 'absolute', shift: 0.07 }, { kind: 'relative', factor: -0.2 },
  { kind: 'term-scaled', direction: 'up', range: 0.5, shortPower: 0.3, longPower: 0.5, powerSwitchDays: 30, dteFloorDays: 1, minVol: 0.2 } as VolShock,
];
const rnd = prng(17);
// Shifts of 0 (and none), a few days, exactly 3 and 10 days (expiries of the synthetic market), past several expiries.
const shifts = [undefined, 0, 1, 3, 7.5, 10, 16.999, 45, 200, 400];
const scenarios: Scenario[] = Array.from({ length: 120 }, (_, s) => {
  const move = s % 11 === 0 ? 0 : (rnd() - 0.5) * 0.8;
  const vol = vols[s % vols.length];
  return { id: `s${s}`, label: `s${s}`, table: 'custom', timeShiftDays: shifts[s % shifts.length], shocks: { BTC: { move, vol, pnlWeight: s % 13 === 0 ? 0.25 : undefined }, ETH: { move: move / 2, vol } } } as Scenario;
});
const set: ScenarioSet = { id: 't', name: 't', version: '1', smile: 'sticky-strike', scenarios };

/** The base inputs' shocked form at no shock, as the risk arrays value the base. */
function atBase(b: RiskArrays['bases'][number]['inputs']): ShockedInputs {
  return { index: b.index, forward: b.forward, vol: b.vol, years: b.expiryMs === undefined ? Infinity : (b.expiryMs - b.asOfMs) / (365 * 86_400_000), expired: b.expiryMs !== undefined && b.expiryMs <= b.asOfMs };
}

/** `usdPnl` of risk-arrays.ts for options and delta-one rows, from the valuation's definitions. */
function reference(inst: MarginInstrument, v0: number, x: ShockedInputs, s0: number, usd: boolean): number {
  const v1 = unitValue(inst, x);
  if (!usd || inst.settlement !== 'inverse') return v1 - v0;
  if (inst.kind === 'future' || inst.kind === 'perpetual') return (v1 - v0) * x.index;
  return v1 * x.index - v0 * s0;
}

// A payoff-shaped set past the small-set scan (> 256 scenarios): each scenario its own vol-shock
// object, equal ones by value (fresh `{ kind: 'none' }`s, term-scaled copies), −0 beside 0, so the
// per-(shift, vol shock) table of `fillTimed` must tell pairs apart by value, not identity.
const large: Scenario[] = Array.from({ length: 600 }, (_, s) => {
  const move = -0.5 + s / 599;
  const vol: VolShock = s % 5 === 4 ? { ...vols[3] } : s % 7 === 3 ? { kind: 'absolute', shift: 0.07 } : { kind: 'none' };
  const shift = [0, -0, 3, 10, 45.25, 400][s % 6];
  return { id: `l${s}`, label: `l${s}`, table: 'custom', timeShiftDays: shift, shocks: { BTC: { move, vol }, ETH: { move: -move, vol: { ...vol } } } } as Scenario;
});
const largeSet: ScenarioSet = { id: 'l', name: 'l', version: '1', smile: 'sticky-strike', scenarios: large };

describe('time-shifted scenario sets: rows equal shockInputs + unitValue bit for bit', () => {
  expect(MS_PER_YEAR).toBe(365 * 86_400_000);
  for (const [currency, scenarios] of [['settlement', set.scenarios], ['usd', set.scenarios], ['settlement, 600 scenarios', large], ['usd, 600 scenarios', large]] as const) {
    it(currency, () => {
      const a = new RiskArrays(scenarios === large ? largeSet : set, market, currency.startsWith('usd') ? 'usd' : 'settlement');
      a.ensureAll(insts);
      let options = 0, expiredSeen = 0;
      for (const inst of insts) {
        const r = a.rowIndex(inst.symbol);
        const base = a.bases[r].inputs;
        const v0 = unitValue(inst, atBase(base));
        const row = a.row(r);
        scenarios.forEach((sc, s) => {
          const shock = sc.shocks[inst.underlying];
          const x = shockInputs(base, shock, sc.timeShiftDays ?? 0, 'sticky-strike');
          if (inst.kind === 'option' && x.expired) expiredSeen++;
          const want = reference(inst, v0, x, base.index, currency.startsWith('usd')) * (shock.pnlWeight ?? 1);
          expect(Object.is(row[s], want), `${inst.symbol} scenario ${s} (shift ${sc.timeShiftDays}): ${row[s]} vs ${want}`).toBe(true);
        });
        if (inst.kind === 'option') options++;
      }
      expect(options).toBeGreaterThan(100);
      expect(expiredSeen).toBeGreaterThan(1000); // legs the shifts take past expiry are covered
    });
  }
});
