/**
 * `pmdesk margin --method all` (or `--method a,b`): every named method on one book, side by side
 * (issue 10 §3). JSON: `{asOf, comparison, outcomes}` — per method its USD IM/MM, the binding
 * add-on and the saving against its standard method (engine/margin/method-comparison.ts), then
 * each method's full explained result or its error; CSV: the comparison table. A method that
 * cannot run on the book is listed with its error (exit 0); docs/formats.md gives the schema.
 */
import { writeJson } from '../json-stream';
import { CliError, type CliIo } from '../cli-command';
import { compareMethods, type MethodOutcome } from '../../engine/margin/method-comparison';
import { runMargins, toMarketView } from '../../engine/margin/registry';
import type { PortfolioLike } from '../../engine/margin/margin-input';
import type { MethodComparisonRowDto } from '../../../shared/domain/dto/sweep.dto';

/** An error describing the book or market (the engine's named errors), as against a defect. */
const isInputError = (e: unknown): boolean => e instanceof Error && /Error$/.test(e.name) && !['Error', 'TypeError', 'RangeError'].includes(e.name);

const CSV_COLUMNS = ['methodId', 'label', 'role', 'ok', 'initialMarginUsd', 'maintenanceMarginUsd', 'bindingAddOn', 'savingAgainst', 'savingUsd', 'error'] as const;

const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The comparison rows as CSV (header + one row per method, CRLF-free `\n` lines). */
export function comparisonCsv(rows: readonly MethodComparisonRowDto[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** Options the multi-method run does not take (each is per method). */
const SINGLE_ONLY = ['params', 'what-if', 'hedge', 'sensitivity', 'scenarios'] as const;

/** Run `methods` on the book and print the comparison. */
export function runMarginAll(methods: readonly string[], portfolio: PortfolioLike, marketJson: unknown, flags: Record<string, string | boolean | undefined>, io: CliIo, format: 'json' | 'csv'): number {
  for (const f of SINGLE_ONLY) if (flags[f] !== undefined) throw new CliError(`--${f} needs a single --method`);
  let market;
  try { market = toMarketView(marketJson); } catch (e) {
    if (isInputError(e)) throw new CliError(`--market: ${(e as Error).message}`);
    throw e;
  }
  const account = flags['no-account'] !== true;
  // The book parsed once for every method (registry `runMargins`: each result is `runMargin`'s).
  const outcomes: MethodOutcome[] = runMargins(methods.map((methodId) => ({ methodId })), portfolio, market, { account }).map((o) => {
    if (o.ok) return o;
    if (!isInputError(o.error)) throw o.error;
    return { methodId: o.methodId, ok: false, error: (o.error as Error).message };
  });
  const comparison = compareMethods(outcomes);
  if (format === 'csv') io.stdout(comparisonCsv(comparison));
  else writeJson(io.stdout, { asOf: new Date(market.asOfMs).toISOString(), comparison, outcomes });
  return 0;
}
