/**
 * `pmdesk report`: the margin report of a book (a portfolio file, or a stored revision with
 * `--db`) for one or more methods, as PDF, XLSX, CSV (zipped per table) or re-runnable JSON.
 * Methods are whatever the registry lists (electron/engine/margin/registry.ts).
 */
import { createWriteStream } from 'node:fs';
import { writeFile, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APP_VERSION } from '../../service/app-version';
import { MARGIN_METHODS } from '../../engine/margin/registry';
import { parsePortfolioJson, parseSnapshotJson } from '../../io/json-formats';
import { isoTimeFlag, parseArgs, requireFlag } from '../args';
import { methodIds } from '../method-flag';
import { CliError, type CliCommand, type CliIo } from '../cli-command';
import { reportCsvZip, reportPdf, reportXlsx } from '../../reports/report-files';
import { reportJson } from '../../reports/report-json';
import { reportOf, runReportMethods, type ReportInputs } from '../../reports/report-run';
import { jsonChunks } from '../json-stream';
import { readValidated, readJson } from './margin';
import { enumFlag, intFlag, openCliStore, resolvePortfolioId } from './storage-cli';

const FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

const USAGE = `usage: pmdesk report --portfolio FILE --market FILE --method ID[,ID…] --format pdf|xlsx|csv|json --out FILE [options]
       pmdesk report --db FILE --portfolio-id ID [--revision N] --market FILE --method … --format … --out FILE

The margin report of a book: header, summary (IM/MM per currency and in USD, saving against the
most demanding method of the report), add-ons, binding scenarios, account view and distance to
liquidation, top contributors, scenario heatmap (PDF), positions with each method's figures.

options:
  --method ID[,ID…]    ${Object.keys(MARGIN_METHODS).join(' | ')}, or all (every method)
  --params FILE        parameter set JSON (only with a single --method)
  --format FMT         pdf (Chromium: PMDESK_CHROMIUM or /usr/bin/chromium), xlsx, csv (a zip of
                       one RFC 4180 file per table), json (every input embedded: replay it with
                       \`pmdesk margin --replay FILE\`)
  --paper A4|Letter    PDF paper size (default A4)
  --as-of ISO          as-of time for Deribit book-summary market data
  --no-account         skip the account view
  --out FILE           written whole or not at all (temporary file, then renamed)
`;

/** Parse `--method a,b` or `--method all` against the registry (method-flag.ts). */
export const methodList = methodIds;

/** The bytes of a report in a format. */
export async function reportBytes(inputs: ReportInputs, format: ReportFormat, paper: 'A4' | 'Letter' = 'A4'): Promise<{ bytes: Uint8Array | string[]; failed: number }> {
  const outcomes = runReportMethods(inputs);
  const failed = outcomes.filter((o) => !o.ok).length;
  if (format === 'json') return { bytes: [...jsonChunks(reportJson(inputs, outcomes, APP_VERSION)), '\n'], failed };
  const model = reportOf(inputs, outcomes, APP_VERSION);
  if (format === 'xlsx') return { bytes: await reportXlsx(model), failed };
  if (format === 'csv') return { bytes: reportCsvZip(model), failed };
  return { bytes: await reportPdf(model, paper), failed };
}

/** Write a file atomically: a temporary sibling, then rename (nothing half-written on a crash). */
export async function writeAtomic(path: string, bytes: Uint8Array | string[]): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    if (Array.isArray(bytes)) {
      // JSON pieces (about 64 K characters each) written one at a time: no single string of the
      // whole report is built (a 20k-book JSON report is tens of MB).
      await pipeline(Readable.from(bytes), createWriteStream(tmp));
    } else await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function readInputs(parsed: ReturnType<typeof parseArgs>, io: CliIo, methods: string[]): Promise<ReportInputs> {
  const asOfMs = typeof parsed.flags['as-of'] === 'string' ? isoTimeFlag('as-of', parsed.flags['as-of']) : undefined;
  let portfolio: ReportInputs['portfolio'];
  let revision: number | null = null;
  if (typeof parsed.flags.db === 'string' || typeof parsed.flags['portfolio-id'] === 'string') {
    if (typeof parsed.flags.portfolio === 'string') throw new CliError('give --portfolio FILE or --db with --portfolio-id, not both');
    const store = openCliStore(parsed, io);
    try {
      const id = resolvePortfolioId(store, requireFlag(parsed, 'portfolio-id'));
      const want = intFlag(parsed, 'revision');
      const p = store.portfolios.get(id, want);
      if (!p) throw new CliError(`portfolio ${id} has no revision ${want}`, 1);
      revision = want ?? store.portfolios.headRevision(id) ?? null;
      portfolio = { name: p.name, balances: p.balances, positions: p.positions };
    } finally {
      store.close();
    }
  } else {
    [portfolio] = await readValidated(io, requireFlag(parsed, 'portfolio'), 'portfolio', 'positions', parsePortfolioJson);
  }
  const [{ json: market }] = await readValidated(io, requireFlag(parsed, 'market'), 'market', undefined, (t) => parseSnapshotJson(t, asOfMs === undefined ? {} : { asOfMs }));
  let params: unknown = null;
  if (typeof parsed.flags.params === 'string') {
    if (methods.length !== 1) throw new CliError('--params needs exactly one --method');
    params = await readJson(io, parsed.flags.params, 'params');
  }
  return { portfolio, market, methods: methods.map((id) => ({ id, params })), account: parsed.flags['no-account'] !== true, revision };
}

/** The `report` command. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'margin report of a book for one or more methods as PDF, XLSX, CSV (zip) or re-runnable JSON',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { valued: ['portfolio', 'market', 'as-of', 'method', 'params', 'format', 'out', 'paper', 'db', 'portfolio-id', 'revision'], booleans: ['no-account'] });
    if (parsed.positionals.length) throw new CliError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
    const methods = methodList(requireFlag(parsed, 'method'));
    const format = enumFlag(parsed, 'format', FORMATS);
    const paper = enumFlag(parsed, 'paper', ['A4', 'Letter'] as const, 'A4');
    const out = requireFlag(parsed, 'out');
    const inputs = await readInputs(parsed, io, methods);
    const { bytes, failed } = await reportBytes(inputs, format, paper);
    await writeAtomic(out, bytes);
    if (failed > 0) io.stderr(`pmdesk report: ${failed} of ${methods.length} method(s) failed on this book (listed in the report)\n`);
    return failed > 0 ? 1 : 0;
  },
};
