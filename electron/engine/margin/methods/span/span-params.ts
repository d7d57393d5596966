/**
 * `span` parameters: scan points in the PC-SPAN `pointDef/scanPointDef` shape (shared
 * margin-methods.md §4.5: price move = mult·numerator/denominator price scan ranges, vol move the
 * same of the vol scan range, `weight` = fraction of the loss counted; §4.2), per combined
 * commodity (underlying; `*` for any other) the scan ranges and charge rates, inter-commodity
 * spreads, NOV switch, IM/MM ratio, and optional per-instrument risk arrays read from a
 * clearing house's file (`pc-span-xml.ts` → `spanFileToParams`). Defaults: `default-params.json`.
 * Every bad field is reported at once.
 */
import { DECIMALS_BOUND, ParamsError, Problems, type ParamBound } from '../../params';
import { boundedNumber as num, isPlainObject as isObject, objectList, openParamSet, paramSetIdentity } from '../../param-fields';
import DEFAULTS from './default-params.json';
import { SPAN_ID } from './id';
import { readPcSpanXml, spanFileToParams } from './pc-span-xml';
import { XmlError } from './xml-lite';
import { paramsOfTable, type NumericParam } from '../../numeric-params';

export interface ScanFraction { mult: number; numerator: number; denominator: number }
export interface ScanPoint { point: number; pairedPoint?: number; priceScanDef: ScanFraction; volScanDef: ScanFraction; weight: number }

/** One combined commodity's rates. */
export interface CombinedCommodityParams {
  /** Price scan range as a fraction of the index (0.16 = ±16 %). */
  priceScanRange: number;
  /** Vol scan range in vol points as a decimal (0.10 = ±10 vols), added to every option's vol. */
  volScanRange: number;
  /** Intra-commodity (inter-month) charge per matched coin of delta, as a fraction of the index. */
  intraSpreadRate: number;
  /** Short option minimum per short option coin, as a fraction of the index. */
  shortOptionMinimum: number;
}

/**
 * Expiry dates a spread leg covers (a PC-SPAN tier's start/end periods, or one period), inclusive,
 * as ISO `YYYY-MM-DD` text; an open end is unbounded. A leg without `periods` covers the whole
 * combined commodity, perpetuals included; a leg with them never covers a perpetual (no expiry).
 */
export interface PeriodRange { start?: string; end?: string }

/** One leg of a spread: `deltaPerSpread` of net delta per spread (sign: side A +, side B −) within `periods`. */
export interface SpreadLeg { deltaPerSpread: number; periods?: PeriodRange }

/**
 * An inter-commodity spread (CME "Inter Spreads", WPR rate type, §4.4): `deltaPerSpread` of each
 * leg's cc (signs give the pattern; its mirror counts too); `credit` a fraction of each leg's
 * weighted price risk. Spreads are formed in `priority` order (lower first; list order among equal
 * or absent priorities, absent after given ones).
 */
export interface InterSpread { id: string; credit: number; priority?: number; legs: (SpreadLeg & { cc: string })[] }

/**
 * An intra-commodity (inter-month) spread of a PC-SPAN file's `ccDef/dSpread` (§4.4: "in SPAN
 * proper the charge is per matched delta pair (flat or tiered)"): legs in tiers of combined
 * commodity `cc`, `charge` USD per spread formed. A cc with any of these is charged by them (in
 * `priority` order, as inter spreads) instead of `intraSpreadRate`.
 */
export interface IntraSpread { id: string; cc: string; charge: number; priority?: number; legs: SpreadLeg[] }

/** A file-supplied risk array: loss per unit of size under each scan point (SPAN sign: loss positive), and the composite delta. */
export interface FileRiskArray { ra: number[]; delta: number; cc?: string }

export interface SpanParams {
  name: string;
  version: string;
  scanPoints: ScanPoint[];
  combinedCommodities: Record<string, CombinedCommodityParams>;
  interSpreads: InterSpread[];
  intraSpreads: IntraSpread[];
  netOptionValue: boolean;
  initialToMaintenance: number;
  riskArrays: Record<string, FileRiskArray>;
  usdDecimals: number;
}

const CC_BOUNDS: Record<keyof CombinedCommodityParams, ParamBound> = {
  priceScanRange: { min: 0, max: 1, minOpen: true, maxOpen: true },
  volScanRange: { min: 0, max: 5 },
  intraSpreadRate: { min: 0, max: 1 },
  shortOptionMinimum: { min: 0, max: 1 },
};
const WEIGHT_BOUND: ParamBound = { min: 0, max: 1 };
const I2M_BOUND: ParamBound = { min: 1, max: 10 };
const CC_KEYS = Object.keys(CC_BOUNDS) as (keyof CombinedCommodityParams)[];

function parseFraction(problems: Problems, at: string, v: unknown): ScanFraction | undefined {
  if (!isObject(v)) { problems.list.push(`${at}: expected {mult, numerator, denominator}`); return undefined; }
  const mult = v.mult === undefined ? 1 : num(problems, `${at}.mult`, v.mult);
  const numerator = num(problems, `${at}.numerator`, v.numerator);
  const denominator = num(problems, `${at}.denominator`, v.denominator, { min: 0, max: Infinity, minOpen: true });
  return mult === undefined || numerator === undefined || denominator === undefined ? undefined : { mult, numerator, denominator };
}

function parseScanPoints(problems: Problems, v: unknown): ScanPoint[] {
  return objectList(problems, 'scanPoints', v, (s, at) => {
    const point = num(problems, `${at}.point`, s.point, { min: 1, max: 1000, integer: true });
    const price = parseFraction(problems, `${at}.priceScanDef`, s.priceScanDef);
    const vol = parseFraction(problems, `${at}.volScanDef`, s.volScanDef);
    const weight = num(problems, `${at}.weight`, s.weight, WEIGHT_BOUND);
    const paired = s.pairedPoint === undefined ? undefined : num(problems, `${at}.pairedPoint`, s.pairedPoint, { min: 1, max: 1000, integer: true });
    return point !== undefined && price && vol && weight !== undefined ? { point, ...(paired !== undefined ? { pairedPoint: paired } : {}), priceScanDef: price, volScanDef: vol, weight } : undefined;
  });
}

function parseCc(problems: Problems, at: string, base: CombinedCommodityParams, v: unknown): CombinedCommodityParams {
  const out = { ...base };
  if (!isObject(v)) { problems.list.push(`${at}: expected an object`); return out; }
  for (const [k, x] of Object.entries(v)) {
    if (!CC_KEYS.includes(k as keyof CombinedCommodityParams)) { problems.list.push(`${at}.${k}: unknown parameter`); continue; }
    const n = num(problems, `${at}.${k}`, x, CC_BOUNDS[k as keyof CombinedCommodityParams]);
    if (n !== undefined) out[k as keyof CombinedCommodityParams] = n;
  }
  return out;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function parsePeriods(problems: Problems, at: string, v: unknown): PeriodRange | undefined | null {
  if (v === undefined) return undefined;
  if (!isObject(v)) { problems.list.push(`${at}: expected {start?, end?} (YYYY-MM-DD)`); return null; }
  const out: PeriodRange = {};
  for (const [k, x] of Object.entries(v)) {
    if (k !== 'start' && k !== 'end') { problems.list.push(`${at}.${k}: unknown parameter`); return null; }
    if (typeof x !== 'string' || !ISO_DAY.test(x)) { problems.list.push(`${at}.${k}: expected a YYYY-MM-DD date`); return null; }
    out[k] = x;
  }
  if (out.start !== undefined && out.end !== undefined && out.start > out.end) { problems.list.push(`${at}: start ${out.start} is after end ${out.end}`); return null; }
  return out;
}

/** The legs of spread `at` (cc required when `withCc`); undefined when any is bad (each problem listed). */
function parseLegs(problems: Problems, at: string, v: unknown, withCc: boolean): (SpreadLeg & { cc: string })[] | undefined {
  if (!Array.isArray(v) || v.length < 2) { problems.list.push(`${at}.legs: expected at least two legs`); return undefined; }
  const legs: (SpreadLeg & { cc: string })[] = [];
  v.forEach((l: unknown, j: number) => {
    const la = `${at}.legs[${j}]`;
    if (!isObject(l)) { problems.list.push(`${la}: expected an object`); return; }
    if (withCc && (typeof l.cc !== 'string' || l.cc === '')) { problems.list.push(`${la}.cc: expected a combined-commodity code`); return; }
    const d = num(problems, `${la}.deltaPerSpread`, l.deltaPerSpread);
    const periods = parsePeriods(problems, `${la}.periods`, l.periods);
    if (d === 0) problems.list.push(`${la}.deltaPerSpread: must not be 0`);
    else if (d !== undefined && periods !== null) legs.push({ cc: withCc ? (l.cc as string).toUpperCase() : '', deltaPerSpread: d, ...(periods ? { periods } : {}) });
  });
  return legs.length === v.length ? legs : undefined;
}

/** Spreads sorted by priority (stable: list order among equal priorities; absent ones last). */
function byPriority<T extends { priority?: number }>(list: T[]): T[] {
  return list.map((x, i) => ({ x, i })).sort((a, b) => (a.x.priority ?? Infinity) - (b.x.priority ?? Infinity) || a.i - b.i).map((e) => e.x);
}

function parseSpreads(problems: Problems, v: unknown): InterSpread[] {
  return byPriority(objectList(problems, 'interSpreads', v, (s, at) => {
    const credit = num(problems, `${at}.credit`, s.credit, { min: 0, max: 1 });
    const priority = s.priority === undefined ? undefined : num(problems, `${at}.priority`, s.priority);
    const legs = parseLegs(problems, at, s.legs, true);
    return credit !== undefined && legs && (s.priority === undefined || priority !== undefined)
      ? { id: typeof s.id === 'string' ? s.id : at, credit, ...(priority !== undefined ? { priority } : {}), legs } : undefined;
  }, false));
}

function parseIntraSpreads(problems: Problems, v: unknown): IntraSpread[] {
  return byPriority(objectList(problems, 'intraSpreads', v, (s, at) => {
    const cc = typeof s.cc === 'string' && s.cc !== '' ? s.cc.toUpperCase() : undefined;
    if (cc === undefined) problems.list.push(`${at}.cc: expected a combined-commodity code`);
    const charge = num(problems, `${at}.charge`, s.charge, { min: 0, max: Infinity });
    const priority = s.priority === undefined ? undefined : num(problems, `${at}.priority`, s.priority);
    const legs = parseLegs(problems, at, s.legs, false);
    return cc !== undefined && charge !== undefined && legs && (s.priority === undefined || priority !== undefined)
      ? { id: typeof s.id === 'string' ? s.id : at, cc, charge, ...(priority !== undefined ? { priority } : {}), legs: legs.map(({ cc: _cc, ...l }) => l) } : undefined;
  }, false));
}

function parseArrays(problems: Problems, v: unknown, nPoints: number): Record<string, FileRiskArray> {
  if (!isObject(v)) { problems.list.push('riskArrays: expected an object keyed by instrument'); return {}; }
  const out: Record<string, FileRiskArray> = {};
  for (const [sym, a] of Object.entries(v)) {
    const at = `riskArrays.${sym}`;
    if (!isObject(a) || !Array.isArray(a.ra)) { problems.list.push(`${at}: expected {ra: number[], delta}`); continue; }
    if (a.ra.length !== nPoints) { problems.list.push(`${at}.ra: has ${a.ra.length} values, the scan points are ${nPoints}`); continue; }
    const bad = a.ra.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (bad >= 0) { problems.list.push(`${at}.ra[${bad}]: expected a finite number`); continue; }
    const delta = a.delta === undefined ? 0 : num(problems, `${at}.delta`, a.delta);
    if (delta === undefined) continue;
    out[sym] = { ra: a.ra as number[], delta, ...(typeof a.cc === 'string' ? { cc: a.cc.toUpperCase() } : {}) };
  }
  return out;
}

const TOP = new Set(['name', 'version', 'source', 'scanPoints', 'combinedCommodities', 'interSpreads', 'intraSpreads', 'netOptionValue', 'initialToMaintenance', 'riskArrays', 'usdDecimals']);

function resolve(json: unknown, base: SpanParams | undefined): SpanParams {
  const { given: g, problems } = openParamSet(json, TOP);
  const pick = <T>(k: string, parse: (v: unknown) => T, fallback: T | undefined): T => (g[k] === undefined && fallback !== undefined ? fallback : parse(g[k]));
  const scanPoints = pick('scanPoints', (v) => parseScanPoints(problems, v), base?.scanPoints);
  const combinedCommodities: Record<string, CombinedCommodityParams> = { ...(base?.combinedCommodities ?? {}) };
  if (g.combinedCommodities !== undefined) {
    if (!isObject(g.combinedCommodities)) problems.list.push('combinedCommodities: expected an object keyed by underlying');
    else for (const [cc, v] of Object.entries(g.combinedCommodities)) {
      const key = cc === '*' ? '*' : cc.toUpperCase();
      const from = combinedCommodities[key] ?? combinedCommodities['*'];
      const parsed = parseCc(problems, `combinedCommodities.${cc}`, from ?? ({} as CombinedCommodityParams), v);
      // Without an entry to start from (the first "*"), every rate must be given.
      if (!from) for (const f of CC_KEYS) if (parsed[f] === undefined) problems.list.push(`combinedCommodities.${cc}.${f}: missing`);
      combinedCommodities[key] = parsed;
    }
  }
  if (!combinedCommodities['*']) problems.list.push('combinedCommodities.*: missing (the rates of any other underlying)');
  // A scan point's price is index × (1 + fraction × range): the deepest down move must leave it above 0.
  const deepest = Math.max(0, ...scanPoints.map((s) => -scanMoves(s).price));
  for (const [cc, c] of Object.entries(combinedCommodities)) {
    if (typeof c.priceScanRange === 'number' && !(deepest * c.priceScanRange < 1)) problems.list.push(`combinedCommodities.${cc}.priceScanRange: ${c.priceScanRange} × the deepest scan-point down move (${deepest} ranges) takes the price to 0 or below`);
  }
  const interSpreads = pick('interSpreads', (v) => parseSpreads(problems, v), base?.interSpreads);
  const intraSpreads = pick('intraSpreads', (v) => parseIntraSpreads(problems, v), base?.intraSpreads ?? []);
  const riskArrays = pick('riskArrays', (v) => parseArrays(problems, v, scanPoints.length), base?.riskArrays);
  const netOptionValue = pick('netOptionValue', (v) => { if (typeof v !== 'boolean') problems.list.push('netOptionValue: expected true or false'); return v === true; }, base?.netOptionValue);
  const initialToMaintenance = pick('initialToMaintenance', (v) => num(problems, 'initialToMaintenance', v, I2M_BOUND) ?? 1, base?.initialToMaintenance);
  const usdDecimals = pick('usdDecimals', (v) => num(problems, 'usdDecimals', v, DECIMALS_BOUND) ?? 6, base?.usdDecimals);
  problems.throwIfAny();
  return {
    ...paramSetIdentity(g, base, SPAN_ID),
    scanPoints, combinedCommodities, interSpreads, intraSpreads, netOptionValue, initialToMaintenance, riskArrays, usdDecimals,
  };
}

/** The defaults (parsed once; frozen). */
export const DEFAULT_SPAN_PARAMS: Readonly<SpanParams> = Object.freeze(resolve(DEFAULTS, undefined));

/** Parse a `span` parameter set over the defaults (combined commodities merge field by field; lists replace). */
export function resolveSpanParams(json?: unknown): SpanParams {
  if (json === undefined || json === null) return DEFAULT_SPAN_PARAMS as SpanParams;
  // Text is a PC-SPAN XML file (`margin --params FILE.spn`): its scan points and arrays over the defaults.
  if (typeof json === 'string') {
    try { return resolve(spanFileToParams(readPcSpanXml(json)), DEFAULT_SPAN_PARAMS as SpanParams); } catch (e) {
      if (e instanceof XmlError) throw new ParamsError(`PC-SPAN file: ${e.message}`);
      throw e;
    }
  }
  return resolve(json, DEFAULT_SPAN_PARAMS as SpanParams);
}

/** The rates of combined commodity `cc` (its own entry or `*`). */
export function ccParams(p: SpanParams, cc: string): CombinedCommodityParams {
  return p.combinedCommodities[cc.toUpperCase()] ?? p.combinedCommodities['*'];
}

/** A scan point's price and vol moves in scan ranges (§4.2). */
export function scanMoves(s: ScanPoint): { price: number; vol: number } {
  return { price: (s.priceScanDef.mult * s.priceScanDef.numerator) / s.priceScanDef.denominator, vol: (s.volScanDef.mult * s.volScanDef.numerator) / s.volScanDef.denominator };
}

/** Every bounded numeric parameter (`MarginMethod.numericParams`); a scan point's move fractions are any finite numbers. */
export const SPAN_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze([
  ...paramsOfTable('combinedCommodities.<cc>', 'combinedCommodities.*', CC_BOUNDS),
  { path: 'scanPoints[<i>].weight', example: 'scanPoints[14].weight', bound: WEIGHT_BOUND },
  { path: 'initialToMaintenance', example: 'initialToMaintenance', bound: I2M_BOUND },
  { path: 'usdDecimals', example: 'usdDecimals', bound: DECIMALS_BOUND },
]);
