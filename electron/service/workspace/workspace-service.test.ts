/**
 * Revision cuts of the working session (issue 9 §1, issue 11 §3) on a real SQLite file: autosave
 * after a pause (a fake timer), the cut on `session:close` (closing or switching the portfolio)
 * stamping the journal, and the cut racing another writer — a second connection's import that
 * commits between the session's look at the head and its write lock must never be overwritten.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../../db/index';
import { tempDbPath } from '../../db/test-helpers';
import { DEMO_PORTFOLIO_ID, seedDemoData } from '../demo-data';
import { createMarginEngine } from '../margin-engine';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import type { SessionPatchResultDto } from '../../../shared/domain/dto/session.dto';
import type { PatchOp } from '../../../shared/domain/book-patch';
import type { SessionStore } from './session-store';
import { createWorkspaceService } from './workspace-service';

const DEMO = DEMO_PORTFOLIO_ID;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A fake timer: `fire()` runs every timer still armed (as if the pause had passed). */
function fakeTimer() {
  const armed = new Map<number, { f: () => void; ms: number }>();
  let n = 0;
  return {
    setTimer: (f: () => void, ms: number) => { const k = ++n; armed.set(k, { f, ms }); return () => { armed.delete(k); }; },
    armed: () => [...armed.values()].map((t) => t.ms),
    fire: () => { const now = [...armed.entries()]; armed.clear(); for (const [, t] of now) t.f(); },
  };
}

/**
 * A service on a fresh file (demo seeded), and `other`, a second connection to the same file (the
 * CLI). `beforeCut`, when set, runs just before each revision cut takes its write lock: the gap
 * between the session's look at the head and its save.
 */
function setup(autosaveMs = 0) {
  const t = tempDbPath('pmdesk-cuts-');
  cleanups.push(t.cleanup);
  const store = openDatabase(t.path);
  cleanups.push(() => store.close());
  seedDemoData(store);
  const other = openDatabase(t.path);
  cleanups.push(() => other.close());
  const hooks: { beforeCut?: () => void } = {};
  const wrapped: SessionStore = { ...store, transaction: <T>(fn: () => T): T => { hooks.beforeCut?.(); return store.transaction(fn); } };
  const timer = fakeTimer();
  const ws = createWorkspaceService(wrapped, createMarginEngine(), { autosaveMs, deferAboveMs: Number.MAX_SAFE_INTEGER, setTimer: timer.setTimer });
  return { store, other, hooks, timer, ws, path: t.path };
}

function applied(r: SessionPatchResultDto): Extract<SessionPatchResultDto, { kind: 'applied' }> {
  if (r.kind !== 'applied') throw new Error(`expected applied, got ${r.kind}`);
  return r;
}

/** The CLI's import through the second connection: the head with p1 resized and a row of its own. */
function importFrom(other: Store, tag: number): PortfolioDto {
  const head = other.portfolios.get(DEMO)!;
  const book: PortfolioDto = {
    ...head,
    positions: [...head.positions.map((p) => (p.id === 'p1' ? { ...p, size: `-${900 + tag}` } : p)), { id: `cli-${tag}`, instrument: 'ETH-PERPETUAL', size: String(tag) }],
  };
  other.portfolios.save(book, `cli import ${tag}`);
  return book;
}

const sizeOf = (b: PortfolioDto | undefined, id: string) => b?.positions.find((p) => p.id === id)?.size;

async function openWithEdit(ws: ReturnType<typeof setup>['ws'], ops: PatchOp[]) {
  const snap = await ws['session:open']({ portfolioId: DEMO, methods: ['deribit-pm'] });
  const r = applied(await ws['session:patch']({ sessionId: snap.sessionId, version: snap.state.version, seq: 1, ops }));
  return { snap, r };
}

describe('revision cuts', () => {
  it('an import committed between the save\'s look at the head and its write lock is kept: the save reloads, replays its edits on it and cuts after it', async () => {
    const { store, other, hooks, ws } = setup();
    const { snap } = await openWithEdit(ws, [{ op: 'set', id: 'p2', field: 'size', value: '35' }]);
    const base = snap.state.baseRevision;
    let imports = 0;
    hooks.beforeCut = () => { if (imports === 0) importFrom(other, ++imports); };
    const saved = await ws['session:save']({ sessionId: snap.sessionId, note: 'mine' });
    expect(imports).toBe(1);
    // Revisions: base, the import, then the session's save built on the import.
    expect(saved.revision.revision).toBe(base + 2);
    expect(store.portfolios.history(DEMO).slice(0, 2).map((h) => h.note)).toEqual(['mine', 'cli import 1']);
    const head = store.portfolios.get(DEMO);
    expect(sizeOf(head, 'p1')).toBe('-901'); // the import's content …
    expect(sizeOf(head, 'cli-1')).toBe('1');
    expect(sizeOf(head, 'p2')).toBe('35'); // … and the session's edit
    expect(saved.state).toMatchObject({ dirty: false, baseRevision: base + 2 });
    expect(await ws['session:edits']({ portfolioId: DEMO, revision: base + 2 })).toHaveLength(1);
    // The window is told the book moved on: its follow poll from before gets the reloaded book whole.
    const since = await ws['session:since']({ sessionId: snap.sessionId, version: snap.state.version + 1 });
    expect(since.kind).toBe('snapshot');
  });

  it('an import landing before every attempt: the save is refused (the book moved on), nothing overwritten, the edits still pending', async () => {
    const { store, other, hooks, ws } = setup();
    const { snap } = await openWithEdit(ws, [{ op: 'set', id: 'p2', field: 'size', value: '35' }]);
    let imports = 0;
    hooks.beforeCut = () => { importFrom(other, ++imports); };
    // The handler answers synchronously (the host turns the throw into a `conflict` envelope).
    const base = snap.state.baseRevision;
    expect(() => ws['session:save']({ sessionId: snap.sessionId })).toThrow(`(revision ${base + 2}, this session built on ${base + 1})`);
    expect(imports).toBe(2);
    hooks.beforeCut = undefined;
    expect(store.portfolios.history(DEMO)[0].note).toBe(`cli import ${imports}`);
    expect(sizeOf(store.portfolios.get(DEMO), `cli-${imports}`)).toBe(String(imports));
    expect(store.workingEdits.pending(DEMO)).toHaveLength(1);
    // Saving again (nothing racing) keeps the last import and the edit.
    const saved = await ws['session:save']({ sessionId: snap.sessionId });
    const head = store.portfolios.get(DEMO);
    expect([saved.revision.revision, sizeOf(head, 'p1'), sizeOf(head, 'p2')]).toEqual([store.portfolios.headRevision(DEMO), `-${900 + imports}`, '35']);
  });

  it('close with an import racing the cut: no cut over the import, the edits stay in the journal and are replayed on the next open', async () => {
    const { store, other, hooks, ws } = setup();
    const { snap } = await openWithEdit(ws, [{ op: 'set', id: 'p2', field: 'size', value: '35' }]);
    hooks.beforeCut = () => { importFrom(other, 7); hooks.beforeCut = undefined; };
    expect(await ws['session:close']({ sessionId: snap.sessionId })).toEqual({});
    expect(store.portfolios.history(DEMO)[0].note).toBe('cli import 7');
    expect(store.workingEdits.pending(DEMO)).toHaveLength(1);
    const again = await ws['session:open']({ portfolioId: DEMO });
    expect([sizeOf(again.portfolio, 'p1'), sizeOf(again.portfolio, 'cli-7'), sizeOf(again.portfolio, 'p2')]).toEqual(['-907', '7', '35']);
  });

  it('autosave with an import racing the cut: no cut over the import (and no error out of the timer)', async () => {
    const { store, other, hooks, timer, ws } = setup(60_000);
    await openWithEdit(ws, [{ op: 'set', id: 'p2', field: 'size', value: '35' }]);
    hooks.beforeCut = () => { importFrom(other, 3); hooks.beforeCut = undefined; };
    expect(() => timer.fire()).not.toThrow();
    expect(store.portfolios.history(DEMO)[0].note).toBe('cli import 3');
    expect(store.workingEdits.pending(DEMO)).toHaveLength(1);
  });

  it('autosave cuts one revision after a pause with no edit, and each edit restarts the pause', async () => {
    const { store, timer, ws } = setup(60_000);
    const base = store.portfolios.headRevision(DEMO)!;
    const snap = await ws['session:open']({ portfolioId: DEMO, methods: ['deribit-pm'] });
    expect(timer.armed()).toEqual([]); // nothing pending: nothing to autosave
    let version = snap.state.version;
    for (let i = 1; i <= 3; i++) {
      version = applied(await ws['session:patch']({ sessionId: snap.sessionId, version, seq: i, ops: [{ op: 'set', id: 'p2', field: 'size', value: String(20 + i) }] })).version;
      expect(timer.armed()).toEqual([60_000]); // one timer, re-armed by each edit
    }
    expect(store.portfolios.headRevision(DEMO)).toBe(base);
    timer.fire();
    expect(store.portfolios.headRevision(DEMO)).toBe(base + 1);
    expect(store.portfolios.history(DEMO)[0].note).toBe('autosave after a pause');
    expect(sizeOf(store.portfolios.get(DEMO), 'p2')).toBe('23');
    expect(store.workingEdits.list(DEMO, base + 1).map((e) => e.seq)).toHaveLength(3);
    expect(store.workingEdits.pending(DEMO)).toEqual([]);
    expect(timer.armed()).toEqual([]);
    // A save before the pause is over cancels the autosave.
    applied(await ws['session:patch']({ sessionId: snap.sessionId, version: ws.sessions.get(DEMO)!.version, seq: 9, ops: [{ op: 'set', id: 'p2', field: 'size', value: '99' }] }));
    expect(timer.armed()).toEqual([60_000]);
    await ws['session:save']({ sessionId: snap.sessionId, note: 'by hand' });
    expect(timer.armed()).toEqual([]);
    expect(store.portfolios.headRevision(DEMO)).toBe(base + 2);
  });

  it('session:close (closing or switching the portfolio) cuts the pending edits into one revision and stamps the journal; the next open starts clean', async () => {
    const { store, ws } = setup();
    store.portfolios.save({ id: 'other', name: 'other', balances: [], positions: [{ id: 'o1', instrument: 'BTC-PERPETUAL', size: '1' }] });
    const base = store.portfolios.headRevision(DEMO)!;
    const { snap } = await openWithEdit(ws, [{ op: 'set', id: 'p2', field: 'size', value: '41' }, { op: 'add', rows: [{ id: 'n1', instrument: 'ETH-PERPETUAL', size: '2' }] }]);
    const closed = await ws['session:close']({ sessionId: snap.sessionId });
    expect(closed.revision).toMatchObject({ id: DEMO, revision: base + 1 });
    expect(store.portfolios.history(DEMO)[0].note).toBe('closed');
    expect(sizeOf(store.portfolios.get(DEMO), 'p2')).toBe('41');
    expect(sizeOf(store.portfolios.get(DEMO), 'n1')).toBe('2');
    expect((await ws['session:edits']({ portfolioId: DEMO, revision: base + 1 })).map((e) => e.revision)).toEqual([base + 1]);
    expect(await ws['session:edits']({ portfolioId: DEMO })).toEqual([]);
    // Switching: the other book opens; closing again with nothing pending writes nothing.
    const o = await ws['session:open']({ portfolioId: 'other', methods: ['deribit-pm'] });
    expect(o.portfolio.positions.map((p) => p.id)).toEqual(['o1']);
    expect(await ws['session:close']({ sessionId: o.sessionId })).toEqual({});
    expect(store.portfolios.headRevision('other')).toBe(1);
    const back = await ws['session:open']({ portfolioId: DEMO });
    expect(back.state).toMatchObject({ baseRevision: base + 1, dirty: false, pendingEdits: 0 });
    expect(back.recovered).toBeUndefined();
  });

  it("session:edits lists each journalled batch's changes: op, row (with its instrument), field, old → new", async () => {
    const { store, ws } = setup();
    const snap = await ws['session:open']({ portfolioId: DEMO, methods: ['deribit-pm'] });
    const sid = snap.sessionId;
    const p2 = snap.portfolio.positions.find((p) => p.id === 'p2')!;
    const p5 = snap.portfolio.positions.find((p) => p.id === 'p5')!;
    const base = snap.state.baseRevision;
    let version = snap.state.version;
    const patch = async (ops: PatchOp[]) => { version = applied(await ws['session:patch']({ sessionId: sid, version, seq: version, ops })).version; };
    await patch([{ op: 'set', id: 'p2', field: 'size', value: '35' }, { op: 'set', id: 'p2', field: 'size', value: '36' }]);
    await patch([{ op: 'add', rows: [{ id: 'n1', instrument: 'ETH-PERPETUAL', size: '2' }] }, { op: 'delete', ids: ['p5'] }]);
    await patch([{ op: 'balance', currency: 'BTC', amount: '12.5' }]);
    version = applied(await ws['session:undo']({ sessionId: sid, version, seq: 99 })).version;
    const pending = await ws['session:edits']({ portfolioId: DEMO });
    expect(pending.map((e) => e.changes)).toEqual([
      [
        { op: 'set', rowId: 'p2', instrument: p2.instrument, field: 'size', old: p2.size, new: '35' },
        { op: 'set', rowId: 'p2', instrument: p2.instrument, field: 'size', old: '35', new: '36' },
      ],
      [
        { op: 'add', rowId: 'n1', instrument: 'ETH-PERPETUAL', field: 'size', new: '2' },
        { op: 'delete', rowId: 'p5', instrument: p5.instrument, field: 'size', old: p5.size },
      ],
      [{ op: 'balance', field: 'BTC', old: snap.portfolio.balances.find((b) => b.currency === 'BTC')?.amount ?? '', new: '12.5' }],
      [{ op: 'balance', field: 'BTC', old: '12.5', new: snap.portfolio.balances.find((b) => b.currency === 'BTC')?.amount ?? '' }],
    ]);
    expect(pending.map((e) => e.kind)).toEqual(['edit', 'edit', 'edit', 'undo']);
    version = (await ws['session:save']({ sessionId: sid })).state.version;
    const inRevision = await ws['session:edits']({ portfolioId: DEMO, revision: base + 1 });
    expect(inRevision.map((e) => e.changes)).toEqual(pending.map((e) => e.changes));
    // A pasted block lists the first 50 changes and counts the rest.
    await patch([{ op: 'add', rows: Array.from({ length: 60 }, (_, k) => ({ id: `b${k}`, instrument: 'BTC-PERPETUAL', size: String(k + 1) })) }]);
    const [block] = await ws['session:edits']({ portfolioId: DEMO });
    expect([block.changes!.length, block.moreChanges]).toEqual([50, 10]);
    expect(store.workingEdits.pending(DEMO)).toHaveLength(1);
  });
});
