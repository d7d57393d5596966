/**
 * `tims`' valuation points (shared margin-methods.md §5): per underlying, `valuationPoints`
 * equidistant moves across its product class's range, half below and half above the mark
 * (10 points over ±15 %: −15, −12, −9, −6, −3, +3, +6, +9, +12, +15 %; over +6/−8 %: steps of
 * 1.6 % down and 1.2 % up), each at every vol shift of the parameter set.
 */
import type { Scenario, ScenarioSet, UnderlyingShock } from '../../../scenarios/scenario-types';
import { TIMS_ID } from './id';
import { classRange, type TimsParams } from './tims-params';

/** The relative moves of a class range `[−down, +up]` in `n` points (n even, no zero point). */
export function valuationMoves(down: number, up: number, n: number): number[] {
  const half = n / 2;
  const out: number[] = [];
  for (let i = half; i >= 1; i--) out.push((-down * i) / half);
  for (let i = 1; i <= half; i++) out.push((up * i) / half);
  return out;
}

function pct(m: number): string {
  const p = Math.round(m * 1e6) / 1e4;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** The scenario set over `underlyings` (others: the `*` class). Scenario j·V + v = point j at vol shift v. */
export function timsScenarioSet(p: TimsParams, underlyings: readonly string[]): ScenarioSet {
  const n = p.valuationPoints;
  const movesOf = (u: string) => { const c = classRange(p, u); return valuationMoves(c.down, c.up, n); };
  const star = movesOf('*');
  const own = new Map(underlyings.map((u) => [u, movesOf(u)]));
  const scenarios: Scenario[] = [];
  for (let j = 0; j < n; j++) {
    for (const v of p.volShifts) {
      const shock = (m: number): UnderlyingShock => ({ move: m, vol: v === 0 ? { kind: 'none' } : { kind: 'absolute', shift: v } });
      const shocks: Record<string, UnderlyingShock> = {};
      for (const [u, ms] of own) shocks[u] = shock(ms[j]);
      scenarios.push({
        id: `tims-${j + 1}${p.volShifts.length > 1 ? `-v${v}` : ''}`, label: `point ${j + 1} (* ${pct(star[j])})${v !== 0 ? ` vol ${v > 0 ? '+' : ''}${v}` : ''}`,
        table: 'standard', shocks, defaultShock: shock(star[j]), bucket: j + 1, volState: v > 0 ? 'up' : v < 0 ? 'down' : 'same',
      });
    }
  }
  return { id: TIMS_ID, name: `${p.name} valuation points`, version: p.version, smile: 'sticky-strike', scenarios };
}
