/**
 * `report:export` (shared/ipc/report-contract.ts): the report of the open book, built by the
 * same writers as `pmdesk report` (electron/reports). Uses stored inputs only (market snapshot,
 * parameter sets); never changes the book or the store. Methods come from the registry. The same
 * report as a job with progress and cancel is `job:export-report` (electron/service/jobs), built
 * from the same `reportInputs` by the same `buildReportFile` (report-build.ts).
 */
import type { ReportExportFormat, ReportExportRequestDto, ReportFileDto, ReportInvokeContract } from '../../../shared/ipc/report-contract';
import { MARGIN_METHODS } from '../../engine/margin/registry';
import type { ReportInputs } from '../../reports/report-run';
import type { ServiceStore } from '../ports';
import { NotFoundError, UnknownMethodError } from '../service-errors';
import { assertInstrumentsParse, assertPortfolioDecimals } from '../portfolio-checks';
import { buildReportFile, type BuiltReport } from './report-build';

type Handlers = { [C in keyof ReportInvokeContract]: (req: ReportInvokeContract[C]['req']) => Promise<ReportInvokeContract[C]['res']> };

const MIME: Record<ReportExportFormat, [string, string]> = {
  xlsx: ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  csv: ['zip', 'application/zip'],
  json: ['json', 'application/json'],
  html: ['html', 'text/html'],
  pdf: ['pdf', 'application/pdf'],
};

/**
 * The checked, resolved inputs of a report request (market snapshot and parameter sets read from
 * the store): refused, naming the item, for an unknown method, market or parameter set, or a book
 * the engine cannot read (not exported with every method failed).
 */
export function reportInputs(store: Pick<ServiceStore, 'marketSnapshots' | 'parameterSets'>, req: ReportExportRequestDto, channel = 'report:export'): ReportInputs {
  const { portfolio, revision, marketId, methods, parameterSets } = req;
  const unknown = methods.filter((id) => !MARGIN_METHODS[id]);
  if (unknown.length > 0) throw new UnknownMethodError(unknown);
  assertPortfolioDecimals(channel, portfolio);
  assertInstrumentsParse(channel, portfolio);
  const market = store.marketSnapshots.get(marketId);
  if (!market) throw new NotFoundError(`market snapshot ${marketId}`);
  const params = (id: string): unknown => {
    const setId = parameterSets?.[id];
    if (setId === undefined) return null;
    const doc = store.parameterSets.get(setId);
    if (!doc) throw new NotFoundError(`parameter set ${setId}`);
    return doc.json;
  };
  return {
    portfolio: { name: portfolio.name, balances: portfolio.balances, positions: portfolio.positions },
    market: market.json, methods: methods.map((id) => ({ id, params: params(id) })), account: true, revision: revision ?? null,
  };
}

/** The answer of a built report: its suggested name, type and bytes (base64). */
export function reportFileDto(portfolioName: string, format: ReportExportFormat, built: BuiltReport): ReportFileDto {
  const [ext, mimeType] = MIME[format];
  const base = portfolioName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'portfolio';
  return { fileName: `${base}-margin-report.${ext}`, mimeType, base64: Buffer.from(built.bytes).toString('base64'), failedMethods: built.failedMethods };
}

/** The report handlers over the store (merged into the app service with one spread). */
export function createReportService(store: Pick<ServiceStore, 'marketSnapshots' | 'parameterSets'>, appVersion: string): Handlers {
  return {
    'report:export': async (req) => {
      const inputs = reportInputs(store, req);
      // The web host's PDF: headless Chromium as `pmdesk report` (Electron main prints `html` itself).
      const built = await buildReportFile(inputs, req.format, req.paper ?? 'A4', appVersion);
      return reportFileDto(req.portfolio.name, req.format, built);
    },
  };
}
