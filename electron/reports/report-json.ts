/**
 * The re-runnable JSON report (issue 12 §1, docs/formats.md "Report JSON"): every input (book,
 * market snapshot, each method's id, version and parameter set) and every result, so
 * `pmdesk margin --replay report.json` recomputes the figures and compares them to the last digit.
 * When a method's version or parameter set changed since the report was made, the replay names
 * those inputs beside the figures that moved. Like the other formats it carries each position's
 * mark, implied vol and greeks (`marks`, the engine's float64 figures as JSON's shortest
 * round-trip numbers), which the replay recomputes and compares too.
 */
import type { PositionMarks } from '../../shared/reports/margin-report';
import { MARGIN_METHODS } from '../engine/margin/registry';
import { positionMarks, runReportMethods, type ReportInputs, type ReportOutcome } from './report-run';

import { REPORT_FORMAT, REPORT_FORMAT_VERSION } from '../../shared/reports/report-format';

export { REPORT_FORMAT, REPORT_FORMAT_VERSION };

export interface ReportJson {
  format: typeof REPORT_FORMAT;
  formatVersion: typeof REPORT_FORMAT_VERSION;
  appVersion: string;
  inputs: Omit<ReportInputs, 'methods'> & { methods: { id: string; version: string; params: unknown }[] };
  results: ReportOutcome[];
  /**
   * Each position's mark, implied vol and greeks in book order (the positions table of the other
   * formats; `positionMarks` in report-run.ts). Absent in reports written before it was added.
   */
  marks?: ReportJsonMarks[];
}

/** One position's marks in the JSON report: its id (`p<row>` for a file position without one), then the figures that apply. */
export type ReportJsonMarks = { positionId: string } & PositionMarks;

/** The marks of every position of `inputs` (the ids as reportOf in report-run.ts gives them). */
export function reportMarks(inputs: Pick<ReportInputs, 'portfolio' | 'market'>): ReportJsonMarks[] {
  const positions = inputs.portfolio.positions.map((p, i) => ({ id: p.id ?? `p${i + 1}`, instrument: p.instrument, size: p.size }));
  const marks = positionMarks(inputs.market, positions);
  return positions.map((p) => ({ positionId: p.id, ...marks.get(p.id) }));
}

/** The JSON report document of a run. */
export function reportJson(inputs: ReportInputs, outcomes: ReportOutcome[], appVersion: string): ReportJson {
  return {
    format: REPORT_FORMAT, formatVersion: REPORT_FORMAT_VERSION, appVersion,
    inputs: { ...inputs, methods: inputs.methods.map((m) => ({ id: m.id, version: MARGIN_METHODS[m.id]?.version ?? '', params: m.params ?? null })) },
    results: outcomes,
    marks: reportMarks(inputs),
  };
}

/** A difference between the report's figures and the replay's. */
export interface ReplayDifference { path: string; report: unknown; now: unknown }

export interface ReplayMethod {
  methodId: string;
  same: boolean;
  methodVersion: { report: string; now: string | null };
  parameterSet: { report: unknown; now: unknown };
  /** Inputs that differ between the report and now (e.g. `method version`), empty when none. */
  changedInputs: string[];
  /** The first differing figures (at most 50), by JSON path. */
  differences: ReplayDifference[];
  differenceCount: number;
}

/** The positions' marks and greeks replayed: compared figure by figure when the report has them. */
export interface ReplayMarks {
  inReport: boolean;
  same: boolean;
  /** The first differing figures (at most 50), by JSON path (`[row].deltaCoin`). */
  differences: ReplayDifference[];
  differenceCount: number;
}

export interface ReplayResult { same: boolean; appVersion: { report: string; now: string }; methods: ReplayMethod[]; marks: ReplayMarks }

function diff(a: unknown, b: unknown, path: string, out: ReplayDifference[]): number {
  if (a === b) return 0;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    let n = 0;
    const ka = Object.keys(a), kb = Object.keys(b);
    for (const k of new Set([...ka, ...kb])) {
      const p = Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`;
      n += diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p, out);
    }
    return n;
  }
  if (out.length < 50) out.push({ path, report: a, now: b });
  return 1;
}

/** Malformed report documents: thrown with a message naming the field. */
export class ReplayFormatError extends Error {
  override name = 'ReplayFormatError';
}

/** Check a parsed document's envelope (the inputs themselves are re-validated by the caller). */
export function asReportJson(doc: unknown): ReportJson {
  const d = doc as Partial<ReportJson> | null;
  if (typeof d !== 'object' || d === null || d.format !== REPORT_FORMAT) throw new ReplayFormatError(`not a pmdesk report: "format" must be "${REPORT_FORMAT}"`);
  if (d.formatVersion !== REPORT_FORMAT_VERSION) throw new ReplayFormatError(`formatVersion ${String(d.formatVersion)}: this pmdesk reads ${REPORT_FORMAT_VERSION}`);
  if (typeof d.inputs !== 'object' || d.inputs === null || !Array.isArray(d.inputs.methods) || !Array.isArray(d.results)) throw new ReplayFormatError('"inputs.methods" and "results" must be arrays');
  if (d.results.length !== d.inputs.methods.length) throw new ReplayFormatError('"results" must hold one entry per method of "inputs.methods"');
  if (d.marks !== undefined && !Array.isArray(d.marks)) throw new ReplayFormatError('"marks" must be an array (one entry per position)');
  return d as ReportJson;
}

/** Re-run a report's inputs with today's methods and compare every figure. */
export function replayReport(doc: ReportJson, appVersion: string): ReplayResult {
  const now = runReportMethods(doc.inputs);
  const methods = doc.inputs.methods.map((m, i): ReplayMethod => {
    const before = doc.results[i], after = now[i];
    const out: ReplayDifference[] = [];
    const count = diff(before, after, '', out);
    const versionNow = MARGIN_METHODS[m.id]?.version ?? null;
    const psBefore = before.ok ? before.result.parameterSet : null, psNow = after.ok ? after.result.parameterSet : null;
    const changedInputs: string[] = [];
    if (versionNow === null) changedInputs.push(`method ${m.id} is no longer in the registry`);
    else if (versionNow !== m.version) changedInputs.push(`method version: ${m.version} in the report, ${versionNow} now`);
    if (JSON.stringify(psBefore) !== JSON.stringify(psNow)) changedInputs.push(`parameter set: ${JSON.stringify(psBefore)} in the report, ${JSON.stringify(psNow)} now`);
    return { methodId: m.id, same: count === 0, methodVersion: { report: m.version, now: versionNow }, parameterSet: { report: psBefore, now: psNow }, changedInputs, differences: out, differenceCount: count };
  });
  let marks: ReplayMarks = { inReport: false, same: true, differences: [], differenceCount: 0 };
  if (doc.marks !== undefined) {
    const out: ReplayDifference[] = [];
    const count = diff(doc.marks, reportMarks(doc.inputs), '', out);
    marks = { inReport: true, same: count === 0, differences: out, differenceCount: count };
  }
  return { same: methods.every((m) => m.same) && marks.same, appVersion: { report: doc.appVersion, now: appVersion }, methods, marks };
}
