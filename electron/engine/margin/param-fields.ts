/**
 * Field readers for method parameter sets that record every problem in one `Problems` (so a
 * parse reports every bad field at once): plain objects, numbers in a `ParamBound`, and lists of
 * objects with each entry's path (`Scenarios[3]`).
 */
import { boundText, ParamsError, Problems, type ParamBound } from './params';

/** A JSON object (not null, not an array). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Whether `x` lies in `b`. */
export function inBound(b: ParamBound, x: number): boolean {
  if (b.integer && !Number.isInteger(x)) return false;
  return (b.minOpen ? x > b.min : x >= b.min) && (b.maxOpen ? x < b.max : x <= b.max);
}

/** `v` as a finite number in `b` (if given), or undefined with the problem recorded at `at`. */
export function boundedNumber(problems: Problems, at: string, v: unknown, b?: ParamBound): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) { problems.list.push(`${at}: expected a finite number`); return undefined; }
  if (b && !inBound(b, v)) { problems.list.push(`${at}: ${v} is outside ${boundText(b)}`); return undefined; }
  return v;
}

/**
 * The entries of list `v` at path `name` read by `read(entry, path)` (undefined: skipped, its
 * problems recorded); a non-list, an empty list when `nonEmpty`, or a non-object entry is recorded.
 */
export function objectList<T>(problems: Problems, name: string, v: unknown, read: (s: Record<string, unknown>, at: string) => T | undefined, nonEmpty = true): T[] {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) { problems.list.push(`${name}: expected a${nonEmpty ? ' non-empty' : 'n'} array`); return []; }
  const out: T[] = [];
  v.forEach((s, i) => {
    const at = `${name}[${i}]`;
    if (!isPlainObject(s)) { problems.list.push(`${at}: expected an object`); return; }
    const x = read(s, at);
    if (x !== undefined) out.push(x);
  });
  return out;
}

/**
 * The start of a parameter-set parse: `json` as an object (undefined/null: empty; anything else
 * refused), with a `Problems` already holding every top-level key outside `known` and a
 * non-string `name` / `version`.
 */
export function openParamSet(json: unknown, known: ReadonlySet<string>): { given: Record<string, unknown>; problems: Problems } {
  if (json !== undefined && json !== null && !isPlainObject(json)) throw new ParamsError('parameters: expected an object');
  const given = (json ?? {}) as Record<string, unknown>;
  const problems = new Problems();
  for (const k of Object.keys(given)) if (!known.has(k)) problems.list.push(`${k}: unknown parameter`);
  for (const k of ['name', 'version'] as const) if (given[k] !== undefined && typeof given[k] !== 'string') problems.list.push(`${k}: expected a string`);
  return { given, problems };
}

/** The set's name and version: as given, else the base's (renamed "(edited)" when other fields were given), else `fallback`/"1". */
export function paramSetIdentity(given: Record<string, unknown>, base: { name: string; version: string } | undefined, fallback: string): { name: string; version: string } {
  const custom = base !== undefined && Object.keys(given).some((k) => k !== 'name' && k !== 'version' && k !== 'source');
  return {
    name: typeof given.name === 'string' ? given.name : base ? (custom ? `${base.name} (edited)` : base.name) : fallback,
    version: typeof given.version === 'string' ? given.version : base?.version ?? '1',
  };
}
