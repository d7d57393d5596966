/**
 * `hvar` parameters (docs/margin-methods.md 5e): the price history (a `history` block holding a
 * price-history CSV, docs/formats.md; absent: the bundled synthetic history), the look-back
 * window in daily returns, the horizon in days and how horizons are sampled, the confidence, the
 * measure that sets IM, the vol treatment (returns as observed, or EWMA vol-scaled), and the MM
 * ratio. Defaults: `default-params.json`. Every bad field — and every bad history row, by row
 * number — is reported at once. A parameter set given as a string is a history CSV over the
 * defaults.
 */
import { DECIMALS_BOUND, ParamsError, Problems } from '../../params';
import { boundedNumber, isPlainObject, openParamSet, paramSetIdentity } from '../../param-fields';
import { paramsOfTable, type NumericParam } from '../../numeric-params';
import DEFAULTS from './default-params.json';
import SYNTHETIC from './synthetic-history.json';
import { HVAR_ID } from './id';
import { parsePriceHistoryCsv, type PriceHistory } from './price-history-csv';

/** How h-day horizons are cut from the daily closes. */
export type HorizonSampling = 'overlapping' | 'non-overlapping';
/** Which tail measure is the initial margin. */
export type HvarMeasure = 'expected-shortfall' | 'value-at-risk';
/** Returns as observed, or rescaled to today's EWMA volatility (Hull & White 1998). */
export type VolTreatment = 'constant' | 'scaled';

/** A parsed history and what to call it in the explanation. */
export interface NamedHistory { name: string; history: PriceHistory }

export interface HvarParams {
  name: string;
  version: string;
  history: NamedHistory;
  /** Daily returns looked back over (the scenarios lie inside them). */
  windowDays: number;
  horizonDays: number;
  sampling: HorizonSampling;
  /** Confidence level c of VaR / ES (0.99 = 99 %). */
  confidence: number;
  measure: HvarMeasure;
  volTreatment: VolTreatment;
  /** EWMA decay λ of the daily variance when `volTreatment` is `scaled`. */
  ewmaLambda: number;
  /** MM = maintenanceToInitial × IM. */
  maintenanceToInitial: number;
  /** Worst days named in the explanation's notes. */
  worstDaysListed: number;
  usdDecimals: number;
}

const TOP = new Set(['name', 'version', 'source', 'history', 'windowDays', 'horizonDays', 'sampling', 'confidence', 'measure', 'volTreatment', 'ewmaLambda', 'maintenanceToInitial', 'worstDaysListed', 'usdDecimals']);
const HISTORY_KEYS = new Set(['name', 'version', 'source', 'csv']);

/** Bounds of every numeric field (docs/margin-methods.md 5e says why). */
export const HVAR_BOUNDS = {
  windowDays: { min: 1, max: 100_000, integer: true },
  horizonDays: { min: 1, max: 250, integer: true },
  confidence: { min: 0.5, max: 1, maxOpen: true },
  ewmaLambda: { min: 0, max: 1, minOpen: true, maxOpen: true },
  maintenanceToInitial: { min: 0, max: 1, minOpen: true },
  worstDaysListed: { min: 1, max: 100, integer: true },
} as const;

function oneOf<T extends string>(problems: Problems, at: string, v: unknown, allowed: readonly T[]): T | undefined {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  problems.list.push(`${at}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return undefined;
}

/** A `history` block `{name?, version?, source?, csv}` (csv: the file's text, or its lines) as a parsed history; problems recorded. */
export function readHistoryBlock(problems: Problems, at: string, v: unknown): NamedHistory | undefined {
  if (!isPlainObject(v)) { problems.list.push(`${at}: expected an object {name?, csv: text or list of lines}`); return undefined; }
  for (const k of Object.keys(v)) if (!HISTORY_KEYS.has(k)) problems.list.push(`${at}.${k}: unknown parameter`);
  const csv = v.csv;
  const text = typeof csv === 'string' ? csv : Array.isArray(csv) && csv.every((l) => typeof l === 'string') ? (csv as string[]).join('\n') : undefined;
  if (text === undefined) { problems.list.push(`${at}.csv: expected the CSV text or a list of its lines (strings)`); return undefined; }
  const parsed = parsedCsv(text);
  for (const i of parsed.issues) problems.list.push(`${at}.csv${i.row > 0 ? ` row ${i.row}` : ''}: ${i.reason}`);
  if (!parsed.history) return undefined;
  const name = typeof v.name === 'string' ? v.name : 'price history';
  return { name: typeof v.version === 'string' ? `${name} v${v.version}` : name, history: parsed.history };
}

/** The last few CSV texts parsed (a run reads its parameters more than once; the text is the key). */
const csvCache = new Map<string, ReturnType<typeof parsePriceHistoryCsv>>();
function parsedCsv(text: string): ReturnType<typeof parsePriceHistoryCsv> {
  let r = csvCache.get(text);
  if (!r) {
    r = parsePriceHistoryCsv(text);
    if (csvCache.size >= 4) csvCache.delete(csvCache.keys().next().value!);
    csvCache.set(text, r);
  }
  return r;
}

let bundled: NamedHistory | undefined;
/** The bundled synthetic history (synthetic-history.json; parsed on first use, then kept). */
export function bundledHistory(): NamedHistory {
  if (!bundled) {
    const problems = new Problems();
    const h = readHistoryBlock(problems, 'synthetic-history.json', SYNTHETIC);
    if (!h) throw new Error(`bundled history refused: ${problems.list.join('; ')}`);
    bundled = h;
  }
  return bundled;
}

function resolve(json: unknown, base: HvarParams | undefined): HvarParams {
  const { given: g, problems } = openParamSet(json, TOP);
  const num = <K extends keyof typeof HVAR_BOUNDS>(k: K, fallback: number): number => {
    if (g[k] === undefined && base) return base[k];
    return boundedNumber(problems, k, g[k], HVAR_BOUNDS[k]) ?? fallback;
  };
  const windowDays = num('windowDays', 1000);
  const horizonDays = num('horizonDays', 1);
  const confidence = num('confidence', 0.99);
  const ewmaLambda = num('ewmaLambda', 0.94);
  const maintenanceToInitial = num('maintenanceToInitial', 1);
  const worstDaysListed = num('worstDaysListed', 10);
  const sampling = g.sampling === undefined && base ? base.sampling : oneOf<HorizonSampling>(problems, 'sampling', g.sampling, ['overlapping', 'non-overlapping']) ?? 'overlapping';
  const measure = g.measure === undefined && base ? base.measure : oneOf<HvarMeasure>(problems, 'measure', g.measure, ['expected-shortfall', 'value-at-risk']) ?? 'expected-shortfall';
  const volTreatment = g.volTreatment === undefined && base ? base.volTreatment : oneOf<VolTreatment>(problems, 'volTreatment', g.volTreatment, ['constant', 'scaled']) ?? 'constant';
  const usdDecimals = g.usdDecimals === undefined && base ? base.usdDecimals : boundedNumber(problems, 'usdDecimals', g.usdDecimals, DECIMALS_BOUND) ?? 6;
  if (sampling === 'non-overlapping' && horizonDays > windowDays) problems.list.push(`horizonDays: ${horizonDays} is longer than windowDays ${windowDays} (no whole horizon in the window)`);
  const history = g.history === undefined ? base?.history ?? bundledHistory() : readHistoryBlock(problems, 'history', g.history);
  problems.throwIfAny();
  return {
    ...paramSetIdentity(g, base, HVAR_ID),
    history: history!, windowDays, horizonDays, sampling, confidence, measure, volTreatment, ewmaLambda, maintenanceToInitial, worstDaysListed, usdDecimals,
  };
}

let defaults: HvarParams | undefined;
/** The defaults over the bundled history (parsed on first use; frozen). */
export function defaultHvarParams(): HvarParams {
  defaults ??= Object.freeze(resolve(DEFAULTS, undefined)) as HvarParams;
  return defaults;
}

/**
 * Parse an `hvar` parameter set over the defaults (given fields replace the defaults'; a
 * `history` block replaces the bundled history). A string is a history CSV over the defaults.
 */
export function resolveHvarParams(json?: unknown): HvarParams {
  if (json === undefined || json === null) return defaultHvarParams();
  if (typeof json === 'string') return resolveHvarParams({ history: { name: 'price history (CSV)', csv: json } });
  if (typeof json !== 'object') throw new ParamsError('parameters: expected an object (or a price-history CSV text)');
  return resolve(json, defaultHvarParams());
}

/** Every bounded numeric parameter (`MarginMethod.numericParams`). */
export const HVAR_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze([...paramsOfTable('', '', HVAR_BOUNDS), { path: 'usdDecimals', example: 'usdDecimals', bound: DECIMALS_BOUND }]);
