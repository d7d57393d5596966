/**
 * Deribit PM parameter sets. Accepts Deribit's own `model_params` object exactly as
 * `private/pme/simulate` returns it (product.md), plus pmdesk extensions under `pmdesk`.
 * Missing pairs/currencies fall back to the BTC/USD values of Deribit's June 2024 documentation
 * example (margin-methods.md §2.2, source docs.deribit.com private-simulate OpenAPI example).
 */
import { boundText, DECIMALS_BOUND, ParamsError, Problems, type ParamBound } from '../../params';
import { DECIMAL_STRING_PATTERN } from '../../../../../shared/domain/decimal-string';
import { paramsOfTable, type NumericParam } from '../../numeric-params';
import { DEFAULT_USD_DECIMALS, USD_LIKE } from '../../usd';

// The method-independent pieces, re-exported for this method's callers.
export { boundText, ParamsError, Problems, USD_LIKE, type ParamBound };

/** `model_params.currency_pair.<u>_usd` (margin-methods.md §2.2). */
export interface DeribitPairParams {
  price_range: number;
  volatility_range_up: number;
  volatility_range_down: number;
  min_volatility_for_shock_up: number;
  short_term_vega_power: number;
  long_term_vega_power: number;
  extended_table_factor: number;
  max_delta_shock: number;
  delta_total_liq_shock_threshold: number;
  m_inc: number;
}

/** `model_params.currency.<ccy>` (margin-methods.md §2.2). */
export interface DeribitCurrencyParams {
  annualised_move_risk: number;
  min_annualised_move: number;
  extended_dampener: number;
  pnl_offset: number;
  max_offsetable_pnl: number;
  haircut: number;
  equity_side_impact: string;
  correlation_set: boolean;
}

/** How the dated-expiry roll shock scales with time (margin-methods.md §2.7, [UNCONFIRMED]). */
export type RollShockForm = 'exp' | 'linear' | 'sqrt';

/** pmdesk's choices where Deribit publishes no formula (docs/margin-methods.md "best readings"). */
export interface PmdeskExtensions {
  /** DTE floor inside the vol scaling, days. Derive pm2.md uses 1 day. */
  dteFloorDays: number;
  /** Vega power switch, days (`DTE < 30` → short power). */
  powerSwitchDays: number;
  /** Dated-expiry roll shock: `exp(a·T)−1` (replica, default), `a·T`, or `a·√T`. */
  rollShockForm: RollShockForm;
  /** Extended-table moves (Deribit support article). */
  extendedMoves: number[];
  /** Smile dynamics under the forward shock (margin-methods.md §6.2: sticky-strike replicates venues). */
  smile: 'sticky-strike' | 'sticky-moneyness';
  /** `max_offsetable_pnl` unit: USD (converted at the index) — best reading, [UNCONFIRMED]. */
  maxOffsetablePnlUnit: 'usd' | 'settlement';
  /** Decimal places of reported margins per settlement currency kind. */
  coinDecimals: number;
  usdDecimals: number;
}

/** A fully resolved, named, versioned parameter set for `deribit-pm`. */
export interface DeribitPmParams {
  name: string;
  version: string;
  general: { mm_factor: number; buckets_count: number; vol_scenarios_count: number };
  currency: Record<string, DeribitCurrencyParams>;
  currency_pair: Record<string, DeribitPairParams>;
  pmdesk: PmdeskExtensions;
}

/** BTC_USD pair values of the June 2024 Deribit doc example (margin-methods.md §2.2). */
export const DEFAULT_PAIR: Readonly<DeribitPairParams> = Object.freeze({
  price_range: 0.16,
  volatility_range_up: 0.5,
  volatility_range_down: 0.25,
  min_volatility_for_shock_up: 0.5,
  short_term_vega_power: 0.3,
  long_term_vega_power: 0.13,
  extended_table_factor: 1,
  max_delta_shock: 0.1,
  delta_total_liq_shock_threshold: 20_000_000,
  m_inc: 0.00005,
});

/** `currency.btc` of the June 2024 doc example (used for any coin currency not given). */
export const DEFAULT_COIN_CURRENCY: Readonly<DeribitCurrencyParams> = Object.freeze({
  annualised_move_risk: 0.075,
  min_annualised_move: 0.01,
  extended_dampener: 100_000,
  pnl_offset: 0,
  max_offsetable_pnl: 0,
  haircut: 0,
  equity_side_impact: 'both',
  correlation_set: false,
});

/** `currency.usd` of the June 2024 doc example (used for USD, USDC, USDT settlement). */
export const DEFAULT_USD_CURRENCY: Readonly<DeribitCurrencyParams> = Object.freeze({
  annualised_move_risk: 0.1,
  min_annualised_move: 0.01,
  extended_dampener: 25_000,
  pnl_offset: 0,
  max_offsetable_pnl: 0,
  haircut: 0,
  equity_side_impact: 'none',
  correlation_set: false,
});

/** Defaults for the pmdesk extensions. */
export const DEFAULT_EXTENSIONS: Readonly<PmdeskExtensions> = Object.freeze({
  dteFloorDays: 1,
  powerSwitchDays: 30,
  rollShockForm: 'exp',
  // Deribit support article 25944756247837: −66 %, −33 %, +50 %, +100 %, +200 %, +300 %, +400 %, +500 %.
  extendedMoves: [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5],
  smile: 'sticky-strike',
  maxOffsetablePnlUnit: 'usd',
  coinDecimals: 9,
  usdDecimals: DEFAULT_USD_DECIMALS,
});

const PAIR_KEYS = Object.keys(DEFAULT_PAIR) as (keyof DeribitPairParams)[];
const CCY_KEYS = Object.keys(DEFAULT_COIN_CURRENCY) as (keyof DeribitCurrencyParams)[];
/** Informational fields Deribit returns that pmdesk accepts and ignores. */
const INFO_KEYS = new Set(['timestamp', 'id', 'name']);

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(where: string, v: unknown): number {
  // Deribit's numeric strings are read as numbers; other text (hex, padded, 'Infinity') is refused.
  const n = typeof v === 'string' && DECIMAL_STRING_PATTERN.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ParamsError(`${where}: expected a finite number`);
  return n;
}

const NON_NEG: ParamBound = { min: 0, max: Infinity };
const FRACTION: ParamBound = { min: 0, max: 1 };
const DECIMALS: ParamBound = DECIMALS_BOUND;

/** Bounds of `general.*`. `vol_scenarios_count`: the engine builds exactly up / same / down. */
export const GENERAL_BOUNDS: Readonly<Record<'mm_factor' | 'buckets_count' | 'vol_scenarios_count', ParamBound>> = Object.freeze({
  mm_factor: { min: 0, max: 1, minOpen: true },
  buckets_count: { min: 1, max: 50, integer: true },
  vol_scenarios_count: { min: 3, max: 3, integer: true },
});

/** Bounds of `currency_pair.<u>_usd.*`. */
export const PAIR_BOUNDS: Readonly<Record<keyof DeribitPairParams, ParamBound>> = Object.freeze({
  price_range: { min: 0, max: 1, minOpen: true, maxOpen: true },
  volatility_range_up: NON_NEG,
  volatility_range_down: NON_NEG,
  min_volatility_for_shock_up: { min: 0, max: 10 },
  short_term_vega_power: FRACTION,
  long_term_vega_power: FRACTION,
  extended_table_factor: NON_NEG,
  max_delta_shock: FRACTION,
  delta_total_liq_shock_threshold: NON_NEG,
  m_inc: NON_NEG,
});

type NumericCurrencyKey = 'annualised_move_risk' | 'min_annualised_move' | 'extended_dampener' | 'pnl_offset' | 'max_offsetable_pnl' | 'haircut';

/** Bounds of the numeric fields of `currency.<ccy>.*`. */
export const CURRENCY_BOUNDS: Readonly<Record<NumericCurrencyKey, ParamBound>> = Object.freeze({
  annualised_move_risk: FRACTION,
  min_annualised_move: FRACTION,
  extended_dampener: NON_NEG,
  pnl_offset: FRACTION,
  max_offsetable_pnl: NON_NEG,
  haircut: { min: 0, max: 1, maxOpen: true },
});

/** Bounds of the numeric `pmdesk.*` extensions. */
export const PMDESK_BOUNDS: Readonly<Record<'dteFloorDays' | 'powerSwitchDays' | 'coinDecimals' | 'usdDecimals', ParamBound>> = Object.freeze({
  dteFloorDays: { min: 0, max: Infinity, minOpen: true },
  powerSwitchDays: NON_NEG,
  coinDecimals: DECIMALS,
  usdDecimals: DECIMALS,
});

/** A finite number (or numeric text) inside `b`; otherwise a `ParamsError` naming the field and the range. */
function bounded(where: string, v: unknown, b: ParamBound): number {
  const n = num(where, v);
  const ok = (b.minOpen ? n > b.min : n >= b.min) && (b.maxOpen ? n < b.max : n <= b.max) && (!b.integer || Number.isInteger(n));
  if (!ok) throw new ParamsError(`${where}: must be ${b.integer ? '' : 'in '}${boundText(b)}, got ${n}`);
  return n;
}

function mergeBlock<T extends object>(where: string, base: T, input: unknown, keys: (keyof T)[], bounds: Readonly<Partial<Record<keyof T, ParamBound>>>, problems: Problems): T {
  if (input === undefined) return { ...base };
  if (!isObj(input)) throw new ParamsError(`${where}: expected an object`);
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(input)) problems.check(() => {
    if (!(keys as string[]).includes(k)) {
      if (INFO_KEYS.has(k)) return;
      throw new ParamsError(`${where}.${k}: unknown parameter`);
    }
    const def = (base as Record<string, unknown>)[k];
    if (typeof def === 'number') out[k] = bounded(`${where}.${k}`, v, bounds[k as keyof T] ?? NON_NEG);
    else if (typeof def === 'boolean') {
      if (typeof v !== 'boolean') throw new ParamsError(`${where}.${k}: expected true/false`);
      out[k] = v;
    } else {
      if (typeof v !== 'string') throw new ParamsError(`${where}.${k}: expected text`);
      out[k] = v;
    }
  });
  return out as T;
}

/**
 * Resolve user input (Deribit `model_params`, optionally wrapped as `{model_params: …}` or a
 * whole `pme/simulate` result, plus `name`, `version`, `pmdesk`) into a full parameter set.
 * Unknown fields are errors, except Deribit's informational ones (`timestamp`). Every bad field
 * is reported: the `ParamsError` lists them all, in document order.
 */
export function resolveDeribitPmParams(input?: unknown): DeribitPmParams {
  const problems = new Problems();
  let src: Record<string, unknown> = {};
  if (input !== undefined && input !== null) {
    if (!isObj(input)) throw new ParamsError('parameters: expected an object');
    src = isObj(input.model_params) ? { ...input, ...input.model_params } : input;
    delete src.model_params;
  }
  const allowedTop = new Set(['name', 'version', 'general', 'currency', 'currency_pair', 'pmdesk', 'model_params']);
  for (const k of Object.keys(src)) if (!allowedTop.has(k)) problems.check(() => { throw new ParamsError(`parameters.${k}: unknown field`); });
  const general = { mm_factor: 0.8, buckets_count: 4, vol_scenarios_count: 3 };
  problems.check(() => {
    const g = src.general === undefined ? {} : src.general;
    if (!isObj(g)) throw new ParamsError('general: expected an object');
    for (const [k, v] of Object.entries(g)) problems.check(() => {
      if (k === 'mm_factor' || k === 'buckets_count') general[k] = bounded(`general.${k}`, v, GENERAL_BOUNDS[k]);
      else if (k === 'vol_scenarios_count') {
        const n = num('general.vol_scenarios_count', v);
        if (n !== 3) throw new ParamsError(`general.vol_scenarios_count: only 3 (up, same, down) is supported, got ${n}`);
        general.vol_scenarios_count = n;
      } else if (!INFO_KEYS.has(k)) throw new ParamsError(`general.${k}: unknown parameter`);
    });
  });
  const currency: Record<string, DeribitCurrencyParams> = {};
  if (src.currency !== undefined) problems.check(() => {
    if (!isObj(src.currency)) throw new ParamsError('currency: expected an object');
    for (const [k, v] of Object.entries(src.currency)) problems.check(() => {
      const base = USD_LIKE.has(k.toUpperCase()) ? DEFAULT_USD_CURRENCY : DEFAULT_COIN_CURRENCY;
      currency[k.toLowerCase()] = mergeBlock(`currency.${k}`, base, v, CCY_KEYS, CURRENCY_BOUNDS, problems);
    });
  });
  const currency_pair: Record<string, DeribitPairParams> = {};
  if (src.currency_pair !== undefined) problems.check(() => {
    if (!isObj(src.currency_pair)) throw new ParamsError('currency_pair: expected an object');
    for (const [k, v] of Object.entries(src.currency_pair)) problems.check(() => {
      currency_pair[k.toLowerCase()] = mergeBlock(`currency_pair.${k}`, DEFAULT_PAIR, v, PAIR_KEYS, PAIR_BOUNDS, problems);
    });
  });
  let pmdesk: PmdeskExtensions = DEFAULT_EXTENSIONS;
  problems.check(() => { pmdesk = resolveExtensions(src.pmdesk, problems); });
  problems.throwIfAny();
  const name = typeof src.name === 'string' ? src.name : 'deribit-pm default (Deribit 2024 doc example)';
  const version = typeof src.version === 'string' ? src.version : '2024-06';
  return { name, version, general, currency, currency_pair, pmdesk };
}

function resolveExtensions(input: unknown, problems: Problems): PmdeskExtensions {
  const out: PmdeskExtensions = { ...DEFAULT_EXTENSIONS, extendedMoves: [...DEFAULT_EXTENSIONS.extendedMoves] };
  if (input === undefined) return out;
  if (!isObj(input)) throw new ParamsError('pmdesk: expected an object');
  for (const [k, v] of Object.entries(input)) problems.check(() => {
    switch (k) {
      case 'dteFloorDays': case 'powerSwitchDays': case 'coinDecimals': case 'usdDecimals':
        out[k] = bounded(`pmdesk.${k}`, v, PMDESK_BOUNDS[k]); break;
      case 'rollShockForm':
        if (v !== 'exp' && v !== 'linear' && v !== 'sqrt') throw new ParamsError('pmdesk.rollShockForm: expected exp, linear or sqrt');
        out.rollShockForm = v; break;
      case 'smile':
        if (v !== 'sticky-strike' && v !== 'sticky-moneyness') throw new ParamsError('pmdesk.smile: expected sticky-strike or sticky-moneyness');
        out.smile = v; break;
      case 'maxOffsetablePnlUnit':
        if (v !== 'usd' && v !== 'settlement') throw new ParamsError('pmdesk.maxOffsetablePnlUnit: expected usd or settlement');
        out.maxOffsetablePnlUnit = v; break;
      case 'extendedMoves':
        if (!Array.isArray(v) || v.some((m) => typeof m !== 'number' || !Number.isFinite(m) || !(m > -1) || m === 0)) {
          throw new ParamsError('pmdesk.extendedMoves: expected finite non-zero numbers above -1');
        }
        out.extendedMoves = [...(v as number[])]; break;
      default: throw new ParamsError(`pmdesk.${k}: unknown parameter`);
    }
  });
  return out;
}

/** The pair block for `underlying` (`eth` → `eth_usd`), or the documented default. */
export function pairParams(p: DeribitPmParams, underlying: string): DeribitPairParams {
  const u = underlying.toLowerCase();
  return p.currency_pair[`${u}_usd`] ?? p.currency_pair[`${u}_usdc`] ?? p.currency_pair[u] ?? DEFAULT_PAIR;
}

/** The currency block for settlement currency `ccy` (USD-like → `usd`), or the documented default. */
export function currencyParams(p: DeribitPmParams, ccy: string): DeribitCurrencyParams {
  const c = ccy.toLowerCase();
  if (p.currency[c]) return p.currency[c];
  if (USD_LIKE.has(ccy.toUpperCase())) return p.currency.usd ?? p.currency.usdc ?? DEFAULT_USD_CURRENCY;
  return DEFAULT_COIN_CURRENCY;
}

/** Every numeric parameter with its bound (`MarginMethod.numericParams`; `extendedMoves` entries: above −1, not 0, no interval). */
export const DERIBIT_PM_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze([
  ...paramsOfTable('general', 'general', GENERAL_BOUNDS),
  ...paramsOfTable('currency_pair.<pair>', 'currency_pair.btc_usd', PAIR_BOUNDS),
  ...paramsOfTable('currency.<currency>', 'currency.btc', CURRENCY_BOUNDS),
  ...paramsOfTable('pmdesk', 'pmdesk', PMDESK_BOUNDS),
]);
