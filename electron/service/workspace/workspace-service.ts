/**
 * The session channels of the service (shared/ipc/session-contract.ts): a table of working
 * sessions by portfolio id — one per portfolio, shared by every window that opens it — with the
 * context resolution, the long poll of `session:since`, autosave and the LRU bound.
 *
 * Revisions are cut (a) on `session:save` (Ctrl+S, with an optional note), (b) on `session:close`
 * (closing or switching the portfolio), (c) by autosave once no edit arrived for `autosaveMs`
 * (default 60 s) while edits are pending. Between cuts every accepted batch is one journal row,
 * durable before the answer. A session evicted from memory (LRU) loses nothing: its pending edits
 * are in the journal and are replayed on the next open.
 */
import { defaultSlowLane, type SlowLane } from './slow-lane';
import type { Req, Res } from '../../../shared/ipc/contract';
import type { SessionInvokeContract } from '../../../shared/ipc/session-contract';
import type { SessionSnapshotDto } from '../../../shared/domain/dto/session.dto';
import type { MarginEngine } from '../ports';
import { NotFoundError, UnknownMethodError } from '../service-errors';
import { RequestValidationError } from '../../../shared/ipc/schemas';
import type { SessionStore } from './session-store';
import { BookMovedError, WorkingSession, type ResolvedContext } from './working-session';
import { listEditsWithChanges } from './edit-changes';

/**
 * Attempts of a `session:save` whose cut finds the head moved (another writer committed between
 * the session's look and its write lock): the first reloads and cuts again, as a save that noticed
 * the move beforehand does; the last refuses with `BookMovedError` (nothing written, edits pending).
 */
const SAVE_ATTEMPTS = 2;

type SessionChannel = keyof SessionInvokeContract;
export type SessionHandlers = { [C in SessionChannel]: (req: Req<C>) => Promise<Res<C>> | Res<C> };

/** Options of {@link createWorkspaceService}. */
export interface WorkspaceServiceOptions {
  /** Cut a revision after this long without an edit while edits are pending (ms; 0 = never). Default 60 000. */
  autosaveMs?: number;
  /** Where the slow lane runs (default: `defaultSlowLane`: the service worker's own thread, else inline). */
  slowLane?: SlowLane;
  /** Costly methods not shown per row move to the slow lane above this last-run time (ms). Default 25. */
  deferAboveMs?: number;
  /** Sessions kept in memory (least recently used dropped first; their journal stays). Default 8. */
  capacity?: number;
  /** Timer (tests inject a fake one); returns a cancel function. */
  setTimer?: (f: () => void, ms: number) => () => void;
  clock?: () => number;
}

const defaultTimer = (f: () => void, ms: number): (() => void) => {
  const t = setTimeout(f, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/**
 * The market editor's way in (issue 13 §3): re-run the session of `sessionId` on an edited snapshot
 * `json` of `marketId`, which the caller has validated (`parseMarketSnapshot`). It stays the
 * session's market (through edits, undo, reloads and method changes) until a context change names a market.
 */
export type PreviewMarket = (sessionId: string, marketId: string, json: unknown) => SessionSnapshotDto;

export function createWorkspaceService(store: SessionStore, engine: MarginEngine, opts: WorkspaceServiceOptions = {}): SessionHandlers & { sessions: Map<string, WorkingSession>; previewMarket: PreviewMarket } {
  const autosaveMs = opts.autosaveMs ?? 60_000;
  const capacity = opts.capacity ?? 8;
  const setTimer = opts.setTimer ?? defaultTimer;
  const sessionOpts = { deferAboveMs: opts.deferAboveMs ?? 25, clock: opts.clock ?? (() => performance.now()), slowLane: opts.slowLane ?? defaultSlowLane(engine) };
  const sessions = new Map<string, WorkingSession>();
  const autosave = new Map<string, () => void>();
  // Market editor drafts (issue 13 §3): an edited, unsaved snapshot a session runs on until a
  // context change names a market. Keyed by portfolio id; each draft gets its own snapshot key.
  const drafts = new Map<string, { marketId: string; json: unknown; key: string }>();
  let draftSeq = 0;
  const withDraft = (portfolioId: string, ctx: ResolvedContext): ResolvedContext => {
    const d = drafts.get(portfolioId);
    return d && d.marketId === ctx.marketId ? { ...ctx, marketJson: d.json, snapshotKey: d.key } : ctx;
  };

  const resolve = (req: Partial<ResolvedContext>, prev?: ResolvedContext): ResolvedContext => {
    const marketId = req.marketId ?? prev?.marketId ?? store.marketSnapshots.list()[0]?.id;
    if (marketId === undefined) throw new NotFoundError('market snapshot (none is stored: import one first)');
    const market = store.marketSnapshots.get(marketId);
    if (!market) throw new NotFoundError(`market snapshot ${marketId}`);
    const known = engine.methods().map((m) => m.id);
    const methods = req.methods ?? prev?.methods ?? known;
    const unknown = methods.filter((m) => !known.includes(m));
    if (unknown.length > 0) throw new UnknownMethodError(unknown);
    const detailFor = req.detailFor ?? (prev && methods.includes(prev.detailFor) ? prev.detailFor : methods[0]);
    if (!methods.includes(detailFor)) throw new RequestValidationError('session:context', [{ path: 'detailFor', message: `"${detailFor}" is not one of the session's methods` }]);
    const shown = (req.shown ?? prev?.shown ?? [detailFor]).filter((m, i, a) => a.indexOf(m) === i);
    const notRun = shown.filter((m) => !methods.includes(m));
    if (notRun.length > 0) throw new RequestValidationError('session:context', [{ path: 'shown', message: `not among the session's methods: ${notRun.join(', ')}` }]);
    const parameterSets = req.parameterSets ?? prev?.parameterSets;
    const params: Record<string, unknown> = {};
    const paramsKeys: Record<string, string> = {};
    for (const [methodId, id] of Object.entries(parameterSets ?? {})) {
      const doc = store.parameterSets.get(id);
      if (!doc) throw new NotFoundError(`parameter set ${id}`);
      params[methodId] = doc.json;
      paramsKeys[methodId] = `${doc.id}@${doc.revision}`;
    }
    return {
      marketId, methods, detailFor, shown, ...(parameterSets && Object.keys(parameterSets).length > 0 ? { parameterSets } : {}),
      marketJson: market.json, snapshotKey: `${market.id}@${market.revision}`, params, paramsKeys,
    };
  };

  const headOf = (portfolioId: string) => {
    const revision = store.portfolios.headRevision(portfolioId);
    const book = revision === undefined ? undefined : store.portfolios.get(portfolioId, revision);
    if (revision === undefined || !book) throw new NotFoundError(`portfolio ${portfolioId}`);
    return { book, revision };
  };

  const touch = (s: WorkingSession) => {
    sessions.delete(s.portfolioId);
    sessions.set(s.portfolioId, s);
    while (sessions.size > capacity) {
      const [oldest] = sessions.keys();
      autosave.get(oldest)?.();
      autosave.delete(oldest);
      sessions.delete(oldest);
    }
  };

  /** The session of `id`, reloaded from the store when its head revision moved (an import, a restore, another process). */
  const get = (id: string): { s: WorkingSession; reloaded: boolean } => {
    const s = sessions.get(id);
    if (!s) throw new NotFoundError(`working session of portfolio ${id} (open the portfolio first)`);
    touch(s);
    if (!s.headMoved()) return { s, reloaded: false };
    const head = headOf(id);
    s.book = head.book;
    s.baseRevision = head.revision;
    s.recover();
    s.setContext(s.context);
    return { s, reloaded: true };
  };

  const scheduleAutosave = (s: WorkingSession) => {
    autosave.get(s.portfolioId)?.();
    autosave.delete(s.portfolioId);
    if (autosaveMs <= 0 || s.pendingEdits === 0) return;
    autosave.set(s.portfolioId, setTimer(() => {
      autosave.delete(s.portfolioId);
      if (sessions.get(s.portfolioId) !== s || s.pendingEdits === 0 || s.headMoved()) return;
      // Another writer committing after that look is caught under the write lock: no cut, the edits stay pending.
      try { s.cut('autosave after a pause'); } catch (e) { if (!(e instanceof BookMovedError)) throw e; }
    }, autosaveMs));
  };

  const afterChange = <T extends { kind: string }>(s: WorkingSession, r: T): T => {
    if (r.kind === 'applied') scheduleAutosave(s);
    return r;
  };

  return {
    sessions,
    previewMarket(sessionId, marketId, json) {
      const { s } = get(sessionId);
      const ctx = resolve({ marketId }, s.context);
      drafts.set(sessionId, { marketId, json, key: `${marketId}@draft-${++draftSeq}` });
      s.setContext(withDraft(sessionId, ctx));
      return s.snapshot();
    },
    'session:open': ({ portfolioId, ...ctx }) => {
      const existing = sessions.get(portfolioId);
      if (existing) {
        const { s, reloaded } = get(portfolioId);
        const changes = Object.values(ctx).some((v) => v !== undefined);
        if (ctx.marketId !== undefined) drafts.delete(portfolioId);
        if (changes) {
          // Reopening with the context it already has (a window reloaded, the same book picked
          // again) keeps the computed figures: nothing to re-run.
          const next = withDraft(portfolioId, resolve(ctx, s.context));
          if (!sameContext(next, s.context)) s.setContext(next);
        }
        else if (!reloaded) s.recovered = 0;
        return s.snapshot();
      }
      const s = new WorkingSession(portfolioId, store, engine, sessionOpts, headOf(portfolioId));
      s.recover();
      s.setContext(resolve(ctx));
      touch(s);
      scheduleAutosave(s);
      return s.snapshot();
    },
    'session:patch': ({ sessionId, version, seq, ops, label, writer }) => {
      const { s, reloaded } = get(sessionId);
      if (reloaded) return { kind: 'behind', seq, version: s.version, message: 'the book was saved elsewhere (an import, a restore or another program): reloaded; your edit was not applied' };
      return afterChange(s, s.patch(version, seq, ops, label, writer));
    },
    'session:undo': ({ sessionId, version, seq, writer }) => {
      const { s, reloaded } = get(sessionId);
      if (reloaded) return { kind: 'behind', seq, version: s.version, message: 'the book was saved elsewhere: reloaded' };
      return afterChange(s, s.undo(version, seq, writer));
    },
    'session:redo': ({ sessionId, version, seq, writer }) => {
      const { s, reloaded } = get(sessionId);
      if (reloaded) return { kind: 'behind', seq, version: s.version, message: 'the book was saved elsewhere: reloaded' };
      return afterChange(s, s.redo(version, seq, writer));
    },
    'session:since': async ({ sessionId, version, waitMs, writer }) => {
      let { s } = get(sessionId);
      if (waitMs) {
        await s.wait(version, waitMs, setTimer, writer);
        s = get(sessionId).s;
      }
      return s.since(version, writer);
    },
    'session:context': ({ sessionId, writer, ...ctx }) => {
      const { s } = get(sessionId);
      if (ctx.marketId !== undefined) drafts.delete(sessionId);
      s.setContext(withDraft(sessionId, resolve(ctx, s.context)), writer);
      return s.snapshot();
    },
    'session:account': ({ sessionId, version }) => get(sessionId).s.account(version),
    'session:save': ({ sessionId, note, writer }) => {
      autosave.get(sessionId)?.();
      autosave.delete(sessionId);
      for (let attempt = 1; ; attempt++) {
        // `get` reloads a session whose head moved (its pending edits replayed on the new head; windows are told).
        const { s } = get(sessionId);
        try {
          return { revision: s.cut(note, writer), state: s.state() };
        } catch (e) {
          if (!(e instanceof BookMovedError)) throw e;
          if (attempt >= SAVE_ATTEMPTS) {
            get(sessionId); // reloaded now, so every window is shown the book as it moved on
            throw e;
          }
        }
      }
    },
    'session:close': ({ sessionId }) => {
      const s = sessions.get(sessionId);
      if (!s) return {};
      autosave.get(sessionId)?.();
      autosave.delete(sessionId);
      if (s.pendingEdits === 0 || s.headMoved()) return {};
      try {
        return { revision: s.cut('closed') };
      } catch (e) {
        // The head moved after that look (caught under the write lock): as when it is seen before, no cut; the edits stay pending.
        if (e instanceof BookMovedError) return {};
        throw e;
      }
    },
    'session:edits': ({ portfolioId, revision }) => {
      if (store.portfolios.headRevision(portfolioId) === undefined) throw new NotFoundError(`portfolio ${portfolioId}`);
      return listEditsWithChanges(store, portfolioId, revision, revision === undefined ? sessions.get(portfolioId)?.book : undefined);
    },
  };
}

/** Whether two resolved contexts give the same figures (same snapshot revision, methods, parameter sets, detail and shown methods). */
export function sameContext(a: ResolvedContext, b: ResolvedContext | undefined): boolean {
  if (!b) return false;
  const list = (x: readonly string[]) => x.join('\u0000');
  const keys = (x: Record<string, string>) => Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('\u0000');
  return a.snapshotKey === b.snapshotKey && a.marketId === b.marketId && a.detailFor === b.detailFor
    && list(a.methods) === list(b.methods) && list(a.shown) === list(b.shown) && keys(a.paramsKeys) === keys(b.paramsKeys);
}
