/**
 * The numeric parameters a method declares (`MarginMethod.numericParams`): each one's path in the
 * method's parameter-set JSON and its allowed range, so that the sweep (sweep.ts) can vary any of
 * them and the bound fuzz (test/fuzz/margin-params.test.ts) can walk every bound of every method
 * without knowing a method. The method's own parser stays the judge of a parameter set; the
 * declared bound is the one that parser applies (the fuzz checks that the two agree).
 */
import { Dec } from '../money';
import { isPlainObject, inBound } from './param-fields';
import { boundText, ParamsError, type ParamBound } from './params';

/**
 * One numeric parameter. `path` is dotted, list entries in brackets; a `<name>` segment is a key
 * (or index) the parameter set chooses, matched by any key: `currency_pair.<pair>.price_range`,
 * `scanPoints[<i>].weight`. `example` is the path with every `<name>` filled in as the defaults
 * have it (`currency_pair.btc_usd.price_range`).
 */
export interface NumericParam {
  path: string;
  example: string;
  bound: ParamBound;
}

/** A path split in segments: keys as strings, list indices as numbers. */
export type PathSegment = string | number;

/** `a.b[3].c` → `['a', 'b', 3, 'c']`; a malformed path is a `ParamsError` naming it. */
export function parsePath(path: string): PathSegment[] {
  if (typeof path !== 'string' || !/^[^.[\]]+(\.[^.[\]]+|\[(\d+|<\w+>)\])*$/.test(path)) throw new ParamsError(`parameter path ${JSON.stringify(path)}: malformed (expected a.b.c, list entries as [0])`);
  const out: PathSegment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) out.push(m[1] ?? (/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]));
  return out;
}

const isWild = (s: PathSegment) => typeof s === 'string' && /^<\w+>$/.test(s);

/** Whether concrete `path` is an instance of the declared pattern `pattern`. */
export function pathMatches(pattern: string, path: string): boolean {
  const p = parsePath(pattern), q = parsePath(path);
  if (p.length !== q.length) return false;
  return p.every((s, i) => isWild(s) || s === q[i]);
}

/** The parameter of `params` that `path` names, or undefined. */
export function findNumericParam(params: readonly NumericParam[], path: string): NumericParam | undefined {
  return params.find((p) => pathMatches(p.path, path));
}

function valueAt(root: unknown, segs: readonly PathSegment[]): unknown {
  let x = root;
  for (const s of segs) {
    if (typeof s === 'number' ? !Array.isArray(x) : !isPlainObject(x)) return undefined;
    x = (x as Record<string | number, unknown>)[s];
  }
  return x;
}

/** The value at concrete `path` of `root` (a parsed parameter set), or undefined. */
export function paramValueAt(root: unknown, path: string): unknown {
  return valueAt(root, parsePath(path));
}

/**
 * A copy of parameter set `json` with `value` at `path`. Containers missing from `json` are taken
 * from `resolved` (the method's parse of `json`) at the same path, so that a method whose blocks
 * must be given whole (a TIMS product class, a list of scan points) gets the block with one field
 * changed; `json` itself is not changed.
 */
export function withParamAt(json: unknown, resolved: unknown, path: string, value: unknown): Record<string, unknown> {
  const segs = parsePath(path);
  const root = structuredClone(isPlainObject(json) ? json : {}) as Record<string, unknown>;
  let node: Record<string | number, unknown> | unknown[] = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i];
    let next = (node as Record<string | number, unknown>)[s];
    const wantList = typeof segs[i + 1] === 'number';
    if (wantList ? !Array.isArray(next) : !isPlainObject(next)) {
      const from = valueAt(resolved, segs.slice(0, i + 1));
      next = (wantList ? Array.isArray(from) : isPlainObject(from)) ? structuredClone(from) : wantList ? [] : {};
      (node as Record<string | number, unknown>)[s] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  (node as Record<string | number, unknown>)[segs[segs.length - 1]] = value;
  return root;
}

/** Plain decimal text: optional sign, digits, optional fraction, optional exponent (no hex, no spaces, no `Infinity`). */
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `text` as a decimal inside `param`'s bound, or a `ParamsError` naming the parameter and the
 * bound (`currency_pair.btc_usd.price_range: 1.2 is outside (0, 1)`).
 */
export function decimalInBound(path: string, param: NumericParam, text: string): Dec {
  if (typeof text !== 'string' || !DECIMAL_TEXT.test(text)) throw new ParamsError(`${path}: ${JSON.stringify(text)} is not a decimal number`);
  const d = new Dec(text);
  const x = d.toNumber();
  if (!Number.isFinite(x) || !inBound(param.bound, x)) throw new ParamsError(`${path}: ${text} is outside ${boundText(param.bound)}`);
  return d;
}

/**
 * The parameters of one block of bounds: `prefix.<field>` for every field of `bounds`, with
 * `examplePrefix` in the example path (`currency_pair.<pair>` / `currency_pair.btc_usd`).
 */
export function paramsOfTable(prefix: string, examplePrefix: string, bounds: Readonly<Record<string, ParamBound>>): NumericParam[] {
  const join = (a: string, f: string) => (a === '' ? f : `${a}.${f}`);
  return Object.entries(bounds).map(([f, bound]) => ({ path: join(prefix, f), example: join(examplePrefix, f), bound }));
}
