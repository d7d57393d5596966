/**
 * `okx-pm` parameters (shared margin-methods.md §3.1): per parameter group (risk units of the
 * underlyings `groupOf` maps to it) the MR1 spot shocks and vol shocks, MR3 term-structure twist,
 * MR4 annualized basis move, MR5 rate shift, MR6 extreme move and weight, MR7 raw rates and
 * incremental tiers; book-wide the MR2 horizon (`timeDecayDays`) and IMR/MMR (`imFactor`).
 * Defaults: `default-params.json` (Jan-2025 OKX values where published; the rest pmdesk's reading,
 * docs/margin-methods.md "okx-pm"). A given set merges over the defaults: `groupOf` by key, a
 * group by component and field (a new group gives every field), lists (`moves`, `tiers`) replace.
 * Every bad field is reported at once.
 */
import { DECIMALS_BOUND, type ParamBound, type Problems } from '../../params';
import { boundedNumber, isPlainObject, openParamSet, paramSetIdentity } from '../../param-fields';
import { paramsOfTable, type NumericParam } from '../../numeric-params';
import DEFAULTS from './default-params.json';
import { OKX_PM_ID } from './id';

/** MR7 tier: multiplier on the part of the raw minimum charge up to `upTo` USD (null: unbounded). */
export interface Mr7Tier { upTo: number | null; multiplier: number }

export interface OkxGroupParams {
  mr1: { moves: number[]; volUp: number; volDown: number; shortPower: number; longPower: number; powerSwitchDays: number; dteFloorDays: number; minVolUp: number };
  mr3: { shift: number; pivotDays: number };
  mr4: { annualMove: number; minDays: number };
  mr5: { rateShift: number };
  mr6: { move: number; weight: number };
  mr7: { rates: { perpetual: number; future: number; option: number; spot: number }; tiers: Mr7Tier[] };
}

export interface OkxPmParams {
  name: string;
  version: string;
  imFactor: number;
  timeDecayDays: number;
  /** Underlying → group name; `*` for any other. */
  groupOf: Record<string, string>;
  groups: Record<string, OkxGroupParams>;
  usdDecimals: number;
}

const TOP = new Set(['name', 'version', 'source', 'imFactor', 'timeDecayDays', 'groupOf', 'groups', 'usdDecimals']);

const UNIT: ParamBound = { min: 0, max: 1 };
/** Numeric fields of each component with their bounds. */
const FIELDS: Record<string, Record<string, ParamBound>> = {
  mr1: { volUp: { min: 0, max: 10 }, volDown: { min: 0, max: 1 }, shortPower: { min: 0, max: 2 }, longPower: { min: 0, max: 2 }, powerSwitchDays: { min: 0, max: 3650 }, dteFloorDays: { min: 0, max: 3650, minOpen: true }, minVolUp: { min: 0, max: 10 } },
  mr3: { shift: UNIT, pivotDays: { min: 0, max: 3650, minOpen: true } },
  mr4: { annualMove: UNIT, minDays: { min: 0, max: 3650 } },
  mr5: { rateShift: { min: 0, max: 0.5 } },
  mr6: { move: { min: 0, max: 1, maxOpen: true }, weight: UNIT },
  mr7: {},
};
const KINDS = ['perpetual', 'future', 'option', 'spot'] as const;
const MOVE_BOUND: ParamBound = { min: 0, max: 1, minOpen: true, maxOpen: true };
const RATE_BOUND: ParamBound = { min: 0, max: 1 };
const IM_FACTOR_BOUND: ParamBound = { min: 1, max: 10 };
const TIME_DECAY_BOUND: ParamBound = { min: 0, max: 365 };

function readMoves(problems: Problems, at: string, v: unknown): number[] | undefined {
  if (!Array.isArray(v) || v.length === 0) { problems.list.push(`${at}: expected a non-empty array of move sizes`); return undefined; }
  const out = v.map((m, i) => boundedNumber(problems, `${at}[${i}]`, m, MOVE_BOUND));
  return out.every((m) => m !== undefined) ? (out as number[]) : undefined;
}

function readTiers(problems: Problems, at: string, v: unknown): Mr7Tier[] | undefined {
  if (!Array.isArray(v) || v.length === 0) { problems.list.push(`${at}: expected a non-empty array of {upTo, multiplier}`); return undefined; }
  const out: Mr7Tier[] = [];
  let ok = true;
  v.forEach((t, i) => {
    const p = `${at}[${i}]`;
    if (!isPlainObject(t)) { problems.list.push(`${p}: expected {upTo, multiplier}`); ok = false; return; }
    for (const k of Object.keys(t)) if (k !== 'upTo' && k !== 'multiplier') problems.list.push(`${p}.${k}: unknown parameter`);
    const multiplier = boundedNumber(problems, `${p}.multiplier`, t.multiplier, { min: 1, max: 1000 });
    const last = i === v.length - 1;
    let upTo: number | null | undefined = null;
    if (last) { if (t.upTo !== null) { problems.list.push(`${p}.upTo: the last tier is unbounded (null)`); ok = false; } }
    else {
      upTo = boundedNumber(problems, `${p}.upTo`, t.upTo, { min: 0, max: Infinity, minOpen: true });
      const prev = out.length ? out[out.length - 1].upTo : 0;
      if (upTo !== undefined && prev !== null && upTo <= prev) { problems.list.push(`${p}.upTo: ${upTo} must exceed the previous tier's bound ${prev}`); ok = false; }
    }
    const prevMult = out.length ? out[out.length - 1].multiplier : 1;
    if (multiplier !== undefined && multiplier < prevMult) { problems.list.push(`${p}.multiplier: ${multiplier} is below the previous tier's ${prevMult} (tiers must not decrease)`); ok = false; }
    if (multiplier === undefined || upTo === undefined) ok = false;
    else out.push({ upTo, multiplier });
  });
  return ok ? out : undefined;
}

/** One group over `base` (a group of the defaults with the same name), or complete when new. */
function readGroup(problems: Problems, at: string, g: unknown, base: OkxGroupParams | undefined): OkxGroupParams | undefined {
  if (!isPlainObject(g)) { problems.list.push(`${at}: expected an object {mr1, mr3, mr4, mr5, mr6, mr7}`); return undefined; }
  for (const k of Object.keys(g)) if (!Object.hasOwn(FIELDS, k)) problems.list.push(`${at}.${k}: unknown parameter`);
  const out: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const [comp, fields] of Object.entries(FIELDS)) {
    const c = g[comp];
    const b = base?.[comp as keyof OkxGroupParams] as unknown as Record<string, unknown> | undefined;
    if (c !== undefined && !isPlainObject(c)) { problems.list.push(`${at}.${comp}: expected an object`); ok = false; continue; }
    const given = (c ?? {}) as Record<string, unknown>;
    const extra = comp === 'mr1' ? ['moves'] : comp === 'mr7' ? ['rates', 'tiers'] : [];
    for (const k of Object.keys(given)) if (!Object.hasOwn(fields, k) && !extra.includes(k)) problems.list.push(`${at}.${comp}.${k}: unknown parameter`);
    const o: Record<string, unknown> = {};
    for (const [f, bound] of Object.entries(fields)) {
      if (given[f] === undefined && b) { o[f] = b[f]; continue; }
      const x = boundedNumber(problems, `${at}.${comp}.${f}`, given[f], bound);
      if (x === undefined) ok = false; else o[f] = x;
    }
    if (comp === 'mr1') {
      const m = given.moves === undefined && b ? (b.moves as number[]) : readMoves(problems, `${at}.mr1.moves`, given.moves);
      if (m === undefined) ok = false; else o.moves = m;
    }
    if (comp === 'mr7') {
      const br = b?.rates as Record<string, number> | undefined;
      if (given.rates !== undefined && !isPlainObject(given.rates)) { problems.list.push(`${at}.mr7.rates: expected {perpetual, future, option, spot}`); ok = false; }
      else {
        const gr = (given.rates ?? {}) as Record<string, unknown>;
        for (const k of Object.keys(gr)) if (!(KINDS as readonly string[]).includes(k)) problems.list.push(`${at}.mr7.rates.${k}: unknown instrument kind`);
        const rates: Record<string, number> = {};
        for (const k of KINDS) {
          if (gr[k] === undefined && br) { rates[k] = br[k]; continue; }
          const x = boundedNumber(problems, `${at}.mr7.rates.${k}`, gr[k], RATE_BOUND);
          if (x === undefined) ok = false; else rates[k] = x;
        }
        o.rates = rates;
      }
      const t = given.tiers === undefined && b ? (b.tiers as Mr7Tier[]) : readTiers(problems, `${at}.mr7.tiers`, given.tiers);
      if (t === undefined) ok = false; else o.tiers = t;
    }
    out[comp] = o;
  }
  // MR4 moves a forward by ± annualMove · max(T, minDays/365): the floor alone must leave it above 0.
  const mr4 = out.mr4 as { annualMove?: number; minDays?: number } | undefined;
  if (mr4 && typeof mr4.annualMove === 'number' && typeof mr4.minDays === 'number' && !(mr4.annualMove * mr4.minDays / 365 < 1)) {
    problems.list.push(`${at}.mr4.annualMove × ${at}.mr4.minDays / 365 = ${mr4.annualMove * mr4.minDays / 365}: the basis move takes a forward to 0 or below (must stay under 1)`);
    ok = false;
  }
  return ok ? (out as unknown as OkxGroupParams) : undefined;
}

function resolve(json: unknown, base: OkxPmParams | undefined): OkxPmParams {
  const { given: g, problems } = openParamSet(json, TOP);
  const imFactor = g.imFactor === undefined && base ? base.imFactor : boundedNumber(problems, 'imFactor', g.imFactor, IM_FACTOR_BOUND) ?? 1;
  const timeDecayDays = g.timeDecayDays === undefined && base ? base.timeDecayDays : boundedNumber(problems, 'timeDecayDays', g.timeDecayDays, TIME_DECAY_BOUND) ?? 0;
  const groups: Record<string, OkxGroupParams> = { ...(base?.groups ?? {}) };
  if (g.groups !== undefined) {
    if (!isPlainObject(g.groups)) problems.list.push('groups: expected an object keyed by group name');
    else for (const [name, grp] of Object.entries(g.groups)) {
      const r = readGroup(problems, `groups.${name}`, grp, base?.groups[name]);
      if (r) groups[name] = r;
    }
  }
  const groupOf: Record<string, string> = { ...(base?.groupOf ?? {}) };
  if (g.groupOf !== undefined) {
    if (!isPlainObject(g.groupOf)) problems.list.push('groupOf: expected an object keyed by underlying');
    else for (const [u, c] of Object.entries(g.groupOf)) {
      if (typeof c !== 'string') problems.list.push(`groupOf.${u}: expected a group name`);
      else groupOf[u === '*' ? '*' : u.toUpperCase()] = c;
    }
  }
  if (!groupOf['*']) problems.list.push('groupOf.*: missing (the group of any other underlying)');
  // A group given but refused is already reported: no second "unknown group" for it.
  const givenGroups = new Set(isPlainObject(g.groups) ? Object.keys(g.groups) : []);
  for (const [u, c] of Object.entries(groupOf)) if (!Object.hasOwn(groups, c) && !givenGroups.has(c)) problems.list.push(`groupOf.${u}: unknown group "${c}"`);
  const usdDecimals = g.usdDecimals === undefined && base ? base.usdDecimals : boundedNumber(problems, 'usdDecimals', g.usdDecimals, DECIMALS_BOUND) ?? 6;
  problems.throwIfAny();
  return { ...paramSetIdentity(g, base, OKX_PM_ID), imFactor, timeDecayDays, groupOf, groups, usdDecimals };
}

/** The defaults (parsed once; frozen). */
export const DEFAULT_OKX_PM_PARAMS: Readonly<OkxPmParams> = Object.freeze(resolve(DEFAULTS, undefined));

/** Parse an `okx-pm` parameter set over the defaults. */
export function resolveOkxPmParams(json?: unknown): OkxPmParams {
  if (json === undefined || json === null) return DEFAULT_OKX_PM_PARAMS as OkxPmParams;
  return resolve(json, DEFAULT_OKX_PM_PARAMS as OkxPmParams);
}

/** The parameter group of `underlying` (its name and values). */
export function groupFor(p: OkxPmParams, underlying: string): OkxGroupParams & { name: string } {
  const name = p.groupOf[underlying.toUpperCase()] ?? p.groupOf['*'];
  return { name, ...p.groups[name] };
}

/** Every bounded numeric parameter (`MarginMethod.numericParams`); MR7 tiers are ordered lists, not single fields. */
export const OKX_PM_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze([
  { path: 'imFactor', example: 'imFactor', bound: IM_FACTOR_BOUND },
  { path: 'timeDecayDays', example: 'timeDecayDays', bound: TIME_DECAY_BOUND },
  ...Object.entries(FIELDS).flatMap(([comp, b]) => paramsOfTable(`groups.<group>.${comp}`, `groups.btcEth.${comp}`, b)),
  { path: 'groups.<group>.mr1.moves[<i>]', example: 'groups.btcEth.mr1.moves[0]', bound: MOVE_BOUND },
  ...paramsOfTable('groups.<group>.mr7.rates', 'groups.btcEth.mr7.rates', Object.fromEntries(KINDS.map((k) => [k, RATE_BOUND]))),
  { path: 'usdDecimals', example: 'usdDecimals', bound: DECIMALS_BOUND },
]);
