/**
 * The option kernels take each scenario's shocked σ√T from a table of the set's distinct vol
 * shocks (`MoveTable.vd`/`vi`, risk-arrays.ts): small sets table shock objects by identity (up to
 * a limit, the rest computed per scenario), large ones by value. Whatever the path, every row
 * entry must be the scalar reference bit for bit: `unitValue(inst, shockInputs(…)) − v0`, times
 * the P&L weight — the per-scenario formulas the kernels inline — here with many vol-shock
 * objects (value-equal copies, every kind, more distinct ones than the identity table holds).
 */
import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../market-data';
import type { Scenario, ScenarioSet, VolShock } from '../scenarios/scenario-types';
import { shockInputs } from '../scenarios/shock-inputs';
import { resolveMarginInstrument } from './instrument-adapter';
import { RiskArrays } from './risk-arrays';
import { prng, syntheticMarket } from './synthetic-book';
import { unitValue } from './valuation';

const syn = syntheticMarket(['BTC', 'ETH'], 40);
const market = parseMarketSnapshot(syn.market);
const insts = syn.options.map(resolveMarginInstrument);

/** A fresh object of the k-th of 12 vol shocks (so equal shocks are distinct objects). */
function volShock(k: number): VolShock {
  switch (k % 12) {
    case 0: case 1: case 2: return { kind: 'none' };
    case 3: return { kind: 'absolute', shift: 0.05 };
    case 4: return { kind: 'absolute', shift: -0.9 }; // floored at 0: intrinsic
    case 5: return { kind: 'relative', factor: 0.25 };
    case 6: return { kind: 'relative', factor: -0.1 };
    case 7: return { kind: 'term-scaled', direction: 'up', range: 0.5, shortPower: 0.3, longPower: 0.5, powerSwitchDays: 30, dteFloorDays: 1, minVol: 0.2 } as VolShock;
    case 8: return { kind: 'term-scaled', direction: 'down', range: 0.3, shortPower: 0.3, longPower: 0.5, powerSwitchDays: 30, dteFloorDays: 1 } as VolShock;
    case 9: return { kind: 'absolute', shift: 0.12 };
    case 10: return { kind: 'relative', factor: 0.5 };
    default: return { kind: 'absolute', shift: 0.3 };
  }
}

function scenariosOf(n: number, seed: number, shared: boolean): Scenario[] {
  const rnd = prng(seed);
  const pool = Array.from({ length: 12 }, (_, k) => volShock(k));
  return Array.from({ length: n }, (_, s) => {
    const k = Math.floor(rnd() * 12);
    const vol = shared ? pool[k] : volShock(k);
    const move = (rnd() - 0.5) * 0.6;
    return { id: `s${s}`, label: `s${s}`, table: 'custom', shocks: { BTC: { move, vol, pnlWeight: s % 9 === 0 ? 0.5 : undefined }, ETH: { move: -move / 3, vol } } } as Scenario;
  });
}

const setOf = (scenarios: Scenario[]): ScenarioSet => ({ id: 't', name: 't', version: '1', smile: 'sticky-strike', scenarios });

describe('risk rows with many vol shocks equal the scalar reference bit for bit', () => {
  const cases: [string, Scenario[]][] = [
    ['small set, shock objects shared (identity table)', scenariosOf(60, 3, true)],
    ['small set, a fresh object per scenario (more than the identity table holds)', scenariosOf(60, 5, false)],
    ['large set, a fresh object per scenario (value table)', scenariosOf(400, 7, false)],
  ];
  for (const [name, scenarios] of cases) {
    it(name, () => {
      const a = new RiskArrays(setOf(scenarios), market, 'settlement');
      a.ensureAll(insts);
      let checked = 0;
      for (const inst of insts) {
        const r = a.rowIndex(inst.symbol);
        const { inputs: base, value: v0 } = a.bases[r];
        const row = a.row(r);
        scenarios.forEach((sc, s) => {
          const shock = sc.shocks[inst.underlying];
          const ref = (unitValue(inst, shockInputs(base, shock, 0, 'sticky-strike')) - v0) * (shock.pnlWeight ?? 1);
          expect(Object.is(row[s], ref) || row[s] === ref, `${inst.symbol} scenario ${s}: ${row[s]} vs ${ref}`).toBe(true);
          checked++;
        });
      }
      expect(checked).toBe(insts.length * scenarios.length);
    });
  }
});
