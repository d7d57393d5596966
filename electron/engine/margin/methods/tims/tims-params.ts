/**
 * `tims` parameters (shared margin-methods.md §5): valuation ranges per product class, which
 * class each underlying (class group) belongs to, the number of equidistant valuation points,
 * optional vol shifts, product groups with their offset percentage, and the per-contract minimum
 * per unit of underlying ($0.375 × multiplier per contract = $0.375 per unit). Defaults:
 * `default-params.json`. Every bad field is reported at once.
 */
import { DECIMALS_BOUND, type ParamBound } from '../../params';
import { paramsOfTable, type NumericParam } from '../../numeric-params';
import { boundedNumber, isPlainObject, objectList, openParamSet, paramSetIdentity } from '../../param-fields';
import DEFAULTS from './default-params.json';
import { TIMS_ID } from './id';

export interface ProductClass { down: number; up: number }
export interface ProductGroup { id: string; classGroups: string[]; offset: number }

export interface TimsParams {
  name: string;
  version: string;
  valuationPoints: number;
  productClasses: Record<string, ProductClass>;
  /** Underlying → product class name; `*` for any other. */
  classOf: Record<string, string>;
  /** Absolute vol shifts (vol points as decimals) applied at every price point; [0] = none. */
  volShifts: number[];
  productGroups: ProductGroup[];
  perUnitMinimum: number;
  usdDecimals: number;
}

/** Bounds of the numeric fields (docs/margin-methods.md "tims"); `valuationPoints` must also be even. */
const TIMS_BOUNDS = {
  valuationPoints: { min: 2, max: 200, integer: true },
  down: { min: 0, max: 1, maxOpen: true },
  up: { min: 0, max: 10 },
  volShift: { min: -1, max: 5 },
  perUnitMinimum: { min: 0, max: Infinity },
} as const satisfies Record<string, ParamBound>;

const TOP = new Set(['name', 'version', 'source', 'valuationPoints', 'productClasses', 'classOf', 'volShifts', 'productGroups', 'perUnitMinimum', 'usdDecimals']);

function resolve(json: unknown, base: TimsParams | undefined): TimsParams {
  const { given: g, problems } = openParamSet(json, TOP);
  const valuationPoints = g.valuationPoints === undefined && base ? base.valuationPoints : boundedNumber(problems, 'valuationPoints', g.valuationPoints, TIMS_BOUNDS.valuationPoints) ?? 10;
  if (valuationPoints % 2 !== 0) problems.list.push('valuationPoints: must be even (as many points up as down)');
  const productClasses: Record<string, ProductClass> = { ...(base?.productClasses ?? {}) };
  if (g.productClasses !== undefined) {
    if (!isPlainObject(g.productClasses)) problems.list.push('productClasses: expected an object keyed by class name');
    else for (const [name, c] of Object.entries(g.productClasses)) {
      if (!isPlainObject(c)) { problems.list.push(`productClasses.${name}: expected {down, up}`); continue; }
      const down = boundedNumber(problems, `productClasses.${name}.down`, c.down, TIMS_BOUNDS.down);
      const up = boundedNumber(problems, `productClasses.${name}.up`, c.up, TIMS_BOUNDS.up);
      for (const k of Object.keys(c)) if (k !== 'down' && k !== 'up') problems.list.push(`productClasses.${name}.${k}: unknown parameter`);
      if (down !== undefined && up !== undefined) productClasses[name] = { down, up };
    }
  }
  const classOf: Record<string, string> = { ...(base?.classOf ?? {}) };
  if (g.classOf !== undefined) {
    if (!isPlainObject(g.classOf)) problems.list.push('classOf: expected an object keyed by underlying');
    else for (const [u, c] of Object.entries(g.classOf)) {
      if (typeof c !== 'string') problems.list.push(`classOf.${u}: expected a product class name`);
      else classOf[u === '*' ? '*' : u.toUpperCase()] = c;
    }
  }
  if (!classOf['*']) problems.list.push('classOf.*: missing (the class of any other underlying)');
  for (const [u, c] of Object.entries(classOf)) if (!productClasses[c]) problems.list.push(`classOf.${u}: unknown product class "${c}"`);
  const volShifts = g.volShifts === undefined && base ? base.volShifts
    : Array.isArray(g.volShifts) && g.volShifts.length > 0 ? g.volShifts.map((v, i) => boundedNumber(problems, `volShifts[${i}]`, v, TIMS_BOUNDS.volShift) ?? 0)
      : (problems.list.push('volShifts: expected a non-empty array of numbers'), [0]);
  const productGroups = g.productGroups === undefined && base ? base.productGroups : objectList(problems, 'productGroups', g.productGroups, (s, at) => {
    const offset = boundedNumber(problems, `${at}.offset`, s.offset, { min: 0, max: 1 });
    if (!Array.isArray(s.classGroups) || s.classGroups.length === 0 || s.classGroups.some((c) => typeof c !== 'string')) { problems.list.push(`${at}.classGroups: expected a list of underlyings`); return undefined; }
    return offset === undefined ? undefined : { id: typeof s.id === 'string' ? s.id : at, classGroups: (s.classGroups as string[]).map((c) => c.toUpperCase()), offset };
  }, false);
  const seen = new Map<string, string>();
  for (const pg of productGroups) for (const c of pg.classGroups) {
    if (seen.has(c)) problems.list.push(`productGroups.${pg.id}: ${c} is already in ${seen.get(c)}`);
    seen.set(c, pg.id);
  }
  const perUnitMinimum = g.perUnitMinimum === undefined && base ? base.perUnitMinimum : boundedNumber(problems, 'perUnitMinimum', g.perUnitMinimum, TIMS_BOUNDS.perUnitMinimum) ?? 0;
  const usdDecimals = g.usdDecimals === undefined && base ? base.usdDecimals : boundedNumber(problems, 'usdDecimals', g.usdDecimals, DECIMALS_BOUND) ?? 6;
  problems.throwIfAny();
  return {
    ...paramSetIdentity(g, base, TIMS_ID),
    valuationPoints, productClasses, classOf, volShifts, productGroups, perUnitMinimum, usdDecimals,
  };
}

/** The defaults (parsed once; frozen). */
export const DEFAULT_TIMS_PARAMS: Readonly<TimsParams> = Object.freeze(resolve(DEFAULTS, undefined));

/** Parse a `tims` parameter set over the defaults (maps merge by key; lists replace). */
export function resolveTimsParams(json?: unknown): TimsParams {
  if (json === undefined || json === null) return DEFAULT_TIMS_PARAMS as TimsParams;
  return resolve(json, DEFAULT_TIMS_PARAMS as TimsParams);
}

/** The valuation range of `underlying`. */
export function classRange(p: TimsParams, underlying: string): ProductClass & { name: string } {
  const name = p.classOf[underlying.toUpperCase()] ?? p.classOf['*'];
  return { name, ...p.productClasses[name] };
}

/** Every bounded numeric parameter (`MarginMethod.numericParams`). */
export const TIMS_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze([
  { path: 'valuationPoints', example: 'valuationPoints', bound: TIMS_BOUNDS.valuationPoints },
  ...paramsOfTable('productClasses.<class>', 'productClasses.other', { down: TIMS_BOUNDS.down, up: TIMS_BOUNDS.up }),
  { path: 'volShifts[<i>]', example: 'volShifts[0]', bound: TIMS_BOUNDS.volShift },
  { path: 'perUnitMinimum', example: 'perUnitMinimum', bound: TIMS_BOUNDS.perUnitMinimum },
  { path: 'usdDecimals', example: 'usdDecimals', bound: DECIMALS_BOUND },
]);
