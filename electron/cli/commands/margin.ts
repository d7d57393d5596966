/**
 * `pmdesk margin`: run one margin method on a portfolio file against a market file and print the
 * full explained result (product.md CLI contract). Optional what-if trades, hedge search and
 * margin sensitivity use the same engine (electron/engine/margin/what-if.ts).
 */
import { writeJson } from '../json-stream';
import { isoTimeFlag, parseArgs, requireFlag } from '../args';
import { CliError, type CliCommand, type CliIo } from '../cli-command';
import { parsePortfolioJson, parseScenarioSetJson, parseSnapshotJson, parseTradeListJson } from '../../io/json-formats';
import type { ImportIssue, ImportReport } from '../../io/import-report';
import { MARGIN_METHODS, runMargin } from '../../engine/margin/registry';
import { ALL_METHODS, methodIds } from '../method-flag';
import type { MarginResultDto, TradeDto } from '../../../shared/domain/dto/margin-result.dto';

const USAGE = `usage: npm run -s pmdesk -- margin --portfolio FILE --market FILE --method ID [options]

Runs one margin method and prints IM, MM, add-ons, the binding scenario, the scenario vector,
each position's contribution and marginal margin, and the account view.

options:
  --portfolio FILE     portfolio JSON (docs/formats.md; unknown fields and number sizes are errors)
  --market FILE        market snapshot JSON, or a saved Deribit get_book_summary_by_currency
                       response (bare array or JSON-RPC envelope), converted on load
  --as-of ISO          as-of time for Deribit book-summary market data (default: its newest
                       creation_timestamp)
  --method ID          ${Object.keys(MARGIN_METHODS).join(' | ')}
                       or ID,ID… or all: every named method side by side (IM/MM in USD, binding add-on,
                       saving against the standard method, each full result); CSV: the comparison table
  --params FILE        parameter set JSON, as the method documents it (Deribit-style PM: model_params as returned by pme/simulate);
                       a .spn/.xml file is read as a PC-SPAN XML risk-parameter file (SPAN-style method)
                       a .csv file is read as a price-history CSV (historical VaR / ES: the history, default parameters)
  --format json|csv    output format (default json)
  --what-if FILE       JSON array of trades [{"instrument", "size": "decimal"}]: adds "whatIf" (incremental IM/MM)
  --hedge FILE         JSON array of candidate trades: adds "hedges" (IM change, best first)
  --sensitivity STEP   adds "sensitivity": IM change per position for ± STEP × size (e.g. 0.1)
  --scenarios FILE     scenario-set JSON (named multi-underlying scenarios): adds "stress", the P&L per scenario
  --no-account         skip the account view (liquidation root searches)

       npm run -s pmdesk -- margin --replay REPORT.json
  Re-runs a JSON report (pmdesk report --format json) from the inputs it embeds and compares every
  figure to the last digit: prints {"same", "methods": [{"methodId", "same", "changedInputs",
  "differences", …}]}; exit 0 when every figure is the same, 1 when any differs (changedInputs
  names a method version or parameter set that changed since the report was made).
`;

export async function readJson(io: CliIo, file: string, what: string): Promise<unknown> {
  const text = await io.readFile(file); // an unreadable file is a CliError (run-cli)
  try { return JSON.parse(text); } catch (e) {
    throw new CliError(`--${what} ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * The JSON path of an issue: list entries by 0-based index under `list` (`positions[0].size`);
 * with `list` undefined the validator's column is already the whole path.
 */
function issuePath(i: ImportIssue, list: string | undefined): string {
  if (i.row === 0 || list === undefined) return i.column || '(file)';
  const col = i.column.startsWith('[') || i.column === '' ? i.column : `.${i.column}`;
  return `${list}[${i.row - 1}]${col}`;
}

/**
 * Read a file and validate it with one of the project's file validators (electron/io); any issue
 * is a CliError (exit 2) listing every bad item as `path: reason`.
 */
export async function readValidated<T>(io: CliIo, file: string, what: string, list: string | undefined, validate: (text: string) => ImportReport<T>): Promise<T[]> {
  const report = validate(await io.readFile(file));
  if (report.issues.length > 0 || report.fatal) {
    const lines = report.issues.map((i) => `  ${issuePath(i, list)}: ${i.message}`);
    throw new CliError(`--${what} ${file}: ${report.issues.length} problem(s):\n${lines.join('\n')}`);
  }
  return report.valid;
}

/** `margin --replay FILE`: re-run a JSON report and compare (electron/reports/report-json.ts). */
async function replay(args: string[], io: CliIo): Promise<number> {
  // Loaded only here (a plain margin run does not need the report code: issue 12, start-up).
  const [{ asReportJson, replayReport, ReplayFormatError }, { APP_VERSION }] = await Promise.all([import('../../reports/report-json'), import('../../service/app-version')]);
  const parsed = parseArgs(args, { valued: ['replay'] });
  if (parsed.positionals.length) throw new CliError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
  const file = requireFlag(parsed, 'replay');
  let doc;
  try { doc = asReportJson(await readJson(io, file, 'replay')); } catch (e) {
    if (e instanceof ReplayFormatError) throw new CliError(`--replay ${file}: ${e.message}`);
    throw e;
  }
  // The embedded inputs are re-validated exactly as files would be.
  const [portfolio] = await readValidated({ ...io, readFile: () => Promise.resolve(JSON.stringify(doc.inputs.portfolio)) }, `${file}#inputs.portfolio`, 'replay', 'positions', parsePortfolioJson);
  await readValidated({ ...io, readFile: () => Promise.resolve(JSON.stringify(doc.inputs.market)) }, `${file}#inputs.market`, 'replay', undefined, (t) => parseSnapshotJson(t));
  const result = replayReport({ ...doc, inputs: { ...doc.inputs, portfolio } }, APP_VERSION);
  writeJson(io.stdout, result);
  return result.same ? 0 : 1;
}

/** The `margin` command. */
export const marginCommand: CliCommand = {
  name: 'margin',
  summary: 'run a margin method on a portfolio and market file, fully explained',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    if (args[0] === '--replay' || args.some((a) => a === '--replay' || a.startsWith('--replay='))) return replay(args, io);
    const parsed = parseArgs(args, { valued: ['portfolio', 'market', 'as-of', 'method', 'params', 'format', 'what-if', 'hedge', 'sensitivity', 'scenarios'], booleans: ['no-account'] });
    if (parsed.positionals.length) throw new CliError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
    const methodFlag = requireFlag(parsed, 'method');
    const methods = methodIds(methodFlag);
    const method = methods[0];
    const format = parsed.flags.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new CliError(`--format ${String(format)}: expected json or csv`);
    const asOfMs = typeof parsed.flags['as-of'] === 'string' ? isoTimeFlag('as-of', parsed.flags['as-of']) : undefined;
    const [portfolio] = await readValidated(io, requireFlag(parsed, 'portfolio'), 'portfolio', 'positions', parsePortfolioJson);
    const [{ json: market }] = await readValidated(io, requireFlag(parsed, 'market'), 'market', undefined, (t) => parseSnapshotJson(t, asOfMs === undefined ? {} : { asOfMs }));
    // `--method all` / `a,b`: every method side by side (margin-all.ts, loaded only for such runs).
    if (methods.length > 1 || methodFlag.trim() === ALL_METHODS) return (await import('./margin-all')).runMarginAll(methods, portfolio, market, parsed.flags, io, format);
    // A .spn/.xml/.csv parameter file is passed as text for the method to read (a PC-SPAN risk-parameter
    // file for the SPAN-style method, a price-history CSV for historical VaR / ES).
    const params = typeof parsed.flags.params === 'string' ? (/\.(spn|xml|csv)$/i.test(parsed.flags.params) ? await io.readFile(parsed.flags.params) : await readJson(io, parsed.flags.params, 'params')) : undefined;
    const whatIfTrades = typeof parsed.flags['what-if'] === 'string' ? await readValidated(io, parsed.flags['what-if'], 'what-if', '', parseTradeListJson) : undefined;
    const scenarioSet = typeof parsed.flags.scenarios === 'string' ? (await readValidated(io, parsed.flags.scenarios, 'scenarios', 'scenarios', parseScenarioSetJson))[0].json : undefined;
    const hedgeTrades = typeof parsed.flags.hedge === 'string' ? await readValidated(io, parsed.flags.hedge, 'hedge', '', parseTradeListJson) : undefined;
    try {
      const result: MarginResultDto & Record<string, unknown> = runMargin({
        methodId: method, portfolio, snapshot: market, params, account: parsed.flags['no-account'] !== true,
      });
      // What-if, stress and CSV code is imported only by the runs that print it.
      if (whatIfTrades || hedgeTrades || parsed.flags.sensitivity) {
        const { WhatIf } = await import('../../engine/margin/what-if');
        const w = new WhatIf(portfolio, market, { [method]: params });
        if (whatIfTrades) result.whatIf = w.trades([method], whatIfTrades satisfies TradeDto[])[0];
        if (hedgeTrades) result.hedges = w.hedgeSearch(method, hedgeTrades satisfies TradeDto[]);
        if (typeof parsed.flags.sensitivity === 'string') result.sensitivity = w.sensitivity(method, parsed.flags.sensitivity);
      }
      if (scenarioSet !== undefined) result.stress = (await import('../../engine/margin/stress')).runStress({ portfolio, snapshot: market, scenarioSet });
      if (format === 'csv') io.stdout((await import('../../../shared/reports/margin-csv')).marginResultCsv(result));
      else writeJson(io.stdout, result); // streamed: same bytes as JSON.stringify(result, null, 2)
      return 0;
    } catch (e) {
      if (e instanceof Error && /Error$/.test(e.name) && e.name !== 'Error' && e.name !== 'TypeError' && e.name !== 'RangeError') throw new CliError(e.message);
      throw e;
    }
  },
};
