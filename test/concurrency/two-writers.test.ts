/**
 * Two writers on one database (issue 11 §3): the app's service (as the web host runs it, one
 * long-lived connection) and two CLI `import` processes write to the same file at the same moment,
 * 50 runs with seeded random delays and operations. Every write must succeed (no SQLITE_BUSY past
 * the busy timeout, no lost write) and the revision numbers of each portfolio and document must stay
 * dense and ordered: each run's revisions are exactly the next ones, each handed out once, and the
 * history is 1..N with save times that never go backwards. Separate processes, as in real use:
 * SQLite's locks are per process. `PMDESK_WRITER_RUNS` changes the run count (default 50).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db';
import { tempDbPath } from '../../electron/db/test-helpers';
import { prng } from '../../electron/engine/margin/synthetic-book';
import { startWriter, type Writer } from './writer-process';

const RUNS = Number(process.env['PMDESK_WRITER_RUNS'] ?? 50);
const SEED = Number(process.env['PMDESK_WRITER_SEED'] ?? 11_2026);
const BOOK = 'shared-book';

type Result = { what: string; revision?: number; error?: string };

let tmp: ReturnType<typeof tempDbPath>;
let writers: Writer[] = [];
let snapshotId = '';

beforeAll(async () => {
  tmp = tempDbPath('pmdesk-two-writers-');
  const store = openDatabase(tmp.path);
  store.portfolios.save({ id: BOOK, name: 'shared book', balances: [], positions: [] }, 'created');
  snapshotId = store.marketSnapshots.save('shared-snapshot', { asOf: '2026-02-15T12:00:00Z', underlyings: { BTC: { index: 60_000 } } }, 'created').id;
  store.close();
  writers = [startWriter('app', 'app', tmp.path, BOOK), startWriter('cli-a', 'cli', tmp.path, BOOK), startWriter('cli-b', 'cli', tmp.path, BOOK)];
  for (const w of writers) expect(await w.next()).toBe('ready');
}, 60_000);

afterAll(async () => {
  for (const w of writers) { w.proc.stdin.end('quit\n'); }
  await Promise.all(writers.map((w) => new Promise((ok) => (w.proc.exitCode !== null ? ok(null) : w.proc.once('exit', ok)))));
  tmp?.cleanup();
});

describe('two writers on one database', () => {
  it(`the app and two CLI imports at the same moment, ${RUNS} runs with random timing: no failure, no lost write, dense ordered revisions`, async () => {
    const r = prng(SEED);
    let n = 0;
    let bookHead = 1;
    let snapHead = 1;
    const failures: string[] = [];
    for (let run = 0; run < RUNS && failures.length === 0; run++) {
      // Each writer: 1–3 writes, each after a random 0–8 ms pause; the CLI ones run two imports in parallel.
      const plans = writers.map(() => Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({ delayMs: Math.floor(r() * 9), what: r() < 0.7 ? 'positions' : 'snapshot', n: ++n })));
      writers.forEach((w, i) => w.proc.stdin.write(`${JSON.stringify({ run, ops: plans[i] })}\n`));
      const answers = await Promise.all(writers.map(async (w) => JSON.parse(await w.next()) as { run: number; results: Result[] }));
      const got: Record<string, number[]> = { positions: [], snapshot: [] };
      answers.forEach((a, i) => {
        expect(a.run).toBe(run);
        for (const res of a.results) {
          if (res.error !== undefined) failures.push(`run ${run}, ${writers[i].name}: ${res.error}`);
          else got[res.what].push(res.revision!);
        }
      });
      const wantBook = plans.flat().filter((p) => p.what === 'positions').length;
      const wantSnap = plans.flat().length - wantBook;
      const dense = (revs: number[], head: number, want: number) => JSON.stringify([...revs].sort((a, b) => a - b)) === JSON.stringify(Array.from({ length: want }, (_, k) => head + 1 + k));
      if (!dense(got.positions, bookHead, wantBook)) failures.push(`run ${run}: portfolio revisions ${got.positions} after ${bookHead}, wanted ${wantBook} new dense ones`);
      if (!dense(got.snapshot, snapHead, wantSnap)) failures.push(`run ${run}: snapshot revisions ${got.snapshot} after ${snapHead}, wanted ${wantSnap} new dense ones`);
      bookHead += wantBook;
      snapHead += wantSnap;
    }
    expect(failures, failures.join('\n')).toEqual([]);

    // The whole history: 1..N, each write's note exactly once, save times never going backwards.
    const store = openDatabase(tmp.path, { integrityCheck: 'full' });
    try {
      expect(store.integrityCheck()).toEqual([]);
      for (const [history, head] of [[store.portfolios.history(BOOK), bookHead], [store.marketSnapshots.history(snapshotId), snapHead]] as const) {
        const revs = history.map((h) => h.revision).sort((a, b) => a - b);
        expect(revs).toEqual(Array.from({ length: head }, (_, k) => k + 1));
        const byRev = [...history].sort((a, b) => a.revision - b.revision);
        for (let k = 1; k < byRev.length; k++) expect(byRev[k].savedAt >= byRev[k - 1].savedAt, `${byRev[k - 1].savedAt} then ${byRev[k].savedAt}`).toBe(true);
        const notes = byRev.slice(1).map((h) => h.note);
        expect(new Set(notes).size).toBe(notes.length);
      }
      expect(store.marketSnapshots.list().filter((d) => d.name === 'shared-snapshot')).toHaveLength(1);
      console.log(`two writers: ${RUNS} runs, ${bookHead - 1} portfolio and ${snapHead - 1} snapshot revisions written by 3 processes, none refused`);
    } finally {
      store.close();
    }
  }, 300_000);

  it('two CLI imports creating the same new file and document at once: one schema, one document, revisions 1 and 2', async () => {
    const r = prng(SEED + 1);
    const failures: string[] = [];
    const cli = writers.slice(1);
    for (let k = 0; k < 10; k++) {
      const fresh = tempDbPath('pmdesk-two-writers-fresh-');
      try {
        cli.forEach((w, i) => w.proc.stdin.write(`${JSON.stringify({ run: k, ops: [{ delayMs: Math.floor(r() * 3), what: 'snapshot', n: 10_000 + 2 * k + i, db: fresh.path }] })}\n`));
        const answers = await Promise.all(cli.map(async (w) => JSON.parse(await w.next()) as { results: Result[] }));
        const results = answers.flatMap((a) => a.results);
        for (const res of results) if (res.error !== undefined) failures.push(`fresh file ${k}: ${res.error}`);
        const store = openDatabase(fresh.path);
        try {
          const docs = store.marketSnapshots.list().filter((d) => d.name === 'shared-snapshot');
          if (docs.length !== 1) failures.push(`fresh file ${k}: ${docs.length} documents named shared-snapshot`);
          else if (JSON.stringify(store.marketSnapshots.history(docs[0].id).map((h) => h.revision).sort()) !== '[1,2]') failures.push(`fresh file ${k}: revisions ${JSON.stringify(store.marketSnapshots.history(docs[0].id))}`);
        } finally {
          store.close();
        }
      } finally {
        fresh.cleanup();
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);
});
