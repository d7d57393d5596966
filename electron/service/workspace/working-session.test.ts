/**
 * The working session (issue 9 §1) through the service's channels on a real SQLite file: any
 * sequence of patches (with undo/redo) gives what a fresh run of the final book gives, to the
 * last digit; edits are durable when acknowledged and replayed (with their undo steps) after a
 * crash; a one-cell edit writes one journal row, not a revision; two windows never overwrite
 * each other; a refused batch changes nothing.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase, type Store } from '../../db/index';
import { tempDbPath } from '../../db/test-helpers';
import { createAppService } from '../app-service';
import { DEMO_PORTFOLIO_ID, seedDemoData } from '../demo-data';
import type { AppService } from '../dispatch';
import { createMarginEngine } from '../margin-engine';
import { createStorageService } from '../storage-service';
import { createWorkspaceService } from './workspace-service';
import { applyPatch, type PatchOp } from '../../../shared/domain/book-patch';
import type { PortfolioDto, PositionDto } from '../../../shared/domain/dto/portfolio.dto';
import type { RowFiguresDto, SessionDeltaDto, SessionSnapshotDto } from '../../../shared/domain/dto/session.dto';
import { readRowTable } from '../../../shared/domain/row-table';

const DEMO = DEMO_PORTFOLIO_ID;

interface Opened { service: AppService; store: Store; close: () => void }
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A service over `path` (demo seeded), nothing deferred to the slow lane, no autosave. */
function open(path: string): Opened {
  const store = openDatabase(path);
  seedDemoData(store);
  const engine = createMarginEngine();
  const workspace = createWorkspaceService(store, engine, { autosaveMs: 0, deferAboveMs: Number.MAX_SAFE_INTEGER });
  const service = createAppService({ store, engine, storage: createStorageService(store, engine), workspace, host: 'web', version: 'test', databasePath: path });
  let closed = false;
  const close = () => { if (!closed) { closed = true; store.close(); } };
  cleanups.push(close);
  return { service, store, close };
}

function fresh(): { path: string } & Opened {
  const t = tempDbPath('pmdesk-session-');
  cleanups.push(t.cleanup);
  return { path: t.path, ...open(t.path) };
}

function applied(r: Awaited<ReturnType<AppService['session:patch']>>): SessionDeltaDto {
  if (r.kind !== 'applied') throw new Error(`expected applied, got ${r.kind}: ${'message' in r ? r.message : ''}`);
  return r;
}

/** Every row's figures as the renderer would hold them after the snapshot and deltas. */
function figuresOf(snap: SessionSnapshotDto): Map<string, RowFiguresDto> {
  const m = new Map<string, RowFiguresDto>();
  readRowTable(m, snap.marks);
  readRowTable(m, snap.margin);
  return m;
}

/** A fresh run of `book`: a new database holding only that book, opened as a session. */
async function freshRun(book: PortfolioDto): Promise<SessionSnapshotDto> {
  const other = fresh();
  await other.service['portfolio:save']({ portfolio: { ...book } });
  return other.service['session:open']({ portfolioId: book.id });
}

const SYMBOLS = ['BTC-PERPETUAL', 'ETH-PERPETUAL', 'BTC-25DEC26-100000-C', 'BTC-25DEC26-90000-P', 'ETH-25DEC26-3600-C', 'BTC-26MAR27', 'ETH-29JAN27-4000-C', 'BTC_USDC-PERPETUAL'];
const decimal = fc.tuple(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => `${i}.${String(f).padStart(2, '0')}`);

type Step =
  | { kind: 'size'; row: number; value: string }
  | { kind: 'price'; row: number; value: string }
  | { kind: 'instrument'; row: number; symbol: string }
  | { kind: 'add'; symbol: string; size: string; at: number }
  | { kind: 'delete'; row: number }
  | { kind: 'move'; row: number; to: number }
  | { kind: 'undo' }
  | { kind: 'redo' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('size' as const), row: fc.nat(40), value: decimal }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('price' as const), row: fc.nat(40), value: decimal.map((d) => d.replace('-', '')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('instrument' as const), row: fc.nat(40), symbol: fc.constantFrom(...SYMBOLS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), symbol: fc.constantFrom(...SYMBOLS), size: decimal, at: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), row: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), row: fc.nat(40), to: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'redo' as const }) },
);

function opsOf(s: Step, book: PortfolioDto, n: number): PatchOp[] | null {
  const rows = book.positions;
  const pick = (i: number): PositionDto | undefined => rows[i % Math.max(1, rows.length)];
  switch (s.kind) {
    case 'size': { const r = pick(s.row); return r ? [{ op: 'set', id: r.id, field: 'size', value: s.value }] : null; }
    case 'price': { const r = pick(s.row); return r ? [{ op: 'set', id: r.id, field: 'averagePrice', value: s.value }] : null; }
    case 'instrument': { const r = pick(s.row); return r ? [{ op: 'set', id: r.id, field: 'instrument', value: s.symbol }] : null; }
    case 'add': return [{ op: 'add', rows: [{ id: `n${n}`, instrument: s.symbol, size: s.size }], index: s.at % (rows.length + 1) }];
    case 'delete': { const r = pick(s.row); return r && rows.length > 1 ? [{ op: 'delete', ids: [r.id] }] : null; }
    case 'move': { const r = pick(s.row); return r ? [{ op: 'move', ids: [r.id], index: s.to % rows.length }] : null; }
    default: return null;
  }
}

describe('working session', () => {
  it('any sequence of patches, undos and redos gives the result of a fresh run of the final book, to the last digit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 7 }), async (steps) => {
        const s = fresh();
        const snap = await s.service['session:open']({ portfolioId: DEMO });
        const figures = figuresOf(snap);
        let version = snap.state.version;
        let book = snap.portfolio;
        let last = snap.summary;
        let seq = 0;
        for (const [i, st] of steps.entries()) {
          const req = { sessionId: snap.sessionId, version, seq: ++seq };
          let r;
          if (st.kind === 'undo') r = await s.service['session:undo'](req);
          else if (st.kind === 'redo') r = await s.service['session:redo'](req);
          else {
            const ops = opsOf(st, book, i);
            if (!ops) continue;
            r = await s.service['session:patch']({ ...req, ops });
          }
          if (r.kind !== 'applied') { expect(r.kind).toBe('refused'); continue; }
          version = r.version;
          for (const id of r.removed) figures.delete(id);
          readRowTable(figures, r.marks);
          readRowTable(figures, r.margin);
          last = r.summary;
          // The book as a follower rebuilds it: the delta's operations replayed (the renderer's path).
          book = applyPatch(book, r.ops).portfolio;
        }
        // …which is the session's own book.
        const reopened = await s.service['session:open']({ portfolioId: DEMO });
        expect(reopened.portfolio).toEqual(book);
        const expected = await freshRun(book);
        expect(JSON.stringify(last.outcomes)).toBe(JSON.stringify(expected.summary.outcomes));
        const want = figuresOf(expected);
        expect(new Set(figures.keys())).toEqual(new Set(want.keys()));
        for (const [id, f] of want) expect(figures.get(id), `row ${id}`).toEqual(f);
        s.close();
      }),
      { numRuns: 12 },
    );
  });

  it('an acknowledged edit is durable: a crash (no save, no close) loses nothing, and undo still works after the restart', async () => {
    const s = fresh();
    const snap = await s.service['session:open']({ portfolioId: DEMO });
    const p8 = snap.portfolio.positions.find((p) => p.id === 'p8')!;
    const r = applied(await s.service['session:patch']({ sessionId: snap.sessionId, version: snap.state.version, seq: 1, ops: [{ op: 'set', id: 'p8', field: 'size', value: '-123456.5' }], label: 'edit size' }));
    expect(r.state).toMatchObject({ dirty: true, pendingEdits: 1, canUndo: true, undoLabel: 'edit size' });
    // A second connection sees the journal row at once: the answer came after the commit (synchronous=FULL).
    const peek = new Database(s.path, { readonly: true });
    expect(peek.prepare('SELECT count(*) FROM working_edit WHERE revision IS NULL').pluck().get()).toBe(1);
    peek.close();
    s.close(); // the process dies: nothing saved, nothing closed

    const again = open(s.path);
    const back = await again.service['session:open']({ portfolioId: DEMO });
    expect(back.recovered).toEqual({ edits: 1 });
    expect(back.portfolio.positions.find((p) => p.id === 'p8')!.size).toBe('-123456.5');
    expect(back.state).toMatchObject({ baseRevision: snap.state.baseRevision, dirty: true, canUndo: true, undoLabel: 'edit size' });
    const undone = applied(await again.service['session:undo']({ sessionId: back.sessionId, version: back.state.version, seq: 1 }));
    expect(undone.ops).toEqual([{ op: 'set', id: 'p8', field: 'size', value: p8.size }]);
    expect(undone.state.canRedo).toBe(true);
  });

  it('a one-cell edit writes one small journal row, not a revision; Ctrl+S cuts one revision listing its edits', async () => {
    const s = fresh();
    const snap = await s.service['session:open']({ portfolioId: DEMO });
    const revisionsBefore = (await s.service['portfolio:list'](undefined)).find((p) => p.id === DEMO)!.revision;
    let version = snap.state.version;
    for (let i = 1; i <= 20; i++) {
      const r = applied(await s.service['session:patch']({ sessionId: snap.sessionId, version, seq: i, ops: [{ op: 'set', id: 'p2', field: 'size', value: String(15 + i) }] }));
      version = r.version;
    }
    expect((await s.service['portfolio:list'](undefined)).find((p) => p.id === DEMO)!.revision).toBe(revisionsBefore);
    const db = new Database(s.path, { readonly: true });
    const bytes = db.prepare('SELECT max(length(ops) + length(inverse)) FROM working_edit').pluck().get() as number;
    db.close();
    expect(bytes).toBeLessThan(300);

    const saved = await s.service['session:save']({ sessionId: snap.sessionId, note: 'twenty edits' });
    expect(saved.revision.revision).toBe(revisionsBefore + 1);
    expect(saved.state).toMatchObject({ dirty: false, pendingEdits: 0, baseRevision: revisionsBefore + 1 });
    const edits = await s.service['session:edits']({ portfolioId: DEMO, revision: revisionsBefore + 1 });
    expect(edits).toHaveLength(20);
    expect(edits.every((e) => e.revision === revisionsBefore + 1 && e.opCount === 1)).toBe(true);
    const stored = await s.service['portfolio:get']({ id: DEMO });
    expect(stored.positions.find((p) => p.id === 'p2')!.size).toBe('35');
  });

  it('two windows on one portfolio: the stale one is told the book moved on and catches up, never overwrites', async () => {
    const s = fresh();
    const a = await s.service['session:open']({ portfolioId: DEMO });
    const b = await s.service['session:open']({ portfolioId: DEMO });
    expect(b.sessionId).toBe(a.sessionId);
    const ra = applied(await s.service['session:patch']({ sessionId: a.sessionId, version: a.state.version, seq: 1, ops: [{ op: 'set', id: 'p1', field: 'size', value: '-40' }] }));
    const rb = await s.service['session:patch']({ sessionId: b.sessionId, version: b.state.version, seq: 1, ops: [{ op: 'set', id: 'p1', field: 'size', value: '-10' }] });
    expect(rb.kind).toBe('behind');
    const since = await s.service['session:since']({ sessionId: b.sessionId, version: b.state.version });
    expect(since.kind).toBe('changes');
    if (since.kind !== 'changes') return;
    expect(since.version).toBe(ra.version);
    expect(since.batches.flatMap((x) => x.ops)).toEqual([{ op: 'set', id: 'p1', field: 'size', value: '-40' }]);
    expect(since.summary.outcomes).toEqual(ra.summary.outcomes);
    // A long poll that is up to date waits, then answers unchanged.
    const waited = await s.service['session:since']({ sessionId: b.sessionId, version: since.version, waitMs: 30 });
    expect(waited).toEqual({ kind: 'unchanged', version: since.version });
  });

  it("a writer's long poll is not woken by its own edits or saves, and is woken by another writer's", async () => {
    const s = fresh();
    const a = await s.service['session:open']({ portfolioId: DEMO });
    const sid = a.sessionId;
    let version = a.state.version;
    // Window A waits (its writer id given); A's own edit and save keep it waiting until the timeout.
    const t0 = performance.now();
    const own = s.service['session:since']({ sessionId: sid, version, waitMs: 300, writer: 'A' });
    version = applied(await s.service['session:patch']({ sessionId: sid, version, seq: 1, writer: 'A', ops: [{ op: 'set', id: 'p1', field: 'size', value: '-40' }] })).version;
    version = (await s.service['session:save']({ sessionId: sid, writer: 'A', note: 'mine' })).state.version;
    const ownAnswer = await own;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250); // waited out: not woken early
    expect(ownAnswer.kind).toBe('changes'); // and then told what changed, its own batches included
    // A poll started after A's own versions, from the version before them, also waits.
    const t2 = performance.now();
    const stillOwn = await s.service['session:since']({ sessionId: sid, version: a.state.version, waitMs: 200, writer: 'A' });
    expect(performance.now() - t2).toBeGreaterThanOrEqual(150);
    expect(stillOwn.kind).toBe('changes');
    // Window B's edit wakes A's poll at once (a 20 s wait answered within the test's time).
    const woken = s.service['session:since']({ sessionId: sid, version, waitMs: 20_000, writer: 'A' });
    const rb = applied(await s.service['session:patch']({ sessionId: sid, version, seq: 1, writer: 'B', ops: [{ op: 'set', id: 'p2', field: 'size', value: '7' }] }));
    const w = await woken;
    expect(w.kind === 'changes' ? [w.version, w.batches.flatMap((x) => x.ops)] : w.kind).toEqual([rb.version, [{ op: 'set', id: 'p2', field: 'size', value: '7' }]]);
    // A poll from before B's edit returns at once for A (someone else's change is waiting for it) ...
    const t1 = performance.now();
    const behind = await s.service['session:since']({ sessionId: sid, version, waitMs: 20_000, writer: 'A' });
    expect(behind.kind).toBe('changes');
    expect(performance.now() - t1).toBeLessThan(5_000);
    // ... and a poll with no writer keeps the old rule (any change wakes it).
    const anon = s.service['session:since']({ sessionId: sid, version: rb.version, waitMs: 20_000 });
    applied(await s.service['session:patch']({ sessionId: sid, version: rb.version, seq: 2, writer: 'A', ops: [{ op: 'set', id: 'p2', field: 'size', value: '8' }] }));
    expect((await anon).kind).toBe('changes');
  });

  it("a writer's own context change answers its follow poll `unchanged` at the new version (no second snapshot); another writer's poll gets the snapshot", async () => {
    const s = fresh();
    const a = await s.service['session:open']({ portfolioId: DEMO });
    const sid = a.sessionId;
    const v0 = a.state.version;
    const ownPoll = s.service['session:since']({ sessionId: sid, version: v0, waitMs: 20_000, writer: 'A' });
    const otherPoll = s.service['session:since']({ sessionId: sid, version: v0, waitMs: 20_000, writer: 'B' });
    const snap = await s.service['session:context']({ sessionId: sid, writer: 'A', shown: [a.context.detailFor] });
    expect(snap.state.version).toBeGreaterThan(v0);
    expect(await ownPoll).toEqual({ kind: 'unchanged', version: snap.state.version });
    const other = await otherPoll;
    expect(other.kind).toBe('snapshot');
    expect(other.kind === 'snapshot' ? other.state.version : -1).toBe(snap.state.version);
    // A poll of A from before the change (started late) is answered the same at once; without a writer, the snapshot.
    expect(await s.service['session:since']({ sessionId: sid, version: v0, writer: 'A' })).toEqual({ kind: 'unchanged', version: snap.state.version });
    expect((await s.service['session:since']({ sessionId: sid, version: v0 })).kind).toBe('snapshot');
    // After B's edit, A follows from the new version as usual.
    const rb = applied(await s.service['session:patch']({ sessionId: sid, version: snap.state.version, seq: 1, writer: 'B', ops: [{ op: 'set', id: 'p2', field: 'size', value: '7' }] }));
    const next = await s.service['session:since']({ sessionId: sid, version: snap.state.version, writer: 'A' });
    expect(next.kind === 'changes' ? next.version : next.kind).toBe(rb.version);
    // A context change by B: A's old poll now needs the whole snapshot.
    const stale = s.service['session:since']({ sessionId: sid, version: rb.version, waitMs: 20_000, writer: 'A' });
    await s.service['session:context']({ sessionId: sid, writer: 'B', shown: [a.context.detailFor] });
    expect((await stale).kind).toBe('snapshot');
  });

  it('a refused batch changes nothing: every problem named, version and journal unchanged', async () => {
    const s = fresh();
    const snap = await s.service['session:open']({ portfolioId: DEMO });
    const r = await s.service['session:patch']({
      sessionId: snap.sessionId, version: snap.state.version, seq: 1,
      ops: [{ op: 'set', id: 'p1', field: 'size', value: '-1' }, { op: 'set', id: 'p2', field: 'size', value: '1,5x' }, { op: 'set', id: 'nope', field: 'size', value: '1' }],
    });
    expect(r.kind).toBe('refused');
    if (r.kind !== 'refused') return;
    expect(r.version).toBe(snap.state.version);
    // Later operations build on earlier ones: the batch stops at the first refused operation.
    expect(r.refusals.map((x) => [x.op, x.rowId, x.field])).toEqual([[1, 'p2', 'size']]);
    // Within one operation every bad row is named at once.
    const add = await s.service['session:patch']({ sessionId: snap.sessionId, version: snap.state.version, seq: 3, ops: [{ op: 'add', rows: [{ id: 'a1', instrument: 'BTC-PERPETUAL', size: 'x' }, { id: 'a2', instrument: 'ETH-PERPETUAL', size: '1' }, { id: 'a3', instrument: 'BTC-PERPETUAL', size: '--1' }] }] });
    expect(add.kind === 'refused' ? add.refusals.map((x) => x.row) : add.kind).toEqual([0, 2]);
    // An instrument the engine cannot read is refused by the service, naming the row.
    const bad = await s.service['session:patch']({ sessionId: snap.sessionId, version: snap.state.version, seq: 2, ops: [{ op: 'set', id: 'p2', field: 'instrument', value: 'BTC-32DEC26-1-C' }] });
    expect(bad.kind).toBe('refused');
    if (bad.kind === 'refused') expect(bad.refusals[0]).toMatchObject({ rowId: 'p2' });
    const db = new Database(s.path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM working_edit').pluck().get()).toBe(0);
    db.close();
    const since = await s.service['session:since']({ sessionId: snap.sessionId, version: snap.state.version });
    expect(since.kind).toBe('unchanged');
  });
});
