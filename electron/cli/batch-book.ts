/**
 * One book of `pmdesk batch` (issue 12 §2): read and validate the book file, run every method
 * against the shared market view, and return its summary rows (and, on request, its report
 * bytes). Runs on a worker thread (batch-worker.ts); pure apart from reading the book file.
 */
import { readFileSync } from 'node:fs';
import { Dec } from '../engine/money';
import { parsePortfolioJson } from '../io/json-formats';
import type { MarketView } from '../engine/scenarios/market-view';
import { reportJson } from '../reports/report-json';
import { reportOf, runReportMethods, type ReportInputs } from '../reports/report-run';

export type BatchReportFormat = 'json' | 'xlsx' | 'csv';

export interface BatchJob { index: number; file: string }

/** One summary row: a book under one method. Decimal strings exactly as the engine gave them. */
export interface BatchRow {
  book: string; file: string; method: string;
  ok: boolean;
  initialMarginUsd: string; maintenanceMarginUsd: string; equityUsd: string;
  /** MM / equity in USD (empty when equity ≤ 0 or no account view). */
  marginRatio: string;
  /** `<currency>:<scenario id>` per settlement currency, `;`-separated. */
  binding: string;
  error: string;
}

export type BatchBookResult =
  | { index: number; file: string; ok: true; rows: BatchRow[]; report?: { name: string; bytes: Uint8Array } }
  | { index: number; file: string; ok: false; reason: string };

/** Book results carry their reason in full: a bad file, a bad row, a method failure. */
export async function runBatchBook(job: BatchJob, market: MarketView, methods: string[], report: BatchReportFormat | null, appVersion: string, account = true): Promise<BatchBookResult> {
  let text: string;
  try { text = readFileSync(job.file, 'utf8'); } catch (e) {
    return { index: job.index, file: job.file, ok: false, reason: `cannot read: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = parsePortfolioJson(text);
  if (parsed.fatal || parsed.issues.length > 0 || parsed.valid.length === 0) {
    const first = parsed.issues.slice(0, 3).map((i) => {
      const where = [i.row ? `positions[${i.row - 1}]` : '', i.column].filter(Boolean).join('.');
      return `${where ? `${where}: ` : ''}${i.message.replace(/\s+/g, ' ')}`;
    });
    return { index: job.index, file: job.file, ok: false, reason: `${parsed.issues.length} problem(s): ${first.join('; ')}` };
  }
  const portfolio = parsed.valid[0];
  const inputs: ReportInputs = { portfolio, market, methods: methods.map((id) => ({ id, params: null })), account, revision: null };
  const outcomes = runReportMethods(inputs);
  const rows = outcomes.map((o): BatchRow => {
    const base = { book: portfolio.name, file: job.file, method: o.methodId };
    if (!o.ok) return { ...base, ok: false, initialMarginUsd: '', maintenanceMarginUsd: '', equityUsd: '', marginRatio: '', binding: '', error: o.error };
    const r = o.result;
    const equity = (r.account?.currencies ?? []).reduce((s, a) => s.plus(a.equityUsd), new Dec(0));
    return {
      ...base, ok: true,
      initialMarginUsd: r.totals.initialMarginUsd, maintenanceMarginUsd: r.totals.maintenanceMarginUsd,
      equityUsd: r.account ? equity.toFixed() : '',
      // ratio shown to 6 significant digits (display figure, not a money amount)
      marginRatio: r.account && equity.gt(0) ? new Dec(r.totals.maintenanceMarginUsd).div(equity).toSignificantDigits(6).toFixed() : '',
      binding: Object.values(r.byCurrency).flatMap((c) => (c.bindingScenario ? [`${c.currency}:${c.bindingScenario.id}`] : [])).join(';'),
      error: '',
    };
  });
  if (outcomes.some((o) => !o.ok)) {
    return { index: job.index, file: job.file, ok: false, reason: outcomes.flatMap((o) => (o.ok ? [] : [`${o.methodId}: ${o.error}`])).join('; ') };
  }
  let rep: { name: string; bytes: Uint8Array } | undefined;
  if (report) {
    const name = `${String(job.index + 1).padStart(5, '0')}-${portfolio.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}.${report === 'csv' ? 'zip' : report}`;
    // exceljs and fflate load only when reports are asked for (worker start-up stays small)
    const { reportCsvZip, reportXlsx } = await import('../reports/report-files');
    const bytes = report === 'json' ? new TextEncoder().encode(`${JSON.stringify(reportJson(inputs, outcomes, appVersion), null, 2)}\n`)
      : report === 'xlsx' ? new Uint8Array(await reportXlsx(reportOf(inputs, outcomes, appVersion)))
        : reportCsvZip(reportOf(inputs, outcomes, appVersion));
    rep = { name, bytes };
  }
  return { index: job.index, file: job.file, ok: true, rows, report: rep };
}
