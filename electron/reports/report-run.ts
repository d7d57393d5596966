/**
 * Runs the methods of a report and keeps every input, so the JSON report can be replayed
 * (`pmdesk margin --replay`). Methods come from the registry's public API only
 * (`MARGIN_METHODS`, `runMargin`); ids are whatever the caller asks for.
 */
import type { MarginResultDto } from '../../shared/domain/dto/margin-result.dto';
import { buildMarginReport, type MarginReport } from '../../shared/reports/margin-report';
import { MARGIN_METHODS, runMargins } from '../engine/margin/registry';
import type { PortfolioLike } from '../engine/margin/margin-input';
import { parseMarketSnapshot } from '../engine/market-data/snapshot-json';
import { MarkCache } from '../service/workspace/row-figures';
import type { PositionMarks } from '../../shared/reports/margin-report';

export type ReportOutcome = { methodId: string; ok: true; result: MarginResultDto } | { methodId: string; ok: false; error: string };

/** Everything a report's figures depend on (embedded whole in the JSON report). */
export interface ReportInputs {
  portfolio: PortfolioLike & { name: string };
  /** The market snapshot JSON (docs/formats.md), after any venue-format conversion. */
  market: unknown;
  /** Methods in report order with their parameter set (null: the method's default set). */
  methods: { id: string; params: unknown }[];
  /** Whether the account view (equity, liquidation distances) was computed. */
  account: boolean;
  /** Stored revision the book came from (null: a file). */
  revision: number | null;
}

/** Run every method of `inputs` (a failing method becomes a failure outcome, the others go on). */
export function runReportMethods(inputs: ReportInputs): ReportOutcome[] {
  // Each method as `runMargin` runs it, the book parsed once for all (registry `runMargins`).
  const runs = inputs.methods.map(({ id, params }) => ({ methodId: id, params: params ?? undefined }));
  return runMargins(runs, inputs.portfolio, inputs.market, { account: inputs.account }).map((o): ReportOutcome =>
    o.ok ? o : { methodId: o.methodId, ok: false, error: o.error instanceof Error ? o.error.message : String(o.error) });
}

/** The registry's label of every method id (unknown ids keep their id). */
export function methodLabels(): Record<string, string> {
  return Object.fromEntries(Object.values(MARGIN_METHODS).map((m) => [m.id, m.label]));
}

/** Currencies valued at par with USD (as row-figures.ts and the margin engine's USD_LIKE). */
const USD_LIKE = new Set(['USD', 'USDC', 'USDT']);

/**
 * Each position's mark, implied vol and greeks from the engine's `markInstrument` (marked once
 * per symbol by the grid's `MarkCache`, electron/service/workspace/row-figures.ts), with the
 * grid's definitions (`markFigures` there): per-unit mark, size × per-unit greek, USD mark at the
 * settlement currency's USD rate. Kept as float64 numbers (20,000 positions: the grid's
 * 10-digit text formatting alone took ~0.3 s). A market the engine cannot read leaves every
 * mark empty (the methods report their own failure).
 */
export function positionMarks(market: unknown, positions: readonly { id: string; instrument: string; size: string }[]): Map<string, PositionMarks> {
  const out = new Map<string, PositionMarks>();
  let cache: MarkCache;
  try { cache = new MarkCache(parseMarketSnapshot(market)); } catch { return out; }
  const fin = (x: number): number | undefined => (Number.isFinite(x) ? x : undefined);
  for (const p of positions) {
    const u = cache.unit(p.instrument);
    const m = u.mark;
    if (u.error !== undefined || !m || u.inst === undefined) { out.set(p.id, { error: u.error }); continue; }
    const size = Number(p.size);
    const ccy = m.currency.toUpperCase();
    const rate = u.usdRate ?? (USD_LIKE.has(ccy) ? 1 : NaN);
    out.set(p.id, m.kind === 'option'
      ? { markCoin: fin(m.markPrice), markUsd: fin(m.markPrice * rate), iv: m.vol === null ? undefined : fin(m.vol),
        deltaCoin: fin(size * m.deltaCoin), gammaCoin: fin(size * m.gamma), vegaCoin: fin(size * m.vega), thetaCoin: fin(size * m.theta) }
      : { markUsd: fin(m.markPrice), deltaCoin: fin(size * m.deltaCoin) });
  }
  return out;
}

/** The report model of a run. */
export function reportOf(inputs: ReportInputs, outcomes: readonly ReportOutcome[], appVersion: string): MarginReport {
  // A file position without an id is `p<row>` in the engine's results (margin-input.ts).
  const positions = inputs.portfolio.positions.map((p, i) => ({ id: p.id ?? `p${i + 1}`, instrument: p.instrument, size: p.size }));
  return buildMarginReport({ portfolio: { name: inputs.portfolio.name, positions }, marks: positionMarks(inputs.market, positions), revision: inputs.revision, appVersion, labels: methodLabels(), outcomes });
}
