/**
 * `derive-pm2` parameters: the parameter set of Derive's PMRM_2 risk manager in the shape of the
 * v2-core test files' `Parameters` block (keys as written there), so a published case's block is
 * a valid parameter set as it is. Defaults: `default-params.json` (v2-core commit 7736900d, the
 * set of `test_18_structures_OTM_call_spread.json`). Ranges: the `require`s of PMRMLib_2.sol's
 * setters (`src/risk-managers/PMRMLib_2.sol` lines 41–105, commit 7736900d), plus positivity
 * where a zero would divide. Every bad field is reported at once (`Problems`).
 */
import { boundText, DECIMALS_BOUND, ParamsError, Problems, type ParamBound } from '../../params';
import { inBound, isPlainObject as isObject, objectList } from '../../param-fields';
import { paramsOfTable, type NumericParam } from '../../numeric-params';
import DEFAULTS from './default-params.json';

/** Vol state of a scenario: PMRMLib_2 `VolShockDirection` (`LINEAR`/`ABS` are the skew scenarios). */
export type Pm2VolShock = 'None' | 'Up' | 'Down' | 'LINEAR' | 'ABS';
export const PM2_VOL_SHOCKS: readonly Pm2VolShock[] = ['None', 'Up', 'Down', 'LINEAR', 'ABS'];

/** One scenario (IPMRM_2.Scenario): spot multiplier, vol state, P&L dampening. */
export interface Pm2Scenario { SpotShock: number; VolShockDirection: Pm2VolShock; DampeningFactor: number }

export interface Pm2SkewShock {
  LINEAR_SCALE_CAP: number; LINEAR_CBASE: number; ABS_SCALE_CAP: number; ABS_CBASE: number;
  MIN_K_STAR: number; MIN_WIDTH_SCALE: number; VOL_PARAM_STATIC: number; VOL_PARAM_SCALE: number;
}
export interface Pm2VolShockParams {
  VOLRANGEUP: number; MIN_VOL_EVAL_SHOCKED: number; VOLRANGEDOWN: number; SHORTTERMPOWER: number; LONGTERMPOWER: number;
  /** Days (the harness converts to seconds: `DTE_FLOOR · 1 days`). */
  DTE_FLOOR: number;
}
export interface Pm2MarginParams {
  MM_LOSS_FACTOR: number; IM_LOSS_FACTOR: number; SHORT_RATE_MULTSCALE: number; LONG_RATE_MULTSCALE: number;
  SHORT_RATE_ADDSCALE: number; LONG_RATE_ADDSCALE: number; BASE_STATIC_DISCOUNT: number; BASE_STATIC_DISCOUNT_NEG: number;
}
export interface Pm2BasisParams { SCENARIO_SPOT_UP: number; SCENARIO_SPOT_DOWN: number; BASIS_CONT_ADD_FACTOR: number; BASIS_CONT_MULT_FACTOR: number }
/** `*_NORMAL` are the test files' MM + IM sums (informational; the contract adds IM_* on top of MM_*). */
export interface Pm2OtherParams {
  PEG_LOSS_THRESHOLD: number; PEG_LOSS_FACTOR: number; CONF_THRESHOLD: number; CONF_MARGIN: number;
  MM_PERP_PERCENT: number; IM_PERP_PERCENT: number; IM_PERP_PERCENT_NORMAL?: number;
  MM_OPTION_PERCENT: number; IM_OPTION_PERCENT: number; IM_OPTION_PERCENT_NORMAL?: number;
}
/** pmdesk's own fields: the flat discount rate (a snapshot carries no rates) and USD rounding. */
export interface Pm2Pmdesk { rate: number; usdDecimals: number }

export interface DerivePm2Params {
  name: string;
  version: string;
  Scenarios: Pm2Scenario[];
  SkewShock: Pm2SkewShock;
  VolShock: Pm2VolShockParams;
  Margin: Pm2MarginParams;
  BasisContingency: Pm2BasisParams;
  OtherContingency: Pm2OtherParams;
  pmdesk: Pm2Pmdesk;
}

const ANY: ParamBound = { min: -Infinity, max: Infinity };
const r = (min: number, max: number, o: Partial<ParamBound> = {}): ParamBound => ({ min, max, ...o });

/** PMRMLib_2.sol setter `require`s (line numbers at commit 7736900d). */
const BOUNDS: Record<string, Record<string, ParamBound>> = {
  // setSkewShockParameters, lines 93–105.
  SkewShock: {
    LINEAR_SCALE_CAP: r(0, 10), ABS_SCALE_CAP: r(0, 10), LINEAR_CBASE: r(-10, 10), ABS_CBASE: r(-10, 10),
    // MIN_K_STAR > 0: k·cap/k* divides by it.
    MIN_K_STAR: r(0, 10, { minOpen: true }), MIN_WIDTH_SCALE: r(0, 10), VOL_PARAM_STATIC: r(0, 10), VOL_PARAM_SCALE: r(-20, 20),
  },
  // setVolShockParams, lines 82–91 (dteFloor ≤ 400 days).
  VolShock: { VOLRANGEUP: r(0, 10), VOLRANGEDOWN: r(0, 10), SHORTTERMPOWER: r(0, 10), LONGTERMPOWER: r(0, 10), DTE_FLOOR: r(0, 400, { minOpen: true }), MIN_VOL_EVAL_SHOCKED: r(0, 20) },
  // setMarginParams, lines 68–80.
  Margin: {
    IM_LOSS_FACTOR: r(0.5, 10), MM_LOSS_FACTOR: r(0.1, 10), SHORT_RATE_MULTSCALE: r(0, 10), LONG_RATE_MULTSCALE: r(0, 10),
    SHORT_RATE_ADDSCALE: r(0, 10), LONG_RATE_ADDSCALE: r(0, 10), BASE_STATIC_DISCOUNT_NEG: r(0, 4), BASE_STATIC_DISCOUNT: r(0, 4),
  },
  // setBasisContingencyParams, lines 41–51.
  BasisContingency: { SCENARIO_SPOT_UP: r(1, 3, { minOpen: true, maxOpen: true }), SCENARIO_SPOT_DOWN: r(0, 1, { minOpen: true, maxOpen: true }), BASIS_CONT_ADD_FACTOR: r(0, 20), BASIS_CONT_MULT_FACTOR: r(0, 20) },
  // setOtherContingencyParams, lines 55–66.
  OtherContingency: {
    PEG_LOSS_THRESHOLD: r(0, 100), PEG_LOSS_FACTOR: r(0, 10), CONF_THRESHOLD: r(0, 1), CONF_MARGIN: r(0, 20),
    MM_PERP_PERCENT: r(0, 3), IM_PERP_PERCENT: r(0, 3), IM_PERP_PERCENT_NORMAL: ANY,
    MM_OPTION_PERCENT: r(0, 2), IM_OPTION_PERCENT: r(0, 2), IM_OPTION_PERCENT_NORMAL: ANY,
  },
  pmdesk: { rate: r(-1, 10), usdDecimals: DECIMALS_BOUND },
};
const OPTIONAL = new Set(['IM_PERP_PERCENT_NORMAL', 'IM_OPTION_PERCENT_NORMAL']);
/** Informational keys the v2-core files carry at the top level of a parameter set. */
const META = new Set(['name', 'version', 'source']);

function mergeBlock(name: string, base: Record<string, number>, given: unknown, problems: Problems): Record<string, number> {
  const out: Record<string, number> = { ...base };
  if (given === undefined) return out;
  if (!isObject(given)) { problems.list.push(`${name}: expected an object`); return out; }
  const bounds = BOUNDS[name];
  for (const [k, v] of Object.entries(given)) {
    const b = bounds[k];
    if (!b) { problems.list.push(`${name}.${k}: unknown parameter`); continue; }
    if (typeof v !== 'number' || !Number.isFinite(v)) { problems.list.push(`${name}.${k}: expected a finite number`); continue; }
    if (!inBound(b, v)) { problems.list.push(`${name}.${k}: ${v} is outside ${boundText(b)}`); continue; }
    out[k] = v;
  }
  for (const k of Object.keys(bounds)) if (!OPTIONAL.has(k) && out[k] === undefined) problems.list.push(`${name}.${k}: missing`);
  return out;
}

function parseScenarios(given: unknown, problems: Problems): Pm2Scenario[] {
  return objectList(problems, 'Scenarios', given, (s, at) => {
    for (const k of Object.keys(s)) if (!['SpotShock', 'VolShockDirection', 'DampeningFactor'].includes(k)) problems.list.push(`${at}.${k}: unknown field`);
    const { SpotShock, VolShockDirection, DampeningFactor } = s;
    let ok = true;
    // Spot multiplier > 0 (a forward of 0 or less has no Black-76 value); dampening ≥ 0 (PMRM_2 stores it unsigned).
    if (typeof SpotShock !== 'number' || !Number.isFinite(SpotShock) || SpotShock <= 0) { problems.list.push(`${at}.SpotShock: expected a number > 0`); ok = false; }
    if (typeof VolShockDirection !== 'string' || !PM2_VOL_SHOCKS.includes(VolShockDirection as Pm2VolShock)) { problems.list.push(`${at}.VolShockDirection: expected one of ${PM2_VOL_SHOCKS.join(', ')}`); ok = false; }
    if (typeof DampeningFactor !== 'number' || !Number.isFinite(DampeningFactor) || DampeningFactor < 0) { problems.list.push(`${at}.DampeningFactor: expected a number ≥ 0`); ok = false; }
    return ok ? { SpotShock: SpotShock as number, VolShockDirection: VolShockDirection as Pm2VolShock, DampeningFactor: DampeningFactor as number } : undefined;
  });
}

const BLOCKS = ['SkewShock', 'VolShock', 'Margin', 'BasisContingency', 'OtherContingency', 'pmdesk'] as const;

/** The defaults (parsed once; frozen). */
export const DEFAULT_DERIVE_PM2_PARAMS: Readonly<DerivePm2Params> = Object.freeze(resolve(undefined, DEFAULTS as unknown as DerivePm2Params));

function resolve(json: unknown, base: DerivePm2Params): DerivePm2Params {
  if (json !== undefined && json !== null && !isObject(json)) throw new ParamsError('parameters: expected an object');
  const given = (json ?? {}) as Record<string, unknown>;
  const problems = new Problems();
  for (const k of Object.keys(given)) if (!META.has(k) && k !== 'Scenarios' && !(BLOCKS as readonly string[]).includes(k)) problems.list.push(`${k}: unknown parameter block`);
  for (const k of ['name', 'version'] as const) if (given[k] !== undefined && typeof given[k] !== 'string') problems.list.push(`${k}: expected a string`);
  const blocks = Object.fromEntries(BLOCKS.map((b) => [b, mergeBlock(b, base[b] as unknown as Record<string, number>, given[b], problems)]));
  const scenarios = given.Scenarios === undefined ? base.Scenarios.map((s) => ({ ...s })) : parseScenarios(given.Scenarios, problems);
  problems.throwIfAny();
  const custom = json !== undefined && json !== null && Object.keys(given).some((k) => !META.has(k));
  return {
    name: typeof given.name === 'string' ? given.name : custom ? `${base.name} (edited)` : base.name,
    version: typeof given.version === 'string' ? given.version : base.version,
    Scenarios: scenarios,
    ...(blocks as unknown as Omit<DerivePm2Params, 'name' | 'version' | 'Scenarios'>),
  };
}

/**
 * Parse a `derive-pm2` parameter set: blocks given override the defaults field by field,
 * `Scenarios` replaces the default list. Throws `ParamsError` naming every bad field.
 */
export function resolveDerivePm2Params(json?: unknown): DerivePm2Params {
  if (json === undefined || json === null) return DEFAULT_DERIVE_PM2_PARAMS as DerivePm2Params;
  return resolve(json, DEFAULT_DERIVE_PM2_PARAMS as DerivePm2Params);
}

/** Every bounded numeric parameter (`MarginMethod.numericParams`): the setter blocks; `Scenarios[i]` entries are checked > 0 / ≥ 0 without an upper bound. */
export const DERIVE_PM2_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze(Object.entries(BOUNDS).flatMap(([block, b]) => paramsOfTable(block, block, b)));
