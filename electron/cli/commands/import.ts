/**
 * `pmdesk import`: validate a positions CSV / portfolio JSON / snapshot / scenario set /
 * parameter set file and save it as a new revision. Any bad row → nothing written, every problem
 * on stderr, exit 1 — unless `--accept-valid` explicitly accepts the valid part.
 */
import { isoTimeFlag, parseArgs } from '../args';
import { CliError, type CliCommand } from '../cli-command';
import { importDocument, importPositions, type ColumnMapping, type ImportIssue, type PositionSource } from '../../io';
import { enumFlag, jsonFlag, openCliStore, resolveDocId, resolvePortfolioId } from './storage-cli';

const KINDS = ['positions', 'portfolio', 'snapshot', 'scenario-set', 'parameter-set'] as const;
const FORMATS = ['deribit', 'okx', 'bybit', 'generic'] as const;

function issueLine(i: ImportIssue): string {
  return `  ${i.row > 0 ? `row ${i.row}` : 'file'}${i.column ? `, column ${i.column}` : ''}: ${i.code}: ${i.message}`;
}

/** The `import` sub-command. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import positions (CSV, venue exports), portfolio, snapshot, scenario or parameter JSON into the database',
  usage: `usage: pmdesk import --file FILE [--db DB] [--kind positions|portfolio|snapshot|scenario-set|parameter-set]
       positions: --format deribit|okx|bybit|generic [--mapping JSON] [--source NAME] [--contract-values JSON]
                  (--portfolio ID|NAME | --name NEW_NAME) [--mode replace|append]
       portfolio: [--portfolio ID|NAME | --name NAME]   documents: [--id ID|NAME] [--name NAME]
       parameter-set: [--method ID] (checked by that method's parameter parser)
       snapshot: the documented snapshot JSON, or a saved Deribit get_book_summary_by_currency
                 response (bare array or JSON-RPC envelope), stored converted to the snapshot
                 format; [--as-of ISO] its as-of time (default: its newest creation_timestamp)
       [--accept-valid] [--dry-run] [--note TEXT]
  The database is --db FILE or $PMDESK_DB. Nothing is written when any row is bad unless
  --accept-valid is given (then the valid rows are written as one revision). The report is JSON on
  stdout; problems are listed on stderr with row, column and reason. Exit 0 written/validated, 1 rejected.
  --mapping '{"instrument":"Symbol","size":"Qty","side":"Side","averagePrice":"Entry","note":"Comment","sizeMultiplier":"1"}'
  (saved under --source NAME and reused when --mapping is omitted).
`,
  async run(args, io) {
    const parsed = parseArgs(args, {
      valued: ['db', 'file', 'kind', 'format', 'mapping', 'source', 'contract-values', 'portfolio', 'name', 'mode', 'note', 'id', 'method', 'as-of'],
      booleans: ['accept-valid', 'dry-run'],
    });
    if (parsed.positionals.length > 0) throw new CliError(`unexpected argument ${parsed.positionals[0]}`);
    const file = parsed.flags.file;
    if (typeof file !== 'string') throw new CliError('--file is required');
    const kind = enumFlag(parsed, 'kind', KINDS, parsed.flags.format !== undefined ? 'positions' : undefined);
    const asOf = parsed.flags['as-of'];
    if (asOf !== undefined && kind !== 'snapshot') throw new CliError('--as-of applies only to --kind snapshot (a saved Deribit book summary)');
    const asOfMs = typeof asOf === 'string' ? isoTimeFlag('as-of', asOf) : undefined;
    const text = await io.readFile(file); // unreadable → exit 2 (run-cli)
    const str = (k: string) => (typeof parsed.flags[k] === 'string' ? (parsed.flags[k] as string) : undefined);
    const store = openCliStore(parsed, io);
    try {
      let out;
      if (kind === 'positions' || kind === 'portfolio') {
        let source: PositionSource;
        if (kind === 'portfolio') source = { kind: 'json' };
        else {
          const format = enumFlag(parsed, 'format', FORMATS);
          if (format === 'generic') {
            const m = jsonFlag(parsed, 'mapping');
            if (m && (!m.instrument || !m.size)) throw new CliError('--mapping needs at least "instrument" and "size"');
            source = { kind: 'csv', format, mapping: m as ColumnMapping | undefined, source: str('source') };
          } else source = { kind: 'csv', format, contractValues: jsonFlag(parsed, 'contract-values') };
        }
        const p = str('portfolio');
        const target = p !== undefined ? { portfolioId: resolvePortfolioId(store, p), name: str('name') } : { name: str('name') };
        out = importPositions(store, text, source, target, {
          mode: enumFlag(parsed, 'mode', ['replace', 'append'] as const, 'replace'),
          acceptValid: parsed.flags['accept-valid'] === true,
          dryRun: parsed.flags['dry-run'] === true,
          note: str('note'),
        });
      } else {
        const repo = kind === 'snapshot' ? store.marketSnapshots : kind === 'scenario-set' ? store.scenarioSets : store.parameterSets;
        const idArg = str('id');
        out = importDocument(store, kind, text, {
          id: idArg === undefined ? undefined : resolveDocId(repo, idArg),
          name: str('name'),
          note: str('note'),
          dryRun: parsed.flags['dry-run'] === true,
          method: str('method'),
          asOfMs,
        });
      }
      const r = out.report;
      io.stdout(`${JSON.stringify({ status: out.status, written: out.written, totalRows: r.totalRows, skippedRows: r.skippedRows, validRows: kind === 'positions' ? r.valid.length : undefined, issues: r.issues }, null, 2)}\n`);
      if (r.issues.length > 0) {
        io.stderr(`pmdesk import: ${r.issues.length} problem(s) in ${file}${out.status === 'written' ? ' (valid part written as accepted)' : '; nothing written'}:\n${r.issues.slice(0, 200).map(issueLine).join('\n')}${r.issues.length > 200 ? `\n  … ${r.issues.length - 200} more in the JSON report` : ''}\n`);
      }
      return out.status === 'rejected' ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
