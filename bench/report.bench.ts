/**
 * Whole-process report and batch figures (issue 12 §1, §2): `pmdesk report` on the
 * 20,000-position synthetic book in each format, and `pmdesk batch` over 1,000 books of 200
 * positions, all with the bundled CLI (`node bin/pmdesk.mjs`, built by scripts/build-cli.mjs).
 * In-run baselines: `node -e ''` and `pmdesk margin --no-account` on the same book (the engine
 * work every report includes), and a one-book batch (worker start-up).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_ROOT, buildCli, writeBigBook } from './cli-bench-setup';
import { syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { DERIBIT_PM_ID } from '../electron/engine/margin/methods/deribit-pm/id';

const root = BENCH_ROOT;

function timeMs(args: string[], okCodes = [0]): number {
  const s = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const t = performance.now() - s;
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return t;
}

function median(n: number, f: () => number): number {
  const t = Array.from({ length: n }, f).sort((a, b) => a - b);
  return t[Math.floor(n / 2)];
}

/** Page count of a PDF (pdfinfo, poppler-utils), or '?' without it. */
function pdfPages(file: string): string {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  return /Pages:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? '?';
}

/**
 * The 20k PDF (A4, median of 3; Letter once) beside two in-run baselines: `pmdesk margin` on the
 * same book (the engine work) and `pmdesk report --format pdf` on a 200-position book (Chromium
 * start-up and the front pages, paid by every PDF). Before the pre-paginated positions pages
 * (2026-12-07, load 0.8) the 20k A4 PDF took 72.6 s in-process for 192 pages with clipped columns.
 */
export function pdfReportBench(dir: string, syn: ReturnType<typeof writeBigBook>['market'], book: string[], margin: number): void {
  const cli = (...a: string[]) => ['bin/pmdesk.mjs', ...a];
  const small = join(dir, 'book-200.json');
  writeFileSync(small, JSON.stringify({ name: 'bench-200', positions: syntheticPositions(syn.options.slice(0, 200), 200) }));
  const rest = book.slice(2); // --market … --method …
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  const base = median(3, () => timeMs(cli('report', '--portfolio', small, ...rest, '--format', 'pdf', '--out', join(dir, 'small.pdf'))));
  console.log(`baseline pmdesk report 200 --format pdf:      ${base.toFixed(0)} ms (${pdfPages(join(dir, 'small.pdf'))} pages; Chromium start + front pages)`);
  const a4 = median(3, () => timeMs(cli('report', ...book, '--format', 'pdf', '--out', join(dir, 'r.pdf'))));
  console.log(`pmdesk report 20k --format pdf A4 (target < 5000): ${a4.toFixed(0)} ms (+${(a4 - margin).toFixed(0)} over margin, +${(a4 - base).toFixed(0)} over the 200-position PDF; ${pdfPages(join(dir, 'r.pdf'))} pages; load ${load()})`);
  const letter = timeMs(cli('report', ...book, '--format', 'pdf', '--paper', 'Letter', '--out', join(dir, 'r-letter.pdf')));
  console.log(`pmdesk report 20k --format pdf Letter:        ${letter.toFixed(0)} ms (${pdfPages(join(dir, 'r-letter.pdf'))} pages; load ${load()})`);
}

/** Run and print the report and batch benchmarks. */
export async function runReportBench(): Promise<void> {
  buildCli();
  const { dir, market: syn } = writeBigBook('pmdesk-report-bench-');
  try {
    const cli = (...a: string[]) => ['bin/pmdesk.mjs', ...a];
    const book = ['--portfolio', join(dir, 'book.json'), '--market', join(dir, 'market.json'), '--method', DERIBIT_PM_ID];
    const baseline = median(5, () => timeMs(['-e', '']));
    const margin = median(3, () => timeMs(cli('margin', ...book, '--no-account')));
    console.log(`baseline node -e '' (in-run):                 ${baseline.toFixed(0)} ms`);
    console.log(`baseline pmdesk margin 20k --no-account:      ${margin.toFixed(0)} ms`);
    for (const [format, target] of [['json', ''], ['csv', ''], ['xlsx', ' (target < 2000)']] as const) {
      const t = median(3, () => timeMs(cli('report', ...book, '--format', format, '--out', join(dir, `r.${format}`))));
      console.log(`pmdesk report 20k --format ${format.padEnd(4)}${target.padEnd(17)}: ${t.toFixed(0)} ms (+${(t - margin).toFixed(0)} over margin)`);
    }
    pdfReportBench(dir, syn, book, margin);
    const books = join(dir, 'books');
    mkdirSync(books);
    for (let i = 0; i < 1000; i++) {
      const opts = syn.options.slice((i * 7) % 1800, ((i * 7) % 1800) + 200);
      writeFileSync(join(books, `b${String(i).padStart(4, '0')}.json`), JSON.stringify({ name: `book-${i}`, positions: syntheticPositions(opts, 200, i + 1) }));
    }
    const one = timeMs(cli('batch', '--market', join(dir, 'market.json'), '--method', DERIBIT_PM_ID, '--books', join(books, 'b0000.json'), '--out', join(dir, 'one')));
    const all = timeMs(cli('batch', '--market', join(dir, 'market.json'), '--method', DERIBIT_PM_ID, '--books', books, '--out', join(dir, 'all'), '--jobs', '2'));
    const lean = timeMs(cli('batch', '--market', join(dir, 'market.json'), '--method', DERIBIT_PM_ID, '--books', books, '--out', join(dir, 'lean'), '--jobs', '2', '--no-account'));
    console.log(`baseline pmdesk batch, 1 book:                ${one.toFixed(0)} ms`);
    console.log(`pmdesk batch 1,000 books x 200, --jobs 2, --no-account (target < 10000): ${lean.toFixed(0)} ms`);
    console.log(`pmdesk batch 1,000 books x 200, --jobs 2, with the account view:      ${all.toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
