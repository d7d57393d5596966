/**
 * Reading a re-runnable report file (`.pmreport`, or a report saved as `.json`) in the renderer:
 * the document is the one electron/reports/report-json.ts writes (`format: "pmdesk-margin-report"`,
 * `formatVersion: 1`; docs/formats.md "Report JSON"). The app opens it as a replay: its book and
 * market snapshot are imported (checked by the service as any import) and opened, so every method
 * re-runs on them, and the report's own IM per method is shown beside the figures of now.
 * `pmdesk margin --replay` is the CLI's figure-by-figure comparison of the same file.
 */

import { REPORT_FORMAT, REPORT_FORMAT_VERSION } from '../../../../shared/reports/report-format';

export { REPORT_FORMAT, REPORT_FORMAT_VERSION };

/** What the app takes from a report file. */
export interface OpenedReport {
  appVersion: string;
  portfolio: { name: string; balances: unknown[]; positions: unknown[] };
  market: unknown;
  /** Methods with a parameter set of their own in the report (not the method's default). */
  methodsWithParams: string[];
  /** The report's IM and MM (USD) per method, as recorded; `error` for a method that failed then. */
  recorded: { methodId: string; initialMarginUsd?: string; maintenanceMarginUsd?: string; error?: string }[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Parse a report file's text; throws with what is wrong (not JSON, not a pmdesk report, a newer format). */
export function parseReportFile(text: string): OpenedReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('the file is not JSON');
  }
  if (!isObject(doc) || doc['format'] !== REPORT_FORMAT) throw new Error(`not a pmdesk report (format must be "${REPORT_FORMAT}")`);
  if (doc['formatVersion'] !== REPORT_FORMAT_VERSION) throw new Error(`report format version ${String(doc['formatVersion'])} is not supported (this pmdesk reads version ${REPORT_FORMAT_VERSION})`);
  const inputs = doc['inputs'];
  if (!isObject(inputs) || !isObject(inputs['portfolio'])) throw new Error('the report has no inputs.portfolio');
  const p = inputs['portfolio'];
  if (typeof p['name'] !== 'string' || !Array.isArray(p['positions'])) throw new Error('inputs.portfolio needs a name and positions');
  if (!isObject(inputs['market'])) throw new Error('the report has no inputs.market');
  const methods = Array.isArray(inputs['methods']) ? inputs['methods'].filter(isObject) : [];
  const results = Array.isArray(doc['results']) ? doc['results'].filter(isObject) : [];
  return {
    appVersion: typeof doc['appVersion'] === 'string' ? doc['appVersion'] : '?',
    portfolio: { name: p['name'], balances: Array.isArray(p['balances']) ? p['balances'] : [], positions: p['positions'] },
    market: inputs['market'],
    methodsWithParams: methods.filter((m) => m['params'] !== null && m['params'] !== undefined).map((m) => String(m['id'])),
    recorded: results.map((r) => {
      const methodId = String(r['methodId']);
      if (r['ok'] !== true) return { methodId, error: String(r['error'] ?? 'failed') };
      const totals = isObject(r['result']) && isObject(r['result']['totals']) ? r['result']['totals'] : {};
      return { methodId, initialMarginUsd: String(totals['initialMarginUsd'] ?? ''), maintenanceMarginUsd: String(totals['maintenanceMarginUsd'] ?? '') };
    }),
  };
}
