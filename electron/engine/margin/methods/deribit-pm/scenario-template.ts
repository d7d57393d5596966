/**
 * Scenario-set templates for Deribit-style grids (margin-methods.md §2.2–§2.4): 9 price buckets
 * over ±price_range × 3 vol states, bucket-major, then the extended table (vol-up only, with the
 * P&L fraction as a per-underlying `pnlWeight`).
 */
import type { Scenario, ScenarioSet, SmileDynamics, UnderlyingShock, VolShock } from '../../../scenarios/scenario-types';

/** Grid definition for one underlying (Deribit `currency_pair` fields in pmdesk names). */
export interface DeribitGridSpec {
  priceRange: number;
  bucketsPerSide: number;
  volUp: number;
  volDown: number;
  minVolUp: number;
  shortPower: number;
  longPower: number;
  powerSwitchDays: number;
  dteFloorDays: number;
  extendedMoves: number[];
  extendedTableFactor: number;
}

/**
 * Vol-state order inside a bucket. Deribit does not label the three slots [UNCONFIRMED,
 * margin-methods.md §2.2]; pmdesk follows the article's wording "Up, Same, and Down".
 */
export const VOL_STATES = ['up', 'same', 'down'] as const;

/** Relative moves of the standard grid: `−R + i·R/n` for i = 0..2n (§2.2). */
export function bucketMoves(priceRange: number, bucketsPerSide: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= 2 * bucketsPerSide; i++) out.push(-priceRange + (i * priceRange) / bucketsPerSide);
  out[bucketsPerSide] = 0;
  return out;
}

/**
 * Extended-table P&L fraction `factor · (R/|m|) · (1+m)/(1+s·R)`, s = sign(m) (§2.4; replica
 * formula validated against a live Deribit vector: 0.219399597 / −0.152464127).
 */
export function extendedFraction(move: number, priceRange: number, factor: number): number {
  const s = Math.sign(move);
  return factor * (priceRange / Math.abs(move)) * ((1 + move) / (1 + s * priceRange));
}

function volShock(spec: DeribitGridSpec, state: (typeof VOL_STATES)[number]): VolShock {
  if (state === 'same') return { kind: 'none' };
  const common = { shortPower: spec.shortPower, longPower: spec.longPower, powerSwitchDays: spec.powerSwitchDays, dteFloorDays: spec.dteFloorDays };
  return state === 'up'
    ? { kind: 'term-scaled', direction: 'up', range: spec.volUp, minVol: spec.minVolUp, ...common }
    : { kind: 'term-scaled', direction: 'down', range: spec.volDown, ...common };
}

function fmtPct(m: number): string {
  const p = Math.round(m * 1e6) / 1e4;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** Label of a grid scenario for one underlying's move, e.g. `+18%, vol same`, `extended -66%, vol up`. */
export function gridLabel(table: 'standard' | 'extended' | 'custom', move: number, volState?: string): string {
  return `${table === 'extended' ? 'extended ' : ''}${fmtPct(move)}${volState ? `, vol ${volState}` : ''}`;
}

/**
 * The Deribit-style scenario set for several underlyings: each scenario moves every underlying
 * by its own grid's move at the same grid position. Standard scenarios first (ids
 * `std-<bucket>-<vol>`, bucket 1..2n+1), then extended ones (`ext-<k>`). All underlyings must
 * share `bucketsPerSide` and the number of extended moves.
 */
export function deribitScenarioSet(specs: Record<string, DeribitGridSpec>, smile: SmileDynamics = 'sticky-strike', id = 'deribit-pm'): ScenarioSet {
  const unders = Object.keys(specs).sort();
  const first = unders.length ? specs[unders[0]] : undefined;
  const n = first?.bucketsPerSide ?? 4;
  const nExt = first?.extendedMoves.length ?? 0;
  for (const u of unders) {
    if (specs[u].bucketsPerSide !== n || specs[u].extendedMoves.length !== nExt) {
      throw new Error(`scenario grid for ${u}: every underlying must share bucket and extended-move counts`);
    }
  }
  const scenarios: Scenario[] = [];
  // One vol-shock object per underlying and state, shared by its scenarios (lets pricers memoise).
  const shared = new Map(unders.map((u) => [u, { up: volShock(specs[u], 'up'), same: volShock(specs[u], 'same'), down: volShock(specs[u], 'down') }]));
  for (let b = 0; b <= 2 * n; b++) {
    for (const state of VOL_STATES) {
      const shocks: Record<string, UnderlyingShock> = {};
      for (const u of unders) shocks[u] = { move: bucketMoves(specs[u].priceRange, n)[b], vol: shared.get(u)![state] };
      const label = unders.length === 1 ? `${fmtPct(shocks[unders[0]].move)}, vol ${state}` : `bucket ${b + 1}, vol ${state}`;
      scenarios.push({ id: `std-${b + 1}-${state}`, label, table: 'standard', shocks, bucket: b + 1, volState: state });
    }
  }
  for (let k = 0; k < nExt; k++) {
    const shocks: Record<string, UnderlyingShock> = {};
    for (const u of unders) {
      const s = specs[u];
      const m = s.extendedMoves[k];
      shocks[u] = { move: m, vol: shared.get(u)!.up, pnlWeight: extendedFraction(m, s.priceRange, s.extendedTableFactor) };
    }
    const label = unders.length === 1 ? `extended ${fmtPct(shocks[unders[0]].move)}, vol up` : `extended move ${k + 1}, vol up`;
    scenarios.push({ id: `ext-${k + 1}`, label, table: 'extended', shocks, volState: 'up' });
  }
  return { id, name: 'Deribit-style PM grid', version: '2024', smile, scenarios };
}
