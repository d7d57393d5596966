/**
 * Scenario sets as data (house style E4 `scenarios`): a scenario is, per underlying, a relative
 * spot/forward move, a vol shock and an optional time shift. Sets are plain JSON-safe objects so
 * they can be saved, diffed and edited; `parseScenarioSet` validates them. Never mutates market data.
 */

/**
 * A vol shock. `absolute`: σ + shift (vol points as decimals, 0.05 = +5 vols). `relative`:
 * σ·(1 + factor). `term-scaled`: the Deribit-style rule of margin-methods.md §2.3,
 * σ·(1 ± range·(30/max(DTE, dteFloorDays))^p), p = shortPower if DTE < powerSwitchDays else
 * longPower, with `minVol` flooring the up-shock only. Every result is floored at 0.
 */
export type VolShock =
  | { kind: 'none' }
  | { kind: 'absolute'; shift: number }
  | { kind: 'relative'; factor: number }
  | {
      kind: 'term-scaled';
      direction: 'up' | 'down';
      range: number;
      shortPower: number;
      longPower: number;
      /** Days below which `shortPower` applies (30 in every published Deribit-style venue). */
      powerSwitchDays: number;
      /** Lower bound of DTE inside the scaling (Derive: 1 day). */
      dteFloorDays: number;
      /** Floor on the shocked vol for up-shocks (Deribit `min_volatility_for_shock_up`). */
      minVol?: number;
    };

/** The shock one scenario applies to one underlying. */
export interface UnderlyingShock {
  /** Relative move of the index and every forward of the underlying (0.18 = +18 %). */
  move: number;
  vol: VolShock;
  /**
   * Multiplier applied to the scenario P&L of every instrument on this underlying (Deribit's
   * extended-table fraction, SPAN's extreme-move weight). Defaults to 1.
   */
  pnlWeight?: number;
}

/** Which part of a method's table a scenario belongs to (for explanations). */
export type ScenarioTable = 'standard' | 'extended' | 'custom';

/** Named vol state of a grid scenario, for explanations. */
export type VolState = 'up' | 'same' | 'down' | 'custom';

/** One scenario: per-underlying shocks, a default for underlyings not listed, a time shift. */
export interface Scenario {
  id: string;
  label: string;
  table: ScenarioTable;
  /** Per underlying symbol (`BTC`, `ETH`, …). */
  shocks: Record<string, UnderlyingShock>;
  /** Applied to any underlying not in `shocks`; absent means "no shock" for those. */
  defaultShock?: UnderlyingShock;
  /** Days to move the valuation date forward; legs expiring on the way settle at intrinsic. */
  timeShiftDays?: number;
  /** Grid coordinates for explanations (bucket number 1..9 Deribit-style, vol state). */
  bucket?: number;
  volState?: VolState;
}

/** How the smile moves when the forward is shocked (margin-methods.md §6.2). */
export type SmileDynamics = 'sticky-strike' | 'sticky-moneyness';

/** A named, versioned, ordered list of scenarios. */
export interface ScenarioSet {
  id: string;
  name: string;
  version: string;
  smile: SmileDynamics;
  scenarios: Scenario[];
}

/** The shock of `scenario` for `underlying`, or the identity shock. */
export function shockFor(scenario: Scenario, underlying: string): UnderlyingShock {
  return scenario.shocks[underlying] ?? scenario.defaultShock ?? NO_SHOCK;
}

/** The identity shock. */
export const NO_SHOCK: UnderlyingShock = Object.freeze({ move: 0, vol: Object.freeze({ kind: 'none' as const }) });
