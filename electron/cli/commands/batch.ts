/**
 * `pmdesk batch` (issue 12 §2): margin many books against one market on worker threads. Output
 * goes to a temporary sibling of `--out` that is renamed into place only when every book is
 * done, so `--out` never holds a half-written run (a crash or Ctrl-C removes the temporary
 * directory). A bad book is reported with its file and reason while the others go on.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { csvCell } from '../../../shared/reports/margin-csv';
import type { MarginReport } from '../../../shared/reports/margin-report';
import { APP_VERSION } from '../../service/app-version';
import { MARGIN_METHODS } from '../../engine/margin/registry';
import { parseSnapshotJson } from '../../io/json-formats';
import { parseArgs, requireFlag } from '../args';
import { CliError, type CliCommand, type CliIo } from '../cli-command';
import type { BatchBookResult, BatchRow } from '../batch-book';
import { readValidated } from './margin';
import { methodList } from './report';
import { enumFlag, intFlag } from './storage-cli';

const USAGE = `usage: pmdesk batch --market FILE --method ID[,ID…] --books DIR|FILE [FILE…] --out DIR [options]

Margins every book (portfolio JSON; a directory means its *.json files, in name order) against
one market snapshot. Writes into --out (which must not exist yet; created whole at the end):
  summary.csv (or summary.xlsx)  one row per book and method: IM, MM, equity (USD), MM / equity,
                                 binding scenario per currency
  failures.csv                   each bad book: file and reason (only when some failed)
  reports/                       each book's report (with --report)
Progress (books done of total, failures, ETA) goes to standard error when it is a terminal, or
with --progress; a bad book's file and reason, and the closing count, always do. Exit 0 when
every book ran, 1 when some failed (the others are still in the summary), 2 for usage errors,
130 on Ctrl-C (SIGINT; 143 on SIGTERM): the workers are stopped and nothing is written to --out.

options:
  --method ID[,ID…]    ${Object.keys(MARGIN_METHODS).join(' | ')}
  --jobs N             worker threads (default: the core count)
  --summary csv|xlsx   summary format (default csv)
  --report json|xlsx|csv  also write each book's report into reports/
  --progress           progress lines on standard error even when it is not a terminal
  --no-account         skip the account view (its liquidation searches are most of the time):
                       equityUsd and marginRatio stay empty
`;

const SUMMARY_HEADER = ['book', 'file', 'method', 'initialMarginUsd', 'maintenanceMarginUsd', 'equityUsd', 'marginRatio', 'binding', 'error'] as const;

/** The book files of `--books` and positionals (directories expanded to their *.json files). */
export function bookFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new CliError(`--books ${p}: no such file or directory`); }
    if (st.isDirectory()) out.push(...readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => join(p, f)));
    else out.push(p);
  }
  if (out.length === 0) throw new CliError('--books: no book files (*.json) found');
  return out;
}

function workerUrl(): URL {
  // Source (tsx) runs the .ts worker; the bundle (out/cli) has batch-worker.mjs beside its chunks.
  return import.meta.url.endsWith('.ts') ? new URL('../batch-worker.ts', import.meta.url) : new URL('./batch-worker.mjs', import.meta.url);
}

function summaryModel(rows: BatchRow[]): MarginReport {
  const kinds = { initialMarginUsd: 'usd', maintenanceMarginUsd: 'usd', equityUsd: 'usd', marginRatio: 'percent' } as const;
  return {
    header: { portfolio: 'batch', revision: null, asOf: '', appVersion: APP_VERSION, methods: [] }, failures: [], heatmaps: [],
    tables: [{
      id: 'summary', title: 'Summary',
      columns: SUMMARY_HEADER.map((k) => ({ key: k, label: k, kind: (kinds as Record<string, 'usd' | 'percent'>)[k] ?? 'text' })),
      rows: rows.map((r) => SUMMARY_HEADER.map((k) => (r[k] === '' ? null : r[k]))),
    }],
  };
}

function fmtSeconds(s: number): string { return s < 60 ? `${Math.ceil(s)} s` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`; }

/** The `batch` command. */
export const batchCommand: CliCommand = {
  name: 'batch',
  summary: 'margin many books against one market on worker threads: summary CSV/XLSX, reports',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { valued: ['market', 'method', 'books', 'out', 'jobs', 'summary', 'report'], booleans: ['no-account', 'progress'] });
    const methods = methodList(requireFlag(parsed, 'method'));
    const files = bookFiles([requireFlag(parsed, 'books'), ...parsed.positionals]);
    const out = resolve(requireFlag(parsed, 'out'));
    if (existsSync(out)) throw new CliError(`--out ${out}: already exists (batch writes a new directory, whole or not at all)`);
    const jobs = Math.max(1, Math.min(intFlag(parsed, 'jobs') ?? availableParallelism(), files.length));
    const summaryFormat = enumFlag(parsed, 'summary', ['csv', 'xlsx'] as const, 'csv');
    const report = parsed.flags.report === undefined ? null : enumFlag(parsed, 'report', ['json', 'xlsx', 'csv'] as const);
    const [{ json: market }] = await readValidated(io, requireFlag(parsed, 'market'), 'market', undefined, (t) => parseSnapshotJson(t));

    const tmp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
    // A terminal gets one progress line rewritten in place; --progress elsewhere gets a line per update.
    const tty = process.stderr.isTTY === true;
    const showProgress = tty || parsed.flags.progress === true;
    await mkdir(join(tmp, report ? 'reports' : ''), { recursive: true });
    const workers: Worker[] = [];
    let interrupted = false;
    // On Ctrl-C / SIGTERM: stop the workers, remove the temporary directory now (synchronously:
    // process.exit does not wait for a promise), and leave --out as it was (absent).
    const onSignal = (signal: NodeJS.Signals) => {
      interrupted = true;
      for (const w of workers) void w.terminate();
      rmSync(tmp, { recursive: true, force: true });
      io.stderr(`${tty ? '\n' : ''}pmdesk batch: interrupted; the workers were stopped and nothing was written to --out\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const results: BatchBookResult[] = new Array(files.length);
      const started = Date.now();
      let next = 0, done = 0, failed = 0, lastProgress = 0;
      const progress = (final: boolean) => {
        const now = Date.now();
        if (!final && (!showProgress || now - lastProgress < 250)) return;
        lastProgress = now;
        const eta = done === 0 ? '' : `, ETA ${fmtSeconds(((now - started) / done) * (files.length - done) / 1000)}`;
        const line = `batch: ${done} of ${files.length} books, ${failed} failed${final ? `, ${((now - started) / 1000).toFixed(1)} s` : eta}`;
        // On a terminal the running line is rewritten (\r, cleared to its end); the closing count ends it.
        io.stderr(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
      };
      await new Promise<void>((resolveAll, rejectAll) => {
        if (files.length === 0) { resolveAll(); return; }
        for (let w = 0; w < jobs; w++) {
          const worker = new Worker(workerUrl(), { workerData: { market, methods, report, appVersion: APP_VERSION, account: parsed.flags['no-account'] !== true } });
          workers.push(worker);
          const feed = () => { if (next < files.length) { worker.postMessage({ index: next, file: files[next] }); next++; } };
          worker.on('message', (r: BatchBookResult) => {
            const write = r.ok && r.report ? writeFile(join(tmp, 'reports', r.report.name), r.report.bytes) : Promise.resolve();
            write.then(() => {
              results[r.index] = r;
              done++;
              if (!r.ok) { failed++; io.stderr(`${tty ? '\r\x1b[K' : ''}batch: ${r.file}: ${r.reason}\n`); }
              progress(false);
              if (done === files.length) resolveAll(); else feed();
            }, rejectAll);
          });
          worker.on('error', rejectAll);
          feed();
        }
      });
      progress(true);
      const rows = results.flatMap((r) => (r.ok ? r.rows : []));
      if (summaryFormat === 'csv') {
        const text = [SUMMARY_HEADER.join(','), ...rows.map((r) => SUMMARY_HEADER.map((k) => csvCell(r[k])).join(','))].join('\r\n') + '\r\n';
        await writeFile(join(tmp, 'summary.csv'), text);
      } else {
        const { reportXlsx } = await import('../../reports/report-files');
        await writeFile(join(tmp, 'summary.xlsx'), await reportXlsx(summaryModel(rows)));
      }
      const bad = results.filter((r): r is Extract<BatchBookResult, { ok: false }> => !r.ok);
      if (bad.length) await writeFile(join(tmp, 'failures.csv'), ['file,reason', ...bad.map((r) => `${csvCell(r.file)},${csvCell(r.reason)}`)].join('\r\n') + '\r\n');
      if (interrupted) return 130;
      await rename(tmp, out);
      return bad.length ? 1 : 0;
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
