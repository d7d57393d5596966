/**
 * Two writers with an import job in flight (issue 11 §3, issue 14 §4): the app's service runs a
 * positions import as a job — on its import thread, with a connection of its own, appending a
 * 10,000-row Deribit file to a book — while a CLI `import` process appends to the same book in the
 * same database file. The CLI's writes are sent at a random moment of the job (as it starts, while
 * its rows are checked, while its one transaction writes) after a random pause. Neither may fail
 * (no SQLITE_BUSY past the busy timeout), neither may lose a write (the book's head holds every
 * appended row of both), and the book's revisions stay dense and ordered (1..N, each handed out
 * once, save times never going backwards). Each run starts an import thread (about a second), so
 * `npm test` runs 3 (one per moment); `PMDESK_JOB_WRITER_RUNS` sets the count (`npm run test:soak` 30).
 * Before the append was built inside the write transaction, the first run lost the job's 10,000 rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db';
import { tempDbPath } from '../../electron/db/test-helpers';
import { prng } from '../../electron/engine/margin/synthetic-book';
import { startWriter, type Writer } from './writer-process';
import { openAppService } from '../../electron/service/compose';
import { INLINE_MAX_CHARS } from '../../electron/service/jobs/job-service';
import type { AppService } from '../../electron/service/dispatch';
import type { ImportJobResultDto, JobProgressDto } from '../../shared/ipc/job-contract';

const RUNS = Number(process.env['PMDESK_JOB_WRITER_RUNS'] ?? 3);
const SEED = Number(process.env['PMDESK_JOB_WRITER_SEED'] ?? 14_2026);
/** Rows of the job's file (`PMDESK_JOB_WRITER_ROWS`; 200,000 holds the write lock for seconds). */
const JOB_ROWS = Number(process.env['PMDESK_JOB_WRITER_ROWS'] ?? 10_000);

/** The job's file: `JOB_ROWS` BTC options of run `run` (distinct from the CLI's ETH ones). */
function jobCsv(run: number): string {
  const lines = ['instrument_name,size,average_price'];
  for (let i = 0; i < JOB_ROWS; i++) lines.push(`BTC-25DEC26-${10_000 + i * 5}-${run % 2 ? 'P' : 'C'},${(i % 9) + 1},0.0${(i % 90) + 10}`);
  return `${lines.join('\n')}\n`;
}

type Result = { what: string; revision?: number; error?: string };
let tmp: ReturnType<typeof tempDbPath>;
let app: ReturnType<typeof openAppService>;
let cli: Writer;

beforeAll(async () => {
  tmp = tempDbPath('pmdesk-job-writers-');
  app = openAppService({ databasePath: tmp.path, host: 'web', version: 'job-writers', seedDemo: false });
  cli = startWriter('cli writer', 'cli', tmp.path, 'unused');
  expect(await cli.next()).toBe('ready');
}, 60_000);

afterAll(async () => {
  cli?.proc.stdin.end('quit\n');
  await new Promise((ok) => (cli.proc.exitCode !== null ? ok(null) : cli.proc.once('exit', ok)));
  app?.close();
  tmp?.cleanup();
});

/** Resolve when the job's progress satisfies `ok` or the job ends (whichever is first). */
async function when(s: AppService, jobId: string, ok: (p: JobProgressDto) => boolean): Promise<void> {
  let seq = 0;
  for (;;) {
    const p = await s['job:progress']({ jobId, afterSeq: seq, waitMs: 2_000 });
    if (p && (ok(p) || p.state !== 'running')) return;
    seq = p?.seq ?? seq;
    if (!p) await new Promise((r) => setTimeout(r, 5));
  }
}

describe('two writers with an import job in flight', () => {
  it(`an import job and a CLI import append to one book, ${RUNS} runs at random moments: no failure, no lost write, dense ordered revisions`, async () => {
    const s = app.service;
    const r = prng(SEED);
    const failures: string[] = [];
    const moments: Record<string, number> = { start: 0, checking: 0, writing: 0 };
    let cliWrites = 0;
    for (let run = 0; run < RUNS && failures.length === 0; run++) {
      const book = (await s['portfolio:save']({ portfolio: { id: `job-book-${run}`, name: `job book ${run}`, balances: [], positions: [] }, note: 'created' })) as { id: string; revision: number };
      const text = jobCsv(run);
      expect(text.length).toBeGreaterThan(INLINE_MAX_CHARS); // on the import thread, not the service's
      const jobId = `writers-${run}`;
      const job = s['job:import-positions']({ jobId, request: { text, format: 'deribit', portfolioId: book.id, mode: 'append', note: `job ${run}` } }) as Promise<ImportJobResultDto>;
      const moment = (['start', 'checking', 'writing'] as const)[run % 3]!;
      moments[moment]!++;
      if (moment !== 'start') await when(s, jobId, (p) => (moment === 'checking' ? p.label.startsWith('checking positions') && p.done > 0 : p.label.startsWith('writing')));
      const ops = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, k) => ({ delayMs: Math.floor(r() * 12), what: 'positions', n: run * 10 + k, portfolio: book.id, append: true }));
      cli.proc.stdin.write(`${JSON.stringify({ run, ops })}\n`);
      const [jobResult, cliAnswer] = await Promise.all([job, cli.next().then((l) => JSON.parse(l) as { run: number; results: Result[] })]);

      const revisions: number[] = [];
      if (jobResult.kind !== 'done' || jobResult.result.status !== 'written') failures.push(`run ${run} (${moment}): job ${JSON.stringify(jobResult).slice(0, 300)}`);
      else revisions.push(jobResult.result.portfolio!.revision);
      for (const res of cliAnswer.results) {
        if (res.error !== undefined) failures.push(`run ${run} (${moment}): cli ${res.error}`);
        else revisions.push(res.revision!);
      }
      cliWrites += ops.length;
      // Dense: revision 1 was the empty book, the writes are exactly 2..1+writes, each once.
      if (JSON.stringify([...revisions].sort((a, b) => a - b)) !== JSON.stringify(Array.from({ length: ops.length + 1 }, (_, k) => k + 2))) {
        failures.push(`run ${run} (${moment}): revisions ${revisions} for ${ops.length + 1} writes after revision 1`);
      }
      // No lost write: the head holds the job's rows and both rows of every CLI append.
      const head = await s['portfolio:get']({ id: book.id });
      const names = new Set(head.positions.map((p) => p.instrument));
      const want = [...text.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]!), ...ops.flatMap((o) => [`ETH-25DEC26-${1000 + o.n}-C`, `ETH-25DEC26-${1000 + o.n}-P`])];
      const lost = want.filter((i) => !names.has(i));
      if (lost.length > 0 || head.positions.length !== want.length) failures.push(`run ${run} (${moment}): head has ${head.positions.length} of ${want.length} rows; lost ${lost.length} (${lost.slice(0, 3).join(', ')})`);
    }
    expect(failures, failures.join('\n')).toEqual([]);

    const store = openDatabase(tmp.path, { integrityCheck: 'full' });
    try {
      expect(store.integrityCheck()).toEqual([]);
      for (let run = 0; run < RUNS; run++) {
        const byRev = [...store.portfolios.history(`job-book-${run}`)].sort((a, b) => a.revision - b.revision);
        expect(byRev.map((h) => h.revision)).toEqual(byRev.map((_, k) => k + 1));
        for (let k = 1; k < byRev.length; k++) expect(byRev[k]!.savedAt >= byRev[k - 1]!.savedAt, `${byRev[k - 1]!.savedAt} then ${byRev[k]!.savedAt}`).toBe(true);
      }
    } finally {
      store.close();
    }
    console.log(`import job + CLI writers (seed ${SEED}): ${RUNS} runs (CLI sent at job start ${moments.start}, while checking ${moments.checking}, while writing ${moments.writing}), ${RUNS} job and ${cliWrites} CLI appends, none refused or lost`);
  }, 60_000 + RUNS * 20_000);
});
