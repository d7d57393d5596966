/**
 * The sweep view's pure part (issue 13 §5): the parameters a user can sweep, each with the methods
 * that declare it (range, default, source of the value), a starting range around the default,
 * and the table of a sweep's points (one row per value, one IM/MM pair per method). No DOM.
 */
import type { AppInfoDto } from '../../../../shared/ipc/contract';
import type { MethodParamDto } from '../../../../shared/ipc/method-params';
import type { SweepResultDto } from '../../../../shared/domain/dto/sweep.dto';

/** One method's declaration of a parameter, with where its current value comes from. */
export interface ParamHolder extends MethodParamDto {
  methodId: string;
  /** The value's source: a stored parameter set the session uses, else the method's defaults. */
  source: string;
}

/** A parameter to sweep: its concrete path (as the defaults spell it) and every method declaring it. */
export interface ParamOption {
  path: string;
  holders: ParamHolder[];
}

/**
 * Every numeric parameter of every method, by concrete path, in method order then declaration
 * order. `setSource(methodId)` names the stored parameter set the session uses for a method, if any.
 */
export function parameterOptions(methods: AppInfoDto['methods'], setSource: (methodId: string) => string | undefined): ParamOption[] {
  const byPath = new Map<string, ParamOption>();
  for (const m of methods) {
    const stored = setSource(m.id);
    for (const p of m.parameters.params) {
      let o = byPath.get(p.example);
      if (!o) byPath.set(p.example, (o = { path: p.example, holders: [] }));
      o.holders.push({ ...p, methodId: m.id, source: stored ?? `default ${m.parameters.source}` });
    }
  }
  return [...byPath.values()];
}

/** Whether concrete `path` is an instance of declared `pattern` (a `<name>` segment matches any key or index). */
export function pathMatches(pattern: string, path: string): boolean {
  const seg = (x: string) => [...x.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)].map((m) => m[1] ?? `[${m[2]}]`);
  const p = seg(pattern), q = seg(path);
  return p.length === q.length && p.every((s, i) => /^\[?<\w+>\]?$/.test(s) ? (s.startsWith('[') === q[i]!.startsWith('[')) : s === q[i]);
}

/**
 * The option for a typed path: the listed one, or (another pair, another list entry) every method
 * whose declared pattern it is an instance of, the default unknown (it is not the defaults' path).
 */
export function optionFor(options: ParamOption[], path: string): ParamOption | undefined {
  const listed = options.find((o) => o.path === path);
  if (listed || path === '') return listed;
  const holders = options.flatMap((o) => o.holders.filter((h) => pathMatches(h.path, path)).map((h) => ({ ...h, example: path, default: null })));
  const seen = new Set<string>();
  const unique = holders.filter((h) => !seen.has(h.methodId) && seen.add(h.methodId));
  return unique.length > 0 ? { path, holders: unique } : undefined;
}

/** Short text of an option for a select: the path and the range (the first holder's; differing ranges say so). */
export function optionLabel(o: ParamOption): string {
  const ranges = [...new Set(o.holders.map((h) => h.range))];
  return `${o.path} ∈ ${ranges.length === 1 ? ranges[0] : ranges.join(' / ')} (${o.holders.map((h) => h.methodId).join(', ')})`;
}

/** A number as short plain decimal text (6 significant digits, no float noise such as 0.22499999999999998). */
function text(x: number, integer: boolean): string {
  return integer ? String(Math.round(x)) : String(Number(x.toPrecision(6)));
}

/**
 * A starting range for `p`: half-way from the default to each end of the range (ends at most
 * twice / half the default when unbounded), so that both ends lie inside an open range too.
 */
export function startingRange(p: MethodParamDto): { from: string; to: string } {
  const d = p.default === null ? NaN : Number(p.default);
  const lo = p.min ?? (Number.isFinite(d) ? Math.min(d / 2, d * 2, d - 1) : 0);
  const hi = p.max ?? (Number.isFinite(d) ? Math.max(d * 2, d + 1) : lo + 1);
  const mid = Number.isFinite(d) ? d : (lo + hi) / 2;
  let from = mid - (mid - lo) / 2, to = mid + (hi - mid) / 2;
  if (p.integer) { from = Math.ceil(from); to = Math.floor(to); if (to <= from) { from = Math.ceil(lo); to = Math.floor(hi); } }
  return { from: text(from, p.integer), to: text(to, p.integer) };
}

/** One row of the points table: the value and each swept method's figures there (undefined: the method failed). */
export interface SweepRow {
  value: string;
  cells: Record<string, { im: string; mm: string; binding: string | null } | undefined>;
}

/** The methods that ran (one column pair each) and the rows of the points table. */
export function sweepTable(r: SweepResultDto): { methods: string[]; rows: SweepRow[] } {
  const ok = r.methods.flatMap((m) => (m.ok ? [m] : []));
  return {
    methods: ok.map((m) => m.methodId),
    rows: r.values.map((value, i) => ({
      value,
      cells: Object.fromEntries(ok.map((m) => { const p = m.points[i]; return [m.methodId, p && { im: p.initialMarginUsd, mm: p.maintenanceMarginUsd, binding: p.bindingAddOn }]; })),
    })),
  };
}
