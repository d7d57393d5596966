/** The placeholder method's scenario template: a ±`range` move of every underlying, no vol shock. */
import type { Scenario, ScenarioSet } from '../../../scenarios/scenario-types';
import { LINEAR_SHOCK_ID } from './id';

/** The move as a signed percent, as the Deribit-style grid labels it (`+10%`, `-10%`, `0%`). */
function fmtPct(m: number): string {
  const p = Math.round(m * 1e6) / 1e4;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** A ±`range` linear-shock set (placeholder method): down, flat, up, no vol shock. */
export function linearShockScenarioSet(range = 0.1): ScenarioSet {
  const mk = (m: number, b: number): Scenario => ({
    id: `lin-${b}`, label: fmtPct(m), table: 'standard', shocks: {}, defaultShock: { move: m, vol: { kind: 'none' } }, bucket: b, volState: 'same',
  });
  return { id: LINEAR_SHOCK_ID, name: `±${range * 100}% linear shock`, version: '1', smile: 'sticky-strike', scenarios: [mk(-range, 1), mk(0, 2), mk(range, 3)] };
}
