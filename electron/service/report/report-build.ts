/**
 * One report file from its resolved inputs: the margin run (method by method), then the format's
 * writer. Shared by `report:export` (on the service's thread) and the report job's thread
 * (`electron/service/jobs/report-thread.ts`, `job:export-report`), so both give the same bytes.
 * `onProgress` hears each phase as it starts: `method` i of m, then `sheet` / `table` / `page` k of n.
 */
import type { ReportExportFormat, ReportPaper } from '../../../shared/ipc/report-contract';
import { reportHtmlParts } from '../../../shared/reports/report-html';
import { reportCsvZip, reportPdf, reportXlsx } from '../../reports/report-files';
import { reportJson } from '../../reports/report-json';
import { reportOf, runReportMethods, type ReportInputs, type ReportOutcome } from '../../reports/report-run';

/** A step of a report build: `index` of `count` (0-based), with what it is about. */
export type ReportBuildStep =
  | { phase: 'method'; index: number; count: number; methodId: string }
  /** A sheet of the XLSX, a table of the CSV zip, the JSON document, a positions page of the HTML view. */
  | { phase: 'sheet' | 'table' | 'json' | 'page'; index: number; count: number; title: string };

export interface BuiltReport {
  bytes: Uint8Array;
  failedMethods: string[];
}

/** `pdf` here is the web host's Chromium print of the whole report (`reportPdf`); the job thread asks for `html` and prints outside. */
export async function buildReportFile(inputs: ReportInputs, format: ReportExportFormat, paper: ReportPaper, appVersion: string, onProgress: (s: ReportBuildStep) => void = () => {}): Promise<BuiltReport> {
  // Method by method (runReportMethods on one method gives that method's outcome unchanged).
  const outcomes: ReportOutcome[] = inputs.methods.flatMap((m, index) => {
    onProgress({ phase: 'method', index, count: inputs.methods.length, methodId: m.id });
    return runReportMethods({ ...inputs, methods: [m] });
  });
  let bytes: Uint8Array;
  if (format === 'json') {
    onProgress({ phase: 'json', index: 0, count: 1, title: 'report JSON' });
    bytes = new TextEncoder().encode(`${JSON.stringify(reportJson(inputs, outcomes, appVersion), null, 2)}\n`);
  } else {
    const model = reportOf(inputs, outcomes, appVersion);
    if (format === 'xlsx') bytes = await reportXlsx(model, (index, count, title) => onProgress({ phase: 'sheet', index, count, title }));
    else if (format === 'csv') bytes = reportCsvZip(model, (index, count, title) => onProgress({ phase: 'table', index, count, title }));
    else if (format === 'pdf') bytes = await reportPdf(model, paper);
    else {
      // The view's parts: its head, one per positions page, its tail (the page count is known only at the end).
      const parts: string[] = [];
      for (const part of reportHtmlParts(model, { paper })) {
        parts.push(part);
        onProgress({ phase: 'page', index: parts.length - 1, count: 0, title: 'report view' });
      }
      bytes = new TextEncoder().encode(parts.join(''));
    }
  }
  return { bytes, failedMethods: outcomes.flatMap((o) => (o.ok ? [] : [o.methodId])) };
}
