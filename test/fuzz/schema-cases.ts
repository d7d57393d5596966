/**
 * Fuzz cases generated from a valibot schema itself (issue 11 §2): a valid request built from the
 * schema's own constraints, and mutations of it that the schema must refuse — a wrong type, a missing
 * required field, an extra field on a strict object, a string past its max length, a decimal field
 * given nonsense — each with the dot path of the item that is wrong. Walking the schema (not a
 * hand-written list) is what makes a channel added tomorrow fuzzed today.
 *
 * Hand-written rather than a library: fast-check has no valibot bridge, and the mutations need the
 * schema's own bounds (max lengths, patterns, min values) to know that a case must be refused.
 */
import { DECIMAL_STRING_PATTERN } from '../../shared/domain/decimal-string';

/** The parts of a valibot schema object this walker reads (valibot 1.x public shape). */
interface Schema {
  kind: string;
  type: string;
  entries?: Record<string, Schema>;
  wrapped?: Schema;
  item?: Schema;
  options?: (Schema | string | number)[];
  literal?: unknown;
  key?: Schema | string;
  value?: Schema;
  pipe?: { kind: string; type: string; requirement?: unknown }[];
}

export type Rng = () => number;

/** What a mutation did and where, so the test can demand an error naming that item. */
export interface FuzzCase {
  kind: 'valid' | 'wrong-type' | 'missing' | 'extra' | 'huge-string' | 'bad-decimal' | 'out-of-range' | 'not-an-object';
  /** Dot path of the mutated item ('' for the whole request). */
  path: string;
  payload: unknown;
  /** Whether the schema itself must refuse it (false: only the service can, e.g. `1e400`). */
  schemaRefuses: boolean;
}

/** Values a decimal string field is fuzzed with: syntax the schema refuses, and magnitudes only the service can. */
export const DECIMAL_NONSENSE_SYNTAX = ['NaN', 'Infinity', '-Infinity', '0x10', ' 1', '1 ', '\t2', '1,5', '1_000', '--1', '', '1e', '.', '١٢٣', 'null', '1e400 '];
export const DECIMAL_NONSENSE_MAGNITUDE = ['1e400', '-1e400', '9'.repeat(64), '1e309', '1000000000000001'];
/** Odd but meaningful decimals a valid request may carry (answered exactly, never an internal error). */
export const DECIMAL_ODD_VALID = ['-0', '0', '1e-12', '1e-400', '+5', '.5', '5.', '1E3', '1e15', '-1e15', '0.000000000000000001'];

/** Hints for fields whose valid value the walker cannot invent (existing ids). Keyed by the field name. */
export type Hints = Record<string, () => unknown>;

const pick = <T,>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const action = (s: Schema, type: string) => s.pipe?.find((a) => a.kind === 'validation' && a.type === type)?.requirement;
/** Peel `optional`/`exact_optional`/`nullable`/`nullish` wrappers (any nesting) off a schema. */
function unwrap(s: Schema): { inner: Schema; optional: boolean; nullable: boolean } {
  let inner = s, optional = false, nullable = false;
  for (;;) {
    if ((inner.type === 'optional' || inner.type === 'exact_optional') && inner.wrapped) { optional = true; inner = inner.wrapped; }
    else if (inner.type === 'nullable' && inner.wrapped) { nullable = true; inner = inner.wrapped; }
    else if (inner.type === 'nullish' && inner.wrapped) { optional = true; nullable = true; inner = inner.wrapped; }
    else return { inner, optional, nullable };
  }
}
const isDecimalField = (s: Schema) => String(action(s, 'regex')) === String(DECIMAL_STRING_PATTERN);

/** A value the schema accepts (best effort from its constraints; `hints` by field name first). */
export function validValue(s: Schema, r: Rng, hints: Hints, key = ''): unknown {
  const { inner, optional, nullable } = unwrap(s);
  if (optional && (key === 'waitMs' || r() < 0.4)) return undefined;
  if (key && Object.hasOwn(hints, key)) return hints[key]();
  if (nullable && r() < 0.3) return null;
  switch (inner.type) {
    case 'undefined': return undefined;
    case 'boolean': return r() < 0.5;
    case 'literal': return inner.literal;
    case 'picklist': return pick(r, inner.options as (string | number)[]);
    case 'number': {
      const min = action(inner, 'min_value') as number | undefined;
      return min ?? 1;
    }
    case 'string': {
      const re = action(inner, 'regex') as RegExp | undefined;
      if (isDecimalField(inner)) return r() < 0.8 ? pick(r, ['1', '-2.5', '0.001', '10', '1e-3', '250']) : pick(r, DECIMAL_ODD_VALID);
      if (re) {
        const tries = ['BTC', 'USDC', 'deribit-pm', 'deribit-sm', 'a', 'x1', 'ETH', '2026-12-25T08:00:00Z'];
        const ok = tries.filter((t) => re.test(t));
        return ok.length ? pick(r, ok) : 'a';
      }
      const min = (action(inner, 'min_length') as number | undefined) ?? 0;
      return 'fuzz-' + 'x'.repeat(Math.max(0, min - 5)) + Math.floor(r() * 1e9);
    }
    case 'array': {
      const min = (action(inner, 'min_length') as number | undefined) ?? 0;
      const n = Math.max(min, Math.floor(r() * 2));
      return Array.from({ length: n }, () => validValue(inner.item!, r, hints, key));
    }
    case 'record': return r() < 0.5 ? {} : { [String(validValue(inner.key as Schema, r, {}))]: validValue(inner.value!, r, hints) };
    case 'object':
    case 'strict_object':
    case 'loose_object': {
      const out: Record<string, unknown> = {};
      for (const [k, sub] of Object.entries(inner.entries!)) {
        const val = validValue(sub, r, hints, k);
        if (val !== undefined) out[k] = val;
      }
      return out;
    }
    case 'variant':
    case 'union': return validValue(pick(r, inner.options as Schema[]), r, hints, key);
    default: throw new Error(`schema-cases: no generator for valibot type "${inner.type}" — extend test/fuzz/schema-cases.ts`);
  }
}

/** Every mutable spot of `value` under schema `s`: path, the field's schema, and its parent container. */
interface Spot { path: string[]; schema: Schema; optional: boolean; nullable: boolean; parent: Record<string, unknown> | unknown[] | undefined; key: string | number | undefined }

function spots(s: Schema, value: unknown, path: string[] = [], parent?: Spot['parent'], key?: Spot['key']): Spot[] {
  const { inner, optional, nullable } = unwrap(s);
  const out: Spot[] = [{ path, schema: inner, optional, nullable, parent, key }];
  if (value === undefined || value === null) return out;
  if ((inner.type === 'strict_object' || inner.type === 'object') && typeof value === 'object') {
    for (const [k, sub] of Object.entries(inner.entries!)) out.push(...spots(sub, (value as Record<string, unknown>)[k], [...path, k], value as Record<string, unknown>, k));
  } else if (inner.type === 'array' && Array.isArray(value)) {
    value.forEach((el, i) => out.push(...spots(inner.item!, el, [...path, String(i)], value, i)));
  } else if (inner.type === 'variant' && typeof value === 'object') {
    const opt = (inner.options as Schema[]).find((o) => o.entries!['op' as string]?.literal === (value as Record<string, unknown>)['op'] || Object.values(o.entries!).some((e) => e.type === 'literal' && Object.values(value as object).includes(e.literal)));
    if (opt) out.push(...spots(opt, value, path, parent, key).slice(1));
  }
  return out;
}

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [42, true, null, {}, [], -0],
  number: ['1', null, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY, 1.5],
  boolean: ['true', 1, null, {}],
  array: ['[]', {}, 1, null],
  object: ['{}', [], 1, null],
  strict_object: ['{}', [], 1, null, true],
  picklist: ['not-an-option', 7, null, ''],
  literal: ['not-it', 7, null],
  record: [[], 'x', 1, null],
  undefined: [{}, 1, 'x', [], null],
  variant: [{ op: 'explode' }, 1, null, 'set'],
};
const EXTRA_KEYS = ['extra', 'Id', '__proto__x', 'constructor', 'toString', '💥', ''];

/** One generated case for schema `s`: valid about one time in eight, else one mutation of a valid request. */
export function fuzzCase(s: Schema, r: Rng, hints: Hints): FuzzCase {
  const base = validValue(s, r, hints);
  if (r() < 0.125) return { kind: 'valid', path: '', payload: base, schemaRefuses: false };
  const clone = structuredClone(base);
  const all = spots(s, clone);
  for (let attempt = 0; attempt < 20; attempt++) {
    const spot = pick(r, all);
    const path = spot.path.join('.');
    const set = (val: unknown) => {
      if (spot.parent === undefined) return val;
      (spot.parent as Record<string | number, unknown>)[spot.key!] = val;
      return clone;
    };
    const m = Math.floor(r() * 6);
    const t = spot.schema.type;
    if (m === 0 && WRONG_TYPES[t]) {
      // Fractions and infinities are wrong only where the schema asks for an integer.
      const bad = pick(r, WRONG_TYPES[t].filter((x) => !(typeof x === 'number' && !Number.isNaN(x) && !action(spot.schema, 'integer')) && !(x === null && spot.nullable)));
      return { kind: spot.parent === undefined ? 'not-an-object' : 'wrong-type', path, payload: set(bad), schemaRefuses: true };
    }
    if (m === 1 && spot.parent && !Array.isArray(spot.parent) && !spot.optional && spot.schema.type !== 'undefined') {
      delete (spot.parent as Record<string, unknown>)[spot.key as string];
      return { kind: 'missing', path, payload: clone, schemaRefuses: true };
    }
    if (m === 2 && spot.schema.type === 'strict_object' && spot.path.length >= 0) {
      const target = (spot.parent === undefined ? clone : (spot.parent as Record<string | number, unknown>)[spot.key!]) as Record<string, unknown>;
      if (target && typeof target === 'object') {
        const k = pick(r, EXTRA_KEYS.filter((x) => !Object.hasOwn(spot.schema.entries!, x)));
        Object.defineProperty(target, k, { value: pick(r, [1, 'x', null, {}]), enumerable: true, configurable: true, writable: true });
        return { kind: 'extra', path: [...spot.path, k].join('.'), payload: clone, schemaRefuses: true };
      }
    }
    if (m === 3 && t === 'string') {
      const max = action(spot.schema, 'max_length') as number | undefined;
      if (max !== undefined && max <= 200_000) return { kind: 'huge-string', path, payload: set('9'.repeat(max + 1 + Math.floor(r() * 3))), schemaRefuses: true };
    }
    if (m === 4 && t === 'string' && isDecimalField(spot.schema)) {
      if (r() < 0.6) return { kind: 'bad-decimal', path, payload: set(pick(r, DECIMAL_NONSENSE_SYNTAX)), schemaRefuses: true };
      return { kind: 'bad-decimal', path, payload: set(pick(r, DECIMAL_NONSENSE_MAGNITUDE)), schemaRefuses: false };
    }
    if (m === 5 && t === 'number') {
      const min = action(spot.schema, 'min_value') as number | undefined;
      const max = action(spot.schema, 'max_value') as number | undefined;
      if (min !== undefined && r() < 0.6) return { kind: 'out-of-range', path, payload: set(min - 1 - Math.floor(r() * 5)), schemaRefuses: true };
      if (max !== undefined) return { kind: 'out-of-range', path, payload: set(max + 1), schemaRefuses: true };
    }
  }
  // Nothing mutable was picked: refuse the whole request's type instead.
  return { kind: 'not-an-object', path: '', payload: pick(r, [42, 'text', [1], true]), schemaRefuses: true };
}
