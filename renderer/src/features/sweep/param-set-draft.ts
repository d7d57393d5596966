/**
 * The parameter-set editor's pure part (issue 13 §5): a method's numeric parameters as rows (path,
 * range, default, the value in the base set and where it comes from), and the edited set as JSON:
 * the base set with each typed value written at its path. A typed value that is not a decimal
 * number is refused here naming the path; the range and everything else is judged by the
 * method's own parser when the service imports the set (`document:import` with `method`).
 */
import type { MethodParamDto } from '../../../../shared/ipc/method-params';

/** One editable parameter. */
export interface ParamRow extends MethodParamDto {
  /** The value in the base set at `example` (plain text), or null when the base set leaves it to the default. */
  base: string | null;
  /** Where the value comes from: the base set (its name) or the method's defaults (their source). */
  source: string;
}

type Seg = string | number;

/** `a.b[3].c` → `['a', 'b', 3, 'c']` (concrete paths only). */
export function pathSegments(path: string): Seg[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

const isObj = (x: unknown): x is Record<string | number, unknown> => typeof x === 'object' && x !== null;

/** The value at `path` of `json`, or undefined. */
export function valueAt(json: unknown, path: string): unknown {
  let x = json;
  for (const s of pathSegments(path)) {
    if (!isObj(x)) return undefined;
    x = x[s];
  }
  return x;
}

/** A copy of `json` with `value` at `path`, creating missing containers (a list for a numeric segment). */
export function withValueAt(json: unknown, path: string, value: unknown): Record<string, unknown> {
  const root = structuredClone(isObj(json) && !Array.isArray(json) ? json : {}) as Record<string, unknown>;
  const segs = pathSegments(path);
  let node: Record<string | number, unknown> = root;
  segs.slice(0, -1).forEach((s, i) => {
    const wantList = typeof segs[i + 1] === 'number';
    if (!isObj(node[s])) node[s] = wantList ? [] : {};
    node = node[s] as Record<string | number, unknown>;
  });
  node[segs[segs.length - 1]!] = value;
  return root;
}

/** The rows of `params` over `base` (a stored set's JSON, or undefined for the defaults). */
export function paramRows(params: MethodParamDto[], base: unknown, baseName: string | undefined, defaultsSource: string): ParamRow[] {
  return params.map((p) => {
    const v = base === undefined ? undefined : valueAt(base, p.example);
    const has = typeof v === 'number' && Number.isFinite(v);
    return { ...p, base: has ? String(v) : null, source: has && baseName ? baseName : `default ${defaultsSource}` };
  });
}

/** Plain decimal text, as the sweep and the parsers accept it. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A draft refused before it reaches the service: the path and why. */
export class ParamDraftError extends Error {}

/** The container path of a concrete path (`a.b[2].c` → `a.b[2]`), '' at the top. */
function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * The edited set: `base` with every edited value (path → typed text; empty text keeps the base
 * value) written as a JSON number. Some methods want a block whole (a Deribit-SM futures block,
 * a TIMS product class): when the base has no block where a value is written, the block's other
 * declared parameters (`params`) are written too, at their defaults. Throws `ParamDraftError`
 * naming each path whose text is not a decimal, or when nothing was changed.
 */
export function editedSet(base: unknown, edits: Record<string, string>, params: readonly Pick<MethodParamDto, 'example' | 'default'>[] = []): Record<string, unknown> {
  const bad: string[] = [];
  let out = structuredClone(isObj(base) && !Array.isArray(base) ? base : {}) as Record<string, unknown>;
  let changed = 0;
  for (const [path, raw] of Object.entries(edits)) {
    const t = raw.trim();
    if (t === '') continue;
    if (!DECIMAL.test(t) || !Number.isFinite(Number(t))) { bad.push(`${path}: ${JSON.stringify(t)} is not a decimal number`); continue; }
    const parent = parentOf(path);
    if (parent !== '' && valueAt(out, parent) === undefined) {
      for (const q of params) if (q.example !== path && q.default !== null && parentOf(q.example) === parent) out = withValueAt(out, q.example, Number(q.default));
    }
    out = withValueAt(out, path, Number(t));
    changed++;
  }
  if (bad.length > 0) throw new ParamDraftError(bad.join('; '));
  if (changed === 0) throw new ParamDraftError('no parameter changed: type a value in the value column');
  return out;
}
