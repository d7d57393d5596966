/**
 * The scenario grid behind each method's scenario vector, so that one cell of the explain heatmap
 * can be re-priced per position. A keyed table (house style E10.12): methods without a grid
 * (standard margin, placeholders) are refused with the reason. The grids are the engine's own
 * templates with the method's resolved parameters (margin-methods.md §2.2–§2.4), so a cell's
 * position P&L sums to the vector's `preAggregated` entry.
 */
import { deribitScenarioSet } from '../../engine/margin/methods/deribit-pm/scenario-template';
import type { ScenarioSet } from '../../engine/scenarios/scenario-types';
import { gridSpec } from '../../engine/margin/methods/deribit-pm/deribit-pm';
import { currencyParams, resolveDeribitPmParams } from '../../engine/margin/methods/deribit-pm/deribit-params';
import { DERIBIT_PM_CROSS_ID, DERIBIT_PM_ID } from '../../engine/margin/methods/deribit-pm/id';
import { MarginInputError } from '../../engine/margin/margin-input';

/** USD-like settlement currencies, valued at par (as the engine's margin methods do). */
const USD_LIKE: ReadonlySet<string> = new Set(['USD', 'USDC', 'USDT']);

/** A method's grid and how its vectors are valued. */
export interface MethodGrid {
  set: ScenarioSet;
  /** `usd`: every group valued in USD (cross methods, groups `USD_<underlying>`). */
  currency: 'settlement' | 'usd';
  /** Coin balances that enter the grid as spot rows (cross methods, §2.10 working reading). */
  collateralRows: (ccy: string) => boolean;
}

type GridBuilder = (params: unknown, underlyings: string[]) => MethodGrid;

const deribit = (mode: 'segregated' | 'cross'): GridBuilder => (params, underlyings) => {
  const p = resolveDeribitPmParams(params);
  const specs = Object.fromEntries(underlyings.map((u) => [u, gridSpec(p, u)]));
  return {
    set: deribitScenarioSet(specs, p.pmdesk.smile),
    currency: mode === 'cross' ? 'usd' : 'settlement',
    collateralRows: (ccy) => mode === 'cross' && !USD_LIKE.has(ccy) && currencyParams(p, ccy).equity_side_impact !== 'none',
  };
};

const GRIDS: Readonly<Record<string, GridBuilder>> = Object.freeze({
  [DERIBIT_PM_ID]: deribit('segregated'),
  [DERIBIT_PM_CROSS_ID]: deribit('cross'),
});

/** The grid of `methodId` for a book on `underlyings`; an input error when the method has none. */
export function methodGridOf(methodId: string, params: unknown, underlyings: string[]): MethodGrid {
  const build = GRIDS[methodId];
  if (!build) throw new MarginInputError(`method "${methodId}" has no scenario grid to explain`);
  return build(params, underlyings);
}
