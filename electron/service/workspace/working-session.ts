/**
 * One working session: the open book of one portfolio, owned by the service (issue 9). The
 * renderer received the rows once; from then on it sends patch batches. For each batch the
 * session validates (`applyPatch`, the store's field rules, the venue symbology), journals it
 * durably (`working_edit`, before the answer), applies it, re-runs every method through the
 * engine's incremental sessions, and answers with a delta: the new summary and only the rows whose
 * displayed figures changed. Undo/redo are session steps (one per batch) rebuilt from the journal
 * on open; revisions are cut on save, close and autosave (`cut`).
 *
 * Versions: every accepted batch, undo, redo, revision cut or context change is one version.
 * Each row remembers the version its figures last changed at, so a window that is behind gets
 * exactly the rows that changed since its version (`since`).
 */
import type { PatchOp, PatchRefusal } from '../../../shared/domain/book-patch';
import { applyPatch, PatchError, rowById } from '../../../shared/domain/book-patch';
import type { MethodOutcomeDto } from '../../../shared/domain/dto/margin-run.dto';
import type {
  RowFiguresDto, SessionAccountDto, SessionContextDto, SessionDeltaDto, SessionEditDto, SessionPatchResultDto,
  SessionSinceDto, SessionSnapshotDto, SessionStateDto, SessionSummaryDto,
} from '../../../shared/domain/dto/session.dto';
import type { PortfolioDto, PortfolioSummaryDto, PositionDto } from '../../../shared/domain/dto/portfolio.dto';
import { parseInstrument } from '../../engine/instruments';
import { parseMarketSnapshot } from '../../engine/market-data';
import { validatePortfolio } from '../../db/portfolio-validation';
import type { WorkingEditRow } from '../../db/working-edit-repository';
import { summarizeMarginResult } from '../margin-summary';
import type { ContributionColumns } from '../../engine/margin/contribution-columns';
import type { SlowBook, SlowJob, SlowLane } from './slow-lane';
import type { MarginEngine } from '../ports';
import { ConflictError, isInputError } from '../service-errors';
import { knownSymbols, MarkCache, marginTable, markFigures, markTable, type MarginFigures } from './row-figures';
import type { SessionStore } from './session-store';

/** Undo depth kept per session (older steps are dropped from the stack, never from the journal). */
export const UNDO_DEPTH = 200;
/**
 * Assumed cost of a method not yet timed, ms per position (measured: 0.002 for deribit-pm, up to
 * ~0.05 for full-revaluation methods on the 20,000-row bench book; docs/architecture.md § Working session).
 */
const UNTIMED_MS_PER_ROW = 0.01;

/** Versions kept in the change log for windows that are behind; further behind gets a snapshot. */
const LOG_DEPTH = 500;
/** Journal rows read on open to rebuild the undo/redo stacks. */
const HISTORY_ROWS = 2000;

/** The resolved context plus what it resolved to. */
export interface ResolvedContext extends SessionContextDto {
  marketJson: unknown;
  snapshotKey: string;
  params: Record<string, unknown>;
  paramsKeys: Record<string, string>;
}

/** Tunables (the service's defaults are in workspace-service.ts). */
export interface SessionOptions {
  /** A method that took longer than this (ms) on the last run, and is not shown per row, moves to the slow lane. */
  deferAboveMs: number;
  /** Clock for costs (ms). */
  clock: () => number;
  /** Where the slow lane (deferred methods, account view) runs. */
  slowLane: SlowLane;
}

interface Step { seq: number; label: string; ops: PatchOp[]; inverse: PatchOp[] }
/** One version step; `writer` is the client that made it (undefined: the service itself, or unnamed). */
interface LogEntry { version: number; ops: PatchOp[]; removed: string[]; writer?: string }

export class WorkingSession {
  book: PortfolioDto;
  baseRevision: number;
  version = 0;
  context!: ResolvedContext;
  pendingEdits = 0;
  lastSavedAt: string | undefined;
  /** Edits replayed from the journal at open. */
  recovered = 0;

  private steps = new Map<number, Step>();
  private undoStack: number[] = [];
  private redoStack: number[] = [];
  private marks!: MarkCache;
  private symbols: string[] | undefined;
  /** Mark part of each row's figures (depends on the row and the market only), and the version it changed at. */
  private markPart = new Map<string, RowFiguresDto>();
  private markVersion = new Map<string, number>();
  /** Margin part of each row's figures (updated in place), and the version it changed at. */
  private margin = new Map<string, MarginFigures>();
  private marginVersion = new Map<string, number>();
  /** Row index by id in `book.positions` (rebuilt after structural edits). */
  private index: Map<string, number> | undefined;
  /**
   * The floats `margin` was last made from, by book row (valid while `index` is: no structural
   * edit since): a row whose floats and group are the same as then is skipped without touching
   * its entry (a one-cell edit of a 20,000-row book looks at 20,000 numbers, formats its group's).
   */
  private lastFloats: { index: Map<string, number>; n: number; pnl: Float64Array; group: (string | undefined)[]; marginal: Map<string, Float64Array> } | undefined;
  private log: LogEntry[] = [];
  /** Windows at a version below this take a snapshot (context changed, reload, log trimmed). */
  private snapshotFloor = 0;
  /** The writer whose context change set `snapshotFloor` (it holds that snapshot: its older polls need no other). */
  private floorBy: string | undefined;
  private outcomes = new Map<string, MethodOutcomeDto>();
  /** Each method's cost on its last run, in ms per position (so a cost measured on one book size estimates another). */
  private costs = new Map<string, number>();
  private pending = new Set<string>();
  private accountCache: Extract<SessionAccountDto, { kind: 'account' }> | undefined;
  private accountRun: { version: number; answer: Promise<SessionAccountDto> } | undefined;
  /** The version of this book the slow lane's mirror holds, and the snapshot it holds (undefined: send them). */
  private laneVersion: number | undefined;
  private laneMarket: string | undefined;
  /** Long polls waiting for a change, each with the writer whose own changes do not wake it. */
  private waiters = new Map<() => void, string | undefined>();

  constructor(
    readonly portfolioId: string,
    private readonly store: SessionStore,
    private readonly engine: MarginEngine,
    private readonly opts: SessionOptions,
    head: { book: PortfolioDto; revision: number },
  ) {
    this.book = head.book;
    this.baseRevision = head.revision;
  }

  /** Replay the journal's pending rows onto the head book and rebuild undo/redo from recent rows. */
  recover(): void {
    const rows = this.store.workingEdits.recent(this.portfolioId, HISTORY_ROWS);
    const pending = rows.filter((r) => r.revision === null);
    let book = this.book;
    let replayed = 0;
    for (const r of pending) {
      try {
        book = applyPatch(book, JSON.parse(r.ops) as PatchOp[]).portfolio;
        replayed++;
      } catch {
        // An edit that no longer applies (the head moved on under it, e.g. an import): skipped, kept in the journal.
      }
    }
    this.book = book;
    this.pendingEdits = pending.length;
    this.recovered = replayed;
    this.rebuildStacks(rows);
  }

  private rebuildStacks(rows: WorkingEditRow[]): void {
    this.steps.clear();
    this.undoStack = [];
    this.redoStack = [];
    let lastBase: number | undefined;
    const cut = new Set<number>();
    for (const r of rows) {
      // The chain breaks where an entry builds on a revision the session did not make (an import, a restore).
      if (lastBase !== undefined && r.baseRevision !== lastBase && !cut.has(r.baseRevision)) this.resetStacks();
      lastBase = r.baseRevision;
      if (r.revision !== null) cut.add(r.revision);
      if (r.kind === 'edit') {
        this.steps.set(r.seq, { seq: r.seq, label: r.label, ops: JSON.parse(r.ops) as PatchOp[], inverse: JSON.parse(r.inverse) as PatchOp[] });
        this.pushUndo(r.seq);
        this.redoStack = [];
      } else if (r.kind === 'undo') {
        if (this.undoStack.at(-1) === r.target) this.redoStack.push(this.undoStack.pop()!);
      } else if (this.redoStack.at(-1) === r.target) this.undoStack.push(this.redoStack.pop()!);
    }
    if (lastBase !== undefined && this.baseRevision !== lastBase && !cut.has(this.baseRevision)) this.resetStacks();
    this.pruneSteps();
  }

  private resetStacks(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  private pushUndo(seq: number): void {
    this.undoStack.push(seq);
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.splice(0, this.undoStack.length - UNDO_DEPTH);
  }

  private pruneSteps(): void {
    const live = new Set([...this.undoStack, ...this.redoStack]);
    for (const k of this.steps.keys()) if (!live.has(k)) this.steps.delete(k);
  }

  // ---------------------------------------------------------------- context and full computation

  /** Set the context and compute every row (open, context change, reload). */
  setContext(ctx: ResolvedContext, writer?: string): void {
    const marketChanged = !this.context || this.context.snapshotKey !== ctx.snapshotKey;
    this.context = ctx;
    if (marketChanged) {
      const market = parseMarketSnapshot(ctx.marketJson);
      // Another snapshot of the same market (an edit, a new revision): unaffected instruments keep their marks.
      this.marks = this.marks ? this.marks.carriedTo(market) : new MarkCache(market);
      this.symbols = undefined;
    }
    this.pending.clear();
    this.markPart.clear();
    this.markVersion.clear();
    this.margin.clear();
    this.marginVersion.clear();
    this.index = undefined;
    this.version++;
    for (const p of this.book.positions) {
      this.markPart.set(p.id, markFigures(p, this.marks));
      this.markVersion.set(p.id, this.version);
    }
    this.runMethods();
    this.snapshotFloor = this.version;
    this.floorBy = writer;
    this.log = [];
    this.accountCache = undefined;
    this.notify();
  }

  /**
   * Run the context's methods on the current book. Methods that are not shown per row and whose
   * estimated cost is above `deferAboveMs` are left for the slow lane (`pending`). The estimate is the method's last cost per position times the book's size;
   * a method not yet timed is assumed to cost `UNTIMED_MS_PER_ROW` per position, so opening a
   * 20,000-row book runs the methods on screen and leaves the others to the slow lane, while a
   * small book gets every method at once.
   */
  private runMethods(): string[] {
    const c = this.context;
    const perRow = new Set([c.detailFor, ...c.shown]);
    const columns = new Map<string, ContributionColumns>();
    const rows = this.book.positions.length;
    for (const methodId of c.methods) {
      if (!perRow.has(methodId) && (this.costs.get(methodId) ?? UNTIMED_MS_PER_ROW) * rows > this.opts.deferAboveMs) {
        this.pending.add(methodId);
        continue;
      }
      this.pending.delete(methodId);
      const cols = this.runOne(methodId, perRow.has(methodId), false);
      if (cols && perRow.has(methodId)) columns.set(methodId, cols);
    }
    this.accountCache = undefined;
    return this.updateMargin(columns.get(c.detailFor), c.shown.map((m) => [m, columns.get(m)] as const));
  }

  /**
   * Fold the runs' per-position figures into `margin` (in place); returns the ids whose figures
   * changed (they get the current version). Each column is aligned with the book first, so a row
   * no longer listed by a method (its run failed) is cleared, not left stale. Floats are compared
   * with the last run's and only the rows whose floats moved are formatted (a one-cell edit of a
   * 20,000-row book formats its group's rows, not the book's).
   */
  private updateMargin(detail: ContributionColumns | undefined, shown: readonly (readonly [string, ContributionColumns | undefined])[]): string[] {
    const positions = this.book.positions;
    const n = positions.length;
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < n; i++) this.index.set(positions[i].id, i);
    }
    const at = this.index;
    /** Entry of `c` for each book row (-1: none). Columns list positions in book order, so a cursor finds most without a lookup. */
    const align = (c: ContributionColumns | undefined): Int32Array => {
      const out = new Int32Array(n).fill(-1);
      if (!c) return out;
      let cursor = 0;
      for (let k = 0; k < c.count; k++) {
        const id = c.id(k);
        const i = cursor < n && positions[cursor].id === id ? cursor : at.get(id);
        if (i === undefined) continue;
        out[i] = k;
        cursor = i + 1;
      }
      return out;
    };
    const dAt = align(detail);
    const ims = shown.map(([m, c]) => ({ m, c, at: align(c) }));
    // This run's floats by book row (NaN: no entry), and last run's while the rows are the same.
    const last = this.lastFloats && this.lastFloats.index === at && this.lastFloats.n === n ? this.lastFloats : undefined;
    const pnlNow = new Float64Array(n);
    const groupNow: (string | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = dAt[i];
      pnlNow[i] = k >= 0 ? detail!.pnl[k] : NaN;
      groupNow[i] = k >= 0 ? detail!.group(k) : undefined;
    }
    const marginalNow = new Map<string, Float64Array>();
    for (const { m, c, at: mAt } of ims) {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) f[i] = mAt[i] >= 0 ? c!.marginal[mAt[i]] : NaN;
      marginalNow.set(m, f);
    }
    const lastM = last ? ims.map(({ m }) => last.marginal.get(m)) : [];
    const nowM = ims.map(({ m }) => marginalNow.get(m)!);
    this.lastFloats = { index: at, n, pnl: pnlNow, group: groupNow, marginal: marginalNow };
    const changed: string[] = [];
    rows: for (let i = 0; i < n; i++) {
      if (last && Object.is(last.pnl[i], pnlNow[i]) && last.group[i] === groupNow[i]) {
        let same = true;
        for (let q = 0; q < nowM.length; q++) {
          const was = lastM[q];
          if (!was || !Object.is(was[i], nowM[q][i])) { same = false; break; }
        }
        if (same) continue rows;
      }
      const id = positions[i].id;
      let e = this.margin.get(id);
      let diff = false;
      if (!e) { e = { marginalIm: {}, marginalImF: {} }; this.margin.set(id, e); diff = true; }
      const k = dAt[i];
      const group = k >= 0 ? detail!.group(k) : undefined;
      if (e.group !== group) { e.group = group; diff = true; }
      const pnl = k >= 0 ? detail!.pnl[k] : undefined;
      if (e.pnlF !== pnl || (pnl === undefined && e.pnlInBinding !== undefined)) {
        e.pnlF = pnl;
        const text = k >= 0 ? detail!.pnlText(k) : undefined;
        if (e.pnlInBinding !== text) { e.pnlInBinding = text; diff = true; }
      }
      for (const { m, c, at: mAt } of ims) {
        const j = mAt[i];
        const f = j >= 0 ? c!.marginal[j] : undefined;
        if (e.marginalImF[m] === f && !(f === undefined && e.marginalIm[m] !== undefined) && m in e.marginalImF) continue;
        e.marginalImF[m] = f;
        const text = j >= 0 ? c!.marginalText(j) : undefined;
        if (e.marginalIm[m] !== text) { e.marginalIm[m] = text; diff = true; }
      }
      if (diff) { changed.push(id); this.marginVersion.set(id, this.version); }
    }
    return changed;
  }

  /** Run one method, record its outcome (figures-only unless it is the detail method) and cost; its per-position columns. */
  private runOne(methodId: string, marginal: boolean, account: boolean): ContributionColumns | undefined {
    const c = this.context;
    const t0 = this.opts.clock();
    try {
      // A method neither detailed nor shown per row keeps only its figures: asked as a summary, a
      // session builds them without the explanation that grows with the book (same figures).
      const summary = !account && !marginal && methodId !== c.detailFor;
      const { result, columns } = this.engine.runColumns(methodId, this.book, c.marketJson, {
        account, marginal, params: c.params[methodId], snapshotKey: c.snapshotKey, paramsKey: c.paramsKeys[methodId] ?? 'default', ...(summary ? { summary } : {}),
      });
      this.outcomes.set(methodId, { methodId, ok: true, result: methodId === c.detailFor ? result : summarizeMarginResult(result) });
      return columns;
    } catch (e) {
      if (!isInputError(e)) throw e;
      this.outcomes.set(methodId, { methodId, ok: false, error: (e as Error).message });
      return undefined;
    } finally {
      if (!account) this.costs.set(methodId, (this.opts.clock() - t0) / Math.max(1, this.book.positions.length));
    }
  }

  summary(): SessionSummaryDto {
    const asOf = (this.context.marketJson as { asOf?: unknown }).asOf;
    return {
      asOf: typeof asOf === 'string' ? asOf : '',
      outcomes: this.context.methods.map((m) => this.outcomes.get(m) ?? { methodId: m, ok: false, error: 'not run yet' }),
    };
  }

  state(): SessionStateDto {
    const undo = this.steps.get(this.undoStack.at(-1) ?? -1);
    const redo = this.steps.get(this.redoStack.at(-1) ?? -1);
    return {
      version: this.version, baseRevision: this.baseRevision, dirty: this.pendingEdits > 0, pendingEdits: this.pendingEdits,
      canUndo: undo !== undefined, canRedo: redo !== undefined,
      ...(undo ? { undoLabel: undo.label } : {}), ...(redo ? { redoLabel: redo.label } : {}),
      ...(this.lastSavedAt ? { lastSavedAt: this.lastSavedAt } : {}),
    };
  }

  snapshot(): SessionSnapshotDto {
    const { marketJson: _m, snapshotKey: _k, params: _p, paramsKeys: _pk, ...context } = this.context;
    this.symbols ??= knownSymbols(this.context.marketJson);
    const ids = this.book.positions.map((p) => p.id);
    return {
      sessionId: this.portfolioId, portfolio: this.book, context, state: this.state(),
      marks: markTable(ids, this.markPart), margin: marginTable(ids, this.margin, this.context.shown),
      summary: this.summary(), pending: [...this.pending],
      symbols: this.symbols,
      ...(this.recovered > 0 ? { recovered: { edits: this.recovered } } : {}),
    };
  }

  // ---------------------------------------------------------------- edits

  /** Apply a batch from a window at `version`. */
  patch(version: number, seq: number, ops: PatchOp[], label: string | undefined, writer?: string): SessionPatchResultDto {
    if (version !== this.version) return this.behind(seq);
    let applied;
    try {
      applied = applyPatch(this.book, ops);
    } catch (e) {
      if (e instanceof PatchError) return this.refused(seq, e.refusals);
      throw e;
    }
    if (applied.inverse.length === 0) return { kind: 'applied', ...this.delta(seq, [], [], [], []) };
    const refusals = this.storeRefusals(applied.portfolio, applied.touched, ops);
    if (refusals.length > 0) return this.refused(seq, refusals);
    const text = label?.trim() || labelOf(ops);
    const entrySeq = this.journal('edit', null, text, ops, applied.inverse);
    this.steps.set(entrySeq, { seq: entrySeq, label: text, ops, inverse: applied.inverse });
    this.pushUndo(entrySeq);
    this.redoStack = [];
    this.pruneSteps();
    return { kind: 'applied', ...this.commit(seq, applied.portfolio, ops, applied.touched, applied.removed, writer) };
  }

  undo(version: number, seq: number, writer?: string): SessionPatchResultDto {
    return this.step(version, seq, 'undo', writer);
  }

  redo(version: number, seq: number, writer?: string): SessionPatchResultDto {
    return this.step(version, seq, 'redo', writer);
  }

  private step(version: number, seq: number, kind: 'undo' | 'redo', writer: string | undefined): SessionPatchResultDto {
    if (version !== this.version) return this.behind(seq);
    const from = kind === 'undo' ? this.undoStack : this.redoStack;
    const step = this.steps.get(from.at(-1) ?? -1);
    if (!step) return this.refused(seq, [{ op: 0, reason: `nothing to ${kind}` }]);
    const ops = kind === 'undo' ? step.inverse : step.ops;
    let applied;
    try {
      applied = applyPatch(this.book, ops);
    } catch (e) {
      // The stack no longer fits the book (should not happen: every change goes through it); drop it.
      if (e instanceof PatchError) { this.resetStacks(); return this.refused(seq, e.refusals); }
      throw e;
    }
    this.journal(kind, step.seq, `${kind} ${step.label}`, ops, kind === 'undo' ? step.ops : step.inverse);
    from.pop();
    if (kind === 'undo') this.redoStack.push(step.seq);
    else this.pushUndo(step.seq);
    return { kind: 'applied', ...this.commit(seq, applied.portfolio, ops, applied.touched, applied.removed, writer) };
  }

  /** The store's field rules (control characters, decimal magnitude) and the venue symbology on the rows a batch touched. */
  private storeRefusals(book: PortfolioDto, touched: string[], ops: PatchOp[]): PatchRefusal[] {
    if (touched.length === 0) return [];
    const rows = touched.map((id) => rowById(book.positions, id)).filter((p): p is PositionDto => p !== undefined);
    const opOf = (id: string): number => {
      const k = ops.findIndex((o) => (o.op === 'set' && o.id === id) || (o.op === 'add' && o.rows.some((r) => r.id === id)));
      return k < 0 ? 0 : k;
    };
    const out: PatchRefusal[] = [];
    const { issues } = validatePortfolio({ id: book.id, name: book.name, balances: book.balances, positions: rows });
    for (const i of issues) {
      const m = /^positions\.(\d+)\.(\w+)/.exec(i.path);
      const row = m ? rows[Number(m[1])] : undefined;
      out.push({ op: row ? opOf(row.id) : 0, ...(row ? { rowId: row.id } : {}), field: m?.[2] ?? i.path, reason: i.message });
    }
    const verdict = new Map<string, string | null>();
    for (const r of rows) {
      let problem = verdict.get(r.instrument);
      if (problem === undefined) {
        try { parseInstrument(r.instrument); problem = null; } catch (e) { problem = e instanceof Error ? e.message : String(e); }
        verdict.set(r.instrument, problem);
      }
      if (problem !== null) out.push({ op: opOf(r.id), rowId: r.id, field: 'instrument', reason: problem });
    }
    return out;
  }

  private journal(kind: 'edit' | 'undo' | 'redo', target: number | null, label: string, ops: PatchOp[], inverse: PatchOp[]): number {
    const seq = this.store.workingEdits.append({
      portfolioId: this.portfolioId, kind, target, baseRevision: this.baseRevision, label: label.slice(0, 200),
      ops: JSON.stringify(ops), inverse: JSON.stringify(inverse), opCount: ops.length,
    });
    this.pendingEdits++;
    return seq;
  }

  /** Take the new book, re-run, and build the delta of what changed on screen. */
  private commit(seq: number | undefined, book: PortfolioDto, ops: PatchOp[], touched: string[], removed: string[], writer?: string): SessionDeltaDto {
    this.book = book;
    if (ops.some((o) => o.op === 'add' || o.op === 'delete' || o.op === 'move')) this.index = undefined;
    this.version++;
    for (const id of removed) { this.markPart.delete(id); this.markVersion.delete(id); this.margin.delete(id); this.marginVersion.delete(id); }
    const marked: string[] = [];
    if (touched.length > 0) {
      for (const id of touched) {
        const p = rowById(book.positions, id);
        if (!p) continue;
        this.markPart.set(p.id, markFigures(p, this.marks));
        this.markVersion.set(p.id, this.version);
        marked.push(p.id);
      }
    }
    const changed = this.runMethods();
    this.log.push({ version: this.version, ops, removed, ...(writer !== undefined ? { writer } : {}) });
    if (this.log.length > LOG_DEPTH) {
      const drop = this.log.splice(0, this.log.length - LOG_DEPTH);
      this.snapshotFloor = Math.max(this.snapshotFloor, drop[drop.length - 1].version + 1);
      this.floorBy = undefined;
    }
    this.notify(writer);
    return this.delta(seq, ops, marked, changed, removed);
  }

  private delta(seq: number | undefined, ops: PatchOp[], marked: string[], changed: string[], removed: string[]): SessionDeltaDto {
    return {
      version: this.version, ...(seq !== undefined ? { seq } : {}), ops, state: this.state(), summary: this.summary(), pending: [...this.pending],
      marks: markTable(marked, this.markPart, true), margin: marginTable(changed, this.margin, this.context.shown), removed,
    };
  }

  private behind(seq: number): SessionPatchResultDto {
    return { kind: 'behind', seq, version: this.version, message: `the book moved on (now version ${this.version}): another window edited it; its edits are shown, try again` };
  }

  private refused(seq: number, refusals: PatchRefusal[]): SessionPatchResultDto {
    return { kind: 'refused', seq, version: this.version, refusals, message: new PatchError(refusals).message };
  }

  // ---------------------------------------------------------------- revisions

  /**
   * Cut a revision of the pending edits; nothing pending: the head as it is. The head is checked
   * inside the same IMMEDIATE transaction as the save (issue 11 §3): a writer that committed since
   * the session last looked (a CLI import, another process) makes it throw `BookMovedError`,
   * writing nothing, instead of saving this book over that writer's revision.
   */
  cut(note: string | undefined, writer?: string): PortfolioSummaryDto {
    if (this.pendingEdits === 0) {
      const head = this.store.portfolios.list().find((p) => p.id === this.portfolioId);
      if (head) return head;
    }
    const saved = this.store.transaction(() => {
      const head = this.store.portfolios.headRevision(this.portfolioId);
      if (head !== this.baseRevision) throw new BookMovedError(this.portfolioId, this.baseRevision, head);
      const s = this.store.portfolios.save(this.book, note);
      this.store.workingEdits.cut(this.portfolioId, s.revision);
      return s;
    });
    this.baseRevision = saved.revision;
    this.pendingEdits = 0;
    this.lastSavedAt = saved.savedAt;
    this.version++;
    this.log.push({ version: this.version, ops: [], removed: [], ...(writer !== undefined ? { writer } : {}) });
    this.notify(writer);
    return saved;
  }

  /** Whether the store's head revision is still the one the session builds on. */
  headMoved(): boolean {
    return this.store.portfolios.headRevision(this.portfolioId) !== this.baseRevision;
  }

  // ---------------------------------------------------------------- following and the slow lane

  /**
   * What changed after `version`. Below the snapshot floor: the whole snapshot, except for the
   * writer whose own context change set the floor (its answer carried that snapshot): `unchanged`
   * at the floor, from where it follows as usual.
   */
  since(version: number, writer?: string): SessionSinceDto {
    if (version === this.version) return { kind: 'unchanged', version };
    if (version < this.snapshotFloor && writer !== undefined && writer === this.floorBy) return { kind: 'unchanged', version: this.snapshotFloor };
    if (version < this.snapshotFloor || version > this.version) return { kind: 'snapshot', ...this.snapshot() };
    const batches = this.log.filter((e) => e.version > version).map((e) => ({ version: e.version, ops: e.ops }));
    const present = new Set<string>();
    const marked: string[] = [];
    const changed: string[] = [];
    for (const p of this.book.positions) {
      present.add(p.id);
      if ((this.markVersion.get(p.id) ?? 0) > version) marked.push(p.id);
      if ((this.marginVersion.get(p.id) ?? 0) > version) changed.push(p.id);
    }
    const removed = [...new Set(this.log.filter((e) => e.version > version).flatMap((e) => e.removed))].filter((id) => !present.has(id));
    return {
      kind: 'changes', batches, version: this.version, state: this.state(), summary: this.summary(), pending: [...this.pending],
      marks: markTable(marked, this.markPart, true), margin: marginTable(changed, this.margin, this.context.shown), removed,
    };
  }

  /**
   * Resolve when the version moves past `version` or after `ms`. Given `writer`, the wait ends
   * early only for a change by someone else: versions after `version` that are all `writer`'s own
   * (still in the log) keep it waiting, and so do its further edits.
   */
  wait(version: number, ms: number, setTimer: (f: () => void, ms: number) => () => void, writer?: string): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    if (version !== this.version && !this.onlyOwnSince(version, writer)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { this.waiters.delete(done); cancel(); resolve(); };
      const cancel = setTimer(done, ms);
      this.waiters.set(done, writer);
    });
  }

  /** Whether every version after `version` is in the log and was made by `writer`. */
  private onlyOwnSince(version: number, writer: string | undefined): boolean {
    if (writer === undefined || version < this.snapshotFloor || version > this.version) return false;
    return this.log.every((e) => e.version <= version || e.writer === writer);
  }

  /** Wake the long polls; a change by `writer` does not wake that writer's own. */
  private notify(writer?: string): void {
    for (const [w, own] of [...this.waiters]) if (writer === undefined || own !== writer) w();
  }

  /**
   * The slow lane at `version`: the pending methods and the detail method's account view, run by
   * the slow lane (its own thread in the app and the web host), so edits meanwhile are answered at
   * once; a result for a version the book has left is answered `stale`.
   */
  account(version: number): Promise<SessionAccountDto> {
    if (version !== this.version) return Promise.resolve({ kind: 'stale', version: this.version });
    if (this.accountCache?.version === version) return Promise.resolve(this.accountCache);
    if (this.accountRun?.version === version) return this.accountRun.answer;
    const answer = this.runSlowLane(version);
    this.accountRun = { version, answer };
    void answer.finally(() => { if (this.accountRun?.answer === answer) this.accountRun = undefined; }).catch(() => {});
    return answer;
  }

  private async runSlowLane(version: number): Promise<SessionAccountDto> {
    const c = this.context;
    const lane = this.opts.slowLane;
    const methods = [...this.pending];
    for (let attempt = 0; ; attempt++) {
      const job: SlowJob = {
        session: this.portfolioId, version, book: this.laneBook(lane), snapshotKey: c.snapshotKey,
        ...(!lane.mirrors || this.laneMarket !== c.snapshotKey ? { marketJson: c.marketJson } : {}),
        params: c.params, paramsKeys: c.paramsKeys, methods, accountFor: c.detailFor,
      };
      const r = await lane.run(job);
      if (r.kind !== 'done') {
        // The lane lost its mirror or snapshot (restarted): send them whole, once.
        this.laneVersion = undefined;
        this.laneMarket = undefined;
        if (attempt >= 1) throw new Error(`the slow lane could not run (${r.kind})`);
        continue;
      }
      this.laneVersion = version;
      this.laneMarket = c.snapshotKey;
      if (this.version !== version || this.context !== c) return { kind: 'stale', version: this.version };
      for (const o of r.outcomes) { this.outcomes.set(o.methodId, o); this.pending.delete(o.methodId); }
      for (const [m, ms] of Object.entries(r.costs)) this.costs.set(m, ms / Math.max(1, this.book.positions.length));
      const detail = this.outcomes.get(c.detailFor);
      if (detail?.ok && r.account) detail.result = { ...detail.result, account: r.account };
      this.accountCache = { kind: 'account', version, methodId: c.detailFor, account: r.account, ...(r.error ? { error: r.error } : {}), outcomes: r.outcomes };
      return this.accountCache;
    }
  }

  /** The book for a slow-lane job: the batches since the lane's mirror when the log still has them, else the whole book. */
  private laneBook(lane: SlowLane): SlowBook {
    const from = this.laneVersion;
    if (lane.mirrors && from !== undefined && from >= this.snapshotFloor && from <= this.version) {
      return { kind: 'ops', from, ops: this.log.filter((e) => e.version > from).flatMap((e) => e.ops) };
    }
    return { kind: 'book', book: this.book };
  }

  /** Journalled edits of this portfolio (pending, or those of `revision`). */
  edits(revision?: number): SessionEditDto[] {
    return listEdits(this.store, this.portfolioId, revision);
  }
}

/**
 * A revision cut found the stored head moved past the revision the session builds on (another
 * writer saved in between); nothing was written. The service reloads the session (its pending
 * edits replayed on the new head) and tells the window the book moved on.
 */
export class BookMovedError extends ConflictError {
  constructor(readonly portfolioId: string, readonly baseRevision: number, readonly headRevision: number | undefined) {
    super(`the book moved on: portfolio ${portfolioId} was saved elsewhere (revision ${headRevision ?? 'none'}, this session built on ${baseRevision}) while saving: nothing was written; the edits stay pending on the reloaded book, save again`);
    this.name = 'BookMovedError';
  }
}

/** Journal rows as the contract lists them. */
export function listEdits(store: SessionStore, portfolioId: string, revision?: number): SessionEditDto[] {
  return store.workingEdits.list(portfolioId, revision).map((r) => ({
    seq: r.seq, kind: r.kind, label: r.label, at: r.at, opCount: r.opCount, ...(r.revision !== null ? { revision: r.revision } : {}),
  }));
}

/** A short label for a batch (undo menu: "Undo size of BTC-PERPETUAL"). */
function labelOf(ops: PatchOp[]): string {
  if (ops.length === 1) {
    const o = ops[0];
    switch (o.op) {
      case 'set': return `edit ${o.field}`;
      case 'add': return o.rows.length === 1 ? `add row ${o.rows[0].instrument}` : `add ${o.rows.length} rows`;
      case 'delete': return o.ids.length === 1 ? 'delete row' : `delete ${o.ids.length} rows`;
      case 'move': return o.ids.length === 1 ? 'move row' : `move ${o.ids.length} rows`;
      case 'balance': return `balance ${o.currency}`;
    }
  }
  const sets = ops.filter((o) => o.op === 'set').length;
  const adds = ops.reduce((n, o) => n + (o.op === 'add' ? o.rows.length : 0), 0);
  return [sets ? `${sets} cells` : '', adds ? `${adds} new rows` : ''].filter(Boolean).join(' + ') || `${ops.length} changes`;
}

