/**
 * Two writers on one database (issue 11 §3): the app's service (as the web host runs it, one
 * long-lived connection) and two CLI `import` processes write to the same file at the same moment,
 * 50 runs with seeded random delays and operations. Every write must succeed (no SQLITE_BUSY past
 * the busy timeout, no lost write) and the revision numbers of each portfolio and document must stay
 * dense and ordered: each run's revisions are exactly the next ones, each handed out once, and the
 * history is 1..N with save times that never go backwards. Separate processes, as in real use:
 * SQLite's locks are per process. `PMDESK_WRITER_RUNS` changes the run count (default 50).
 *
 * In about half the runs the app writes its positions through its real edit path instead of an
 * import: the working session open on the book, a patch adding a row of its own, `session:save`
 * (writer-child.ts). Such a save must build on the revision just before it — every row of revision
 * R-1 is in the session's revision R, with the session's row — or the CLI's import in between was
 * overwritten (a lost write, a failure). A save refused because the book moved on (nothing written,
 * the edit kept pending) is not a lost write: it is counted and printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db';
import { tempDbPath } from '../../electron/db/test-helpers';
import { prng } from '../../electron/engine/margin/synthetic-book';
import { startWriter, type Writer } from './writer-process';

const RUNS = Number(process.env['PMDESK_WRITER_RUNS'] ?? 50);
const SEED = Number(process.env['PMDESK_WRITER_SEED'] ?? 11_2026);
const BOOK = 'shared-book';

type Result = { what: string; revision?: number; error?: string; refused?: string; row?: string; refusals?: number; rebased?: boolean; firstRefusal?: string };

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
    /** The app's session saves (revision, the row it added, its size), and what the session path met. */
    const sessionSaves: { revision: number; row: string; size: string }[] = [];
    const met = { refusals: 0, refusedAtLast: 0, rebased: 0, sessionRuns: 0, example: '' };
    for (let run = 0; run < RUNS && failures.length === 0; run++) {
      // Each writer: 1–3 writes, each after a random 0–8 ms pause; the CLI ones run two imports in parallel.
      // The app writes its positions through the working session in about half the runs.
      const viaSession = r() < 0.5;
      if (viaSession) met.sessionRuns++;
      const plans = writers.map((_, i) => Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
        const what = r() < 0.7 ? 'positions' : 'snapshot';
        return { delayMs: Math.floor(r() * 9), what, n: ++n, ...(i === 0 && viaSession && what === 'positions' ? { via: 'session' } : {}) };
      }));
      writers.forEach((w, i) => w.proc.stdin.write(`${JSON.stringify({ run, ops: plans[i] })}\n`));
      const answers = await Promise.all(writers.map(async (w) => JSON.parse(await w.next()) as { run: number; results: Result[] }));
      const got: Record<string, number[]> = { positions: [], snapshot: [] };
      let refusedNow = 0;
      answers.forEach((a, i) => {
        expect(a.run).toBe(run);
        for (const res of a.results) {
          met.refusals += res.refusals ?? 0;
          met.example ||= res.firstRefusal ?? res.refused ?? '';
          if (res.rebased) met.rebased++;
          if (res.error !== undefined) failures.push(`run ${run}, ${writers[i].name}: ${res.error}`);
          else if (res.refused !== undefined) { refusedNow++; met.refusedAtLast++; }
          else {
            got[res.what].push(res.revision!);
            if (res.row) sessionSaves.push({ revision: res.revision!, row: res.row, size: res.row.slice('app-'.length) });
          }
        }
      });
      const wantBook = plans.flat().filter((p) => p.what === 'positions').length - refusedNow;
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
      // No lost write on the session path: each session save holds the revision before it, and its own row.
      const key = (p: { id: string; instrument: string; size: string }) => `${p.id} ${p.instrument} ${p.size}`;
      const lost: string[] = [];
      for (const s of sessionSaves) {
        const before = store.portfolios.get(BOOK, s.revision - 1)!;
        const after = new Set(store.portfolios.get(BOOK, s.revision)!.positions.map(key));
        const missing = before.positions.map(key).filter((k) => !after.has(k));
        if (missing.length > 0) lost.push(`revision ${s.revision} (the app's session save) lost ${missing.join(', ')} of revision ${s.revision - 1} (${store.portfolios.history(BOOK).find((h) => h.revision === s.revision - 1)?.note})`);
        if (!after.has(`${s.row} BTC-PERPETUAL ${s.size}`)) lost.push(`revision ${s.revision} lacks the session's row ${s.row}`);
      }
      expect(lost, lost.join('\n')).toEqual([]);
      if (met.sessionRuns > 0) expect(sessionSaves.length + met.refusedAtLast).toBeGreaterThan(0);
      console.log(`two writers: ${RUNS} runs, ${bookHead - 1} portfolio and ${snapHead - 1} snapshot revisions written by 3 processes, none failed; `
        + `session path in ${met.sessionRuns} runs: ${sessionSaves.length} saves (${met.rebased} found the book moved on and replayed their edit on it), `
        + `${met.refusals} saves refused as "the book moved on" (${met.refusedAtLast} still refused after 3 tries), no lost write${met.example ? `; e.g. "${met.example}"` : ''}`);
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
