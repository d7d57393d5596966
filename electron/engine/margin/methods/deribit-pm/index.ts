/**
 * Deribit-style portfolio margin (margin-methods.md §2): `deribit-pm` (S:PM, per settlement
 * currency) and `deribit-pm-cross` (X:PM-style, USD). Parameters: Deribit `model_params`
 * (`deribit-params.ts`, defaults from Deribit's June 2024 documentation example); scenarios:
 * `scenario-template.ts`; aggregation: `deribit-pm.ts` / `deribit-group.ts`; explanation:
 * `deribit-pm-explain.ts` / `deribit-pm-result.ts`.
 */
import type { MarginMethod, MarginFigures, MethodCalculator } from '../../method-contract';
import type { MarketView } from '../../../scenarios/market-view';
import type { MarginInput } from '../../margin-input';
import { DERIBIT_SM_ID } from '../deribit-sm/id';
import { DERIBIT_PM_NUMERIC_PARAMS, resolveDeribitPmParams } from './deribit-params';
import type { DeribitPm, GridUnion, PmResult } from './deribit-pm';
import { deribitPmSummaryDto } from './deribit-pm-result';
import { DERIBIT_PM_CROSS_ID, DERIBIT_PM_ID } from './id';
import { buildPm, runDeribitPm } from './run-deribit-pm';

/** The `DeribitPm` mode of each of this folder's methods (the service's incremental sessions use it). */
export const DERIBIT_PM_MODES: Readonly<Record<string, 'segregated' | 'cross'>> = Object.freeze({ [DERIBIT_PM_ID]: 'segregated', [DERIBIT_PM_CROSS_ID]: 'cross' });

function pmFigures(r: PmResult): MarginFigures {
  return new Map(r.currencies.map((c) => [c.currency, { im: c.im, mm: c.mm, rate: c.usdRate }]));
}

/** One calculator holding the book: a change re-prices only a new instrument and re-sums one group. */
function calculator(mode: 'segregated' | 'cross') {
  return (market: MarketView, json: unknown, input: MarginInput): MethodCalculator => {
    const pm = buildPm(market, resolveDeribitPmParams(json), input, mode);
    return { setPosition: (id, inst, size) => pm.setPosition(id, inst, size), removePosition: (id) => pm.removePosition(id), figures: () => pmFigures(pm.compute()) };
  };
}

/**
 * The sweep's runner: the book is built once; each parameter set shares its rows and group
 * vectors, re-pricing the instruments only when the set changes a grid (`DeribitPm.withParams`).
 */
function sweeper(mode: 'segregated' | 'cross') {
  return (market: MarketView, input: MarginInput, sets?: readonly unknown[]) => {
    let base: DeribitPm | undefined;
    // With the sweep's sets known, the grids they change are priced together once the book is built (`GridUnion`).
    const point = new Map<unknown, number>(sets?.map((json, i) => [json, i]));
    let union: GridUnion | undefined | null;
    return (json: unknown) => {
      const params = resolveDeribitPmParams(json);
      if (base && union === undefined) union = (sets && base.gridUnion(sets.map((j) => resolveDeribitPmParams(j)))) ?? null;
      const i = point.get(json);
      const pm = (base && union && i !== undefined ? base.atSweepPoint(params, union, i) : undefined) ?? base?.withParams(params) ?? buildPm(market, params, input, mode);
      base ??= pm;
      // A point keeps only the figures (sweep.ts): the summary, built without the explanation.
      return deribitPmSummaryDto(pm, pm.compute());
    };
  };
}

function method(id: string, label: string, mode: 'segregated' | 'cross', savingAgainst?: string): MarginMethod {
  const m: MarginMethod = {
    id, label, version: '2024', role: 'portfolio',
    numericParams: DERIBIT_PM_NUMERIC_PARAMS,
    paramsSource: 'Deribit model_params, June 2024 documentation example (docs.deribit.com private/pme/simulate; margin-methods.md §2.2)',
    parseParams: (json) => resolveDeribitPmParams(json),
    usdDecimals: (json) => resolveDeribitPmParams(json).pmdesk.usdDecimals,
    run: (r) => runDeribitPm(r, mode),
    calculator: calculator(mode),
    sweeper: sweeper(mode),
  };
  if (savingAgainst !== undefined) m.savingAgainst = savingAgainst;
  return m;
}

/** `deribit-pm`: S:PM, one margin per settlement currency; its saving is shown against standard margin. */
export const deribitPmMethod: MarginMethod = method(DERIBIT_PM_ID, 'Deribit-style portfolio margin (S:PM)', 'segregated', DERIBIT_SM_ID);
/** `deribit-pm-cross`: X:PM-style, every group in USD with coin collateral rows (§2.10). */
export const deribitPmCrossMethod: MarginMethod = method(DERIBIT_PM_CROSS_ID, 'Deribit-style cross portfolio margin (X:PM, USD)', 'cross');
