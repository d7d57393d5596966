/**
 * `report:export` (shared/ipc/report-contract.ts): the report of the open book, built by the
 * same writers as `pmdesk report` (electron/reports). Uses stored inputs only (market snapshot,
 * parameter sets); never changes the book or the store. Methods come from the registry.
 */
import type { ReportExportFormat, ReportInvokeContract } from '../../../shared/ipc/report-contract';
import { reportHtml } from '../../../shared/reports/report-html';
import { MARGIN_METHODS } from '../../engine/margin/registry';
import { reportCsvZip, reportPdf, reportXlsx } from '../../reports/report-files';
import { reportJson } from '../../reports/report-json';
import { reportOf, runReportMethods, type ReportInputs } from '../../reports/report-run';
import type { ServiceStore } from '../ports';
import { NotFoundError, UnknownMethodError } from '../service-errors';
import { assertInstrumentsParse, assertPortfolioDecimals } from '../portfolio-checks';

type Handlers = { [C in keyof ReportInvokeContract]: (req: ReportInvokeContract[C]['req']) => Promise<ReportInvokeContract[C]['res']> };

const MIME: Record<ReportExportFormat, [string, string]> = {
  xlsx: ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  csv: ['zip', 'application/zip'],
  json: ['json', 'application/json'],
  html: ['html', 'text/html'],
  pdf: ['pdf', 'application/pdf'],
};

/** The report handlers over the store (merged into the app service with one spread). */
export function createReportService(store: Pick<ServiceStore, 'marketSnapshots' | 'parameterSets'>, appVersion: string): Handlers {
  return {
    'report:export': async ({ portfolio, revision, marketId, methods, parameterSets, format, paper }) => {
      const unknown = methods.filter((id) => !MARGIN_METHODS[id]);
      if (unknown.length > 0) throw new UnknownMethodError(unknown);
      // A book the engine cannot read is refused naming the item, not exported with every method failed.
      assertPortfolioDecimals('report:export', portfolio);
      assertInstrumentsParse('report:export', portfolio);
      const market = store.marketSnapshots.get(marketId);
      if (!market) throw new NotFoundError(`market snapshot ${marketId}`);
      const params = (id: string): unknown => {
        const setId = parameterSets?.[id];
        if (setId === undefined) return null;
        const doc = store.parameterSets.get(setId);
        if (!doc) throw new NotFoundError(`parameter set ${setId}`);
        return doc.json;
      };
      const inputs: ReportInputs = {
        portfolio: { name: portfolio.name, balances: portfolio.balances, positions: portfolio.positions },
        market: market.json, methods: methods.map((id) => ({ id, params: params(id) })), account: true, revision: revision ?? null,
      };
      const outcomes = runReportMethods(inputs);
      let bytes: Uint8Array;
      if (format === 'json') bytes = new TextEncoder().encode(`${JSON.stringify(reportJson(inputs, outcomes, appVersion), null, 2)}\n`);
      else {
        const model = reportOf(inputs, outcomes, appVersion);
        bytes = format === 'xlsx' ? await reportXlsx(model)
          : format === 'csv' ? reportCsvZip(model)
          // The web host's PDF: headless Chromium as `pmdesk report` (Electron main prints `html` itself).
          : format === 'pdf' ? await reportPdf(model, paper ?? 'A4')
          : new TextEncoder().encode(reportHtml(model, { paper: paper ?? 'A4' }));
      }
      const [ext, mimeType] = MIME[format];
      const base = portfolio.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'portfolio';
      return { fileName: `${base}-margin-report.${ext}`, mimeType, base64: Buffer.from(bytes).toString('base64'), failedMethods: outcomes.flatMap((o) => (o.ok ? [] : [o.methodId])) };
    },
  };
}
