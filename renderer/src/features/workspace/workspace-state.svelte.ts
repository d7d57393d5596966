/**
 * Workspace state: the open portfolio as a live working session in the service (issue 9).
 *
 * Opening a portfolio receives the rows and their figures once (`session:open`). Every edit is a
 * patch batch (`shared/domain/book-patch.ts`): applied here at once (optimistically, so the grid
 * never waits), sent with the session version it builds on and a sequence number, and answered
 * with a delta — the new summary and only the rows whose figures changed. Batches go one at a
 * time in order; a refused batch is rolled back here with the service's reasons; a delta for a
 * batch that a newer one has superseded updates the figures but is never shown as the summary.
 * Another window's edits arrive through a long poll (`session:since`) and are replayed here.
 * Undo/redo are the session's (one step per batch, kept across reloads). Revisions are cut by
 * `save` (Ctrl+S), on switching portfolio, and by the service's autosave.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { AppInfoDto } from '../../../../shared/ipc/contract';
import type { AnalysisSessionRef } from '../../../../shared/ipc/analysis-contract';
import type { MarketSnapshotSummaryDto } from '../../../../shared/domain/dto/market.dto';
import type { MarginSummaryDto, MethodOutcomeDto } from '../../../../shared/domain/dto/margin-run.dto';
import type { PositionContributionDto, TradeDto } from '../../../../shared/domain/dto/margin-result.dto';
import type { DocumentSummaryDto } from '../../../../shared/domain/dto/storage.dto';
import type { ArbitrageWarningDto } from '../../../../shared/domain/dto/market-editor.dto';
import type { PortfolioDto, PortfolioSummaryDto, PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import type {
  RowFiguresDto, SessionDeltaDto, SessionPatchResultDto, SessionSnapshotDto, SessionStateDto,
} from '../../../../shared/domain/dto/session.dto';
import { applyPatch, rowById, describeRefusal, fieldProblem, PatchError, type PatchField, type PatchOp, type PatchRefusal } from '../../../../shared/domain/book-patch';
import { readRowTable } from '../../../../shared/domain/row-table';
import { parsePastedPositions } from '../portfolio/paste-positions';

/** Editable position fields. */
export type EditableField = PatchField;

/** What the status bar shows. */
export type Activity = 'idle' | 'loading' | 'saving' | 'running';

/** A change of the grid's rows, applied in order (one kind per entry). */
export interface RowTransaction {
  reset?: PositionDto[];
  add?: { rows: PositionDto[]; index: number }[];
  update?: PositionDto[];
  remove?: string[];
  /** Rows whose figures (marks, greeks, margin) changed: their derived cells are refreshed. */
  figures?: readonly string[] | 'all';
}

/** The outcome of `applyPatch`. */
export type PatchOutcome = { ok: true } | { ok: false; refusals: PatchRefusal[]; message: string };

/** One batch waiting for, or in, flight. */
interface Queued { seq: number; ops: PatchOp[]; label: string; kind: 'patch' | 'undo' | 'redo'; done: (o: PatchOutcome) => void }

/** Wait of each `session:since` long poll (ms). */
const FOLLOW_WAIT_MS = 20_000;
/** Quiet time after the last delta before the slow lane (account view, costly methods) is asked for. */
const SLOW_LANE_DELAY_MS = 800;

export class WorkspaceState {
  info = $state.raw<AppInfoDto | null>(null);
  portfolios = $state.raw<PortfolioSummaryDto[]>([]);
  markets = $state.raw<MarketSnapshotSummaryDto[]>([]);
  /** The open book as shown: the service's book with this window's batches in flight applied. Replaced whole on every change. */
  portfolio = $state.raw<PortfolioDto | null>(null);
  marketId = $state('');
  /** Every method's figures; the detail method explained (per-position figures are in `figures`). */
  margin = $state.raw<MarginSummaryDto | null>(null);
  /** The session version `margin` is the summary of (shown on the margin panel as `data-version`). */
  marginVersion = $state(0);
  activity = $state<Activity>('idle');
  /**
   * The slow lane (account view, costly methods) is waiting for its quiet moment or being
   * answered: the service is still working on this book (the status bar says so; `idle`).
   */
  slowLane = $state(false);
  #slowCalls = 0;
  error = $state<string | null>(null);
  /** Something the user should know that is not an error (another window's edits, recovered edits). */
  notice = $state<string | null>(null);
  lastSaved = $state.raw<PortfolioSummaryDto | null>(null);
  /** Session state: version, base revision, pending edits, undo/redo labels. */
  session = $state.raw<SessionStateDto | null>(null);
  /** Stored parameter sets (Deribit `model_params` documents and the like). */
  parameterSetList = $state.raw<DocumentSummaryDto[]>([]);
  /** Parameter set per method id ('' / absent = the method's documented default). */
  parameterSetByMethod = $state.raw<Record<string, string>>({});
  /** Methods whose figures are from before the latest edit (the slow lane brings them). */
  pendingMethods = $state.raw<string[]>([]);
  /** Instrument symbols the snapshot knows (completion). */
  symbols = $state.raw<string[]>([]);
  /** The method whose explanation is shown (and whose per-row P&L fills the grid). */
  detailMethod = $state('');
  /** Methods whose marginal IM is shown per row. */
  shownMethods = $state.raw<string[]>([]);
  /** Per-row figures by id (updated in place; `figuresTick` changes whenever they do). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- 20,000 entries updated in place; `figuresTick` is the signal
  readonly figures = new Map<string, RowFiguresDto>();
  figuresTick = $state(0);

  /** Method ids run on every change (all the engine offers). */
  readonly methodIds = $derived(this.info?.methods.map((m) => m.id) ?? []);
  readonly parameterSets = $derived(Object.keys(this.parameterSetByMethod).length > 0 ? this.parameterSetByMethod : undefined);
  /** The parameter set applied to the detail method ('' = default). */
  readonly pmParameterSetId = $derived(this.parameterSetByMethod[this.detailMethod] ?? '');
  /** The explained result of `detailMethod` in the latest run, if it ran. */
  readonly detail = $derived.by(() => {
    const o = this.margin?.outcomes.find((x) => x.methodId === this.detailMethod);
    return o && o.ok ? o.result : null;
  });
  /** Per position id: its figures under `detailMethod` as a contribution (group, P&L in binding, marginal IM). */
  readonly contributions = $derived.by(() => {
    void this.figuresTick;
    const method = this.detailMethod;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt whole by $derived, never mutated
    const out = new Map<string, PositionContributionDto>();
    for (const p of this.portfolio?.positions ?? []) {
      const f = this.figures.get(p.id);
      if (!f || f.group === undefined) continue;
      out.set(p.id, {
        positionId: p.id, instrument: p.instrument, size: p.size, group: f.group,
        pnlInBinding: f.pnlInBinding ?? '0', marginalInitialMargin: f.marginalIm?.[method] ?? '0',
      });
    }
    return out;
  });
  readonly canUndo = $derived(this.session?.canUndo ?? false);
  readonly canRedo = $derived(this.session?.canRedo ?? false);
  readonly undoLabel = $derived(this.session?.undoLabel);
  readonly redoLabel = $derived(this.session?.redoLabel);
  /** Edits not yet in a revision. */
  readonly dirty = $derived(this.session?.dirty ?? false);
  /** Latest stored revision the open book builds on. */
  readonly revision = $derived(this.session?.baseRevision);

  #api: AppApi;
  #sessionId = '';
  /** Book and version as the service last confirmed them. */
  #confirmed: PortfolioDto | null = null;
  #version = 0;
  #seq = 0;
  #queue: Queued[] = [];
  #sending = false;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscribers, not state
  #listeners = new Set<(tx: RowTransaction) => void>();
  #slowTimer: ReturnType<typeof setTimeout> | undefined;
  #following = 0;
  /** The window-state channels (the grid keeps its column layout there). */
  get windowState(): AppApi['windowState'] { return this.#api.windowState; }
  /**
   * The open session at the version the service confirmed, the book `portfolio` shows (the
   * analysis channels' `AnalysisBookRef.session`); undefined with no session or while an edit is
   * queued or in flight (the book on screen is then ahead of the service's).
   */
  sessionRef(): AnalysisSessionRef | undefined {
    if (!this.#sessionId || this.#sending || this.#queue.length > 0) return undefined;
    return { sessionId: this.#sessionId, version: this.#version };
  }
  /** This window's context change in flight (its follow poll waits for it: see `session:context`'s `writer`). */
  #contextCall: Promise<unknown> | undefined;
  /** This window's writer id: its own edits do not wake its follow poll (`session:since`). */
  readonly #writer = crypto.randomUUID();

  constructor(api: AppApi) {
    this.#api = api;
  }

  /** Subscribe to row changes (the grid applies them as transactions). Returns the unsubscribe. */
  onRows(listener: (tx: RowTransaction) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(tx: RowTransaction): void {
    this.#flushLater();
    for (const l of this.#listeners) l(tx);
  }

  /** Row transactions held back until the summary has been painted (kept in order). */
  #later: RowTransaction[] = [];
  #laterTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Emit `tx` after the next paint: an edit's new IM is drawn first, then the grid refreshes the
   * rows whose figures moved (up to a whole group's marginal IM: thousands of rows). Any other
   * transaction emitted meanwhile flushes these first, so the grid always sees them in order.
   */
  #emitAfterPaint(tx: RowTransaction): void {
    this.#later.push(tx);
    if (this.#laterTimer !== undefined) return;
    const run = () => { this.#laterTimer = undefined; this.#flushLater(); };
    // requestAnimationFrame runs before the frame is painted: the timeout after it, once painted.
    this.#laterTimer = setTimeout(run, 50); // a hidden tab gets no frames: do not wait for one
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => { clearTimeout(this.#laterTimer); this.#laterTimer = setTimeout(run, 0); });
  }

  #flushLater(): void {
    if (this.#later.length === 0) return;
    clearTimeout(this.#laterTimer);
    this.#laterTimer = undefined;
    const txs = this.#later.splice(0);
    for (const tx of txs) for (const l of this.#listeners) l(tx);
  }

  /** Load host info, lists, and open the first portfolio. */
  async load(): Promise<void> {
    this.activity = 'loading';
    try {
      const [info, portfolios, markets, parameterSets] = await Promise.all([
        this.#api.app.info(),
        this.#api.portfolio.list(),
        this.#api.market.list(),
        this.#api.storage.documentList({ kind: 'parameter-set' }),
      ]);
      this.info = info;
      this.portfolios = portfolios;
      this.markets = markets;
      this.parameterSetList = parameterSets;
      this.marketId = markets[0]?.id ?? '';
      this.detailMethod = info.methods[0]?.id ?? '';
      this.shownMethods = this.detailMethod ? [this.detailMethod] : [];
      this.error = null;
      if (portfolios[0]) await this.#open(portfolios[0].id);
    } catch (e) {
      this.error = message(e);
    } finally {
      this.activity = 'idle';
    }
  }

  /** Reload the portfolio and snapshot lists (after imports and restores). */
  async refreshLists(): Promise<void> {
    const [portfolios, markets, parameterSets] = await Promise.all([
      this.#api.portfolio.list(),
      this.#api.market.list(),
      this.#api.storage.documentList({ kind: 'parameter-set' }),
    ]);
    this.portfolios = portfolios;
    this.markets = markets;
    this.parameterSetList = parameterSets;
  }

  /** Switch to (or re-open) a portfolio; the one left gets a revision of its pending edits. */
  async selectPortfolio(id: string): Promise<void> {
    await this.#flush();
    // This window is reopening the book itself: its follow poll stops first, so the reload it
    // causes (after a restore or an import) is not reported as another window's edit.
    this.#following++;
    if (this.#sessionId && this.#sessionId !== id) {
      try {
        const closed = await this.#api.session.close({ sessionId: this.#sessionId });
        if (closed.revision) this.lastSaved = closed.revision;
      } catch (e) {
        this.error = `closing ${this.#sessionId}: ${message(e)}`;
      }
    }
    this.activity = 'loading';
    try {
      await this.#open(id);
      this.portfolios = await this.#api.portfolio.list();
    } catch (e) {
      this.error = message(e);
    } finally {
      this.activity = 'idle';
    }
  }

  async #open(id: string): Promise<void> {
    const snap = await this.#api.session.open({
      portfolioId: id,
      ...(this.marketId ? { marketId: this.marketId } : {}),
      ...(this.methodIds.length > 0 ? { methods: this.methodIds } : {}),
      ...(this.detailMethod ? { detailFor: this.detailMethod, shown: this.shownMethods.length > 0 ? this.shownMethods : [this.detailMethod] } : {}),
      parameterSets: this.parameterSetByMethod,
    });
    this.#takeSnapshot(snap);
    if (snap.recovered) this.notice = `${snap.recovered.edits} unsaved edit${snap.recovered.edits === 1 ? '' : 's'} recovered from the journal`;
    this.#follow();
  }

  #takeSnapshot(snap: SessionSnapshotDto): void {
    // A context change (market, method, parameters, the market editor's draft) keeps the rows:
    // the grid then keeps its row model, sort, filters and scroll and only re-reads the figures
    // (a 20,000-row reset cost ~0.25 s and put the view back at the top).
    const sameRows = this.portfolio !== null && samePositions(this.portfolio.positions, snap.portfolio.positions);
    this.#sessionId = snap.sessionId;
    this.#confirmed = snap.portfolio;
    this.#version = snap.state.version;
    this.#queue = [];
    this.figures.clear();
    readRowTable(this.figures, snap.marks);
    readRowTable(this.figures, snap.margin);
    this.portfolio = snap.portfolio;
    this.marketId = snap.context.marketId;
    this.detailMethod = snap.context.detailFor;
    // Same methods shown: keep the array, so the grid's column definitions are not rebuilt (~0.1 s on a 20,000-row book).
    if (snap.context.shown.join('\n') !== this.shownMethods.join('\n')) this.shownMethods = snap.context.shown;
    this.parameterSetByMethod = snap.context.parameterSets ?? {};
    if (snap.symbols.length !== this.symbols.length || snap.symbols.some((x, i) => x !== this.symbols[i])) this.symbols = snap.symbols;
    this.session = snap.state;
    this.margin = snap.summary;
    this.marginVersion = snap.state.version;
    this.pendingMethods = snap.pending;
    this.figuresTick++;
    this.#emit(sameRows ? { figures: 'all' } : { reset: snap.portfolio.positions, figures: 'all' });
    this.#scheduleSlowLane();
  }

  /** Show `methodId` in detail (its per-row figures and explanation). */
  async showMethod(methodId: string): Promise<void> {
    this.detailMethod = methodId;
    await this.#context({ detailFor: methodId, shown: this.shownMethods.includes(methodId) ? this.shownMethods : [methodId] });
  }

  /** Choose the methods whose marginal IM is shown per row. */
  async setShownMethods(ids: string[]): Promise<void> {
    await this.#context({ shown: ids.length > 0 ? ids : [this.detailMethod] });
  }

  /** Apply a stored parameter set to the detail method ('' for its default) and re-run. */
  async selectParameterSet(id: string): Promise<void> {
    const next = { ...this.parameterSetByMethod };
    if (id) next[this.detailMethod] = id;
    else delete next[this.detailMethod];
    await this.#context({ parameterSets: next });
  }

  async selectMarket(id: string): Promise<void> {
    this.marketId = id;
    await this.#context({ marketId: id });
  }

  /**
   * Re-run the session on an edited, unsaved snapshot of `marketId` (the market editor, issue 13 §3);
   * it stays the session's market until a market is selected. Resolves with the snapshot's
   * arbitrage warnings, or throws the service's refusal (naming the item).
   */
  async previewMarket(marketId: string, snapshotText: string): Promise<ArbitrageWarningDto[]> {
    if (!this.#sessionId) throw new Error('no portfolio open');
    await this.#flush();
    const r = await this.#api.marketEditor.preview({ sessionId: this.#sessionId, marketId, snapshotText });
    this.#takeSnapshot(r.session);
    return r.warnings;
  }

  /** Re-run every method on the book as it is (Recompute). */
  async run(): Promise<void> {
    await this.#context({});
  }

  async #context(ctx: { marketId?: string; detailFor?: string; shown?: string[]; parameterSets?: Record<string, string> }): Promise<void> {
    if (!this.#sessionId) return;
    await this.#flush();
    this.activity = 'running';
    try {
      const call = this.#api.session.context({ sessionId: this.#sessionId, writer: this.#writer, ...ctx });
      this.#contextCall = call.catch(() => undefined);
      this.#takeSnapshot(await call);
      this.error = null;
    } catch (e) {
      this.error = `margin run failed: ${message(e)}`;
    } finally {
      this.activity = 'idle';
    }
  }

  /**
   * Apply one batch: at once here, then in the service (which may still refuse it, e.g. an
   * unknown venue symbol: the batch is rolled back and the reasons returned). Field syntax is
   * checked here first, so a bad value never leaves the window.
   */
  applyPatch(ops: PatchOp[], label = ''): Promise<PatchOutcome> {
    const book = this.portfolio;
    if (!book || !this.#sessionId) return Promise.resolve({ ok: false, refusals: [{ op: 0, reason: 'no portfolio open' }], message: 'no portfolio open' });
    let applied;
    try {
      applied = applyPatch(book, ops);
    } catch (e) {
      if (e instanceof PatchError) return Promise.resolve(this.#refuse(e.refusals));
      throw e;
    }
    if (applied.inverse.length === 0) return Promise.resolve({ ok: true });
    this.portfolio = applied.portfolio;
    this.#emitOps(ops, applied.portfolio);
    return this.#enqueue('patch', ops, label);
  }

  #refuse(refusals: PatchRefusal[]): PatchOutcome {
    const msg = new PatchError(refusals).message;
    this.error = msg;
    return { ok: false, refusals, message: msg };
  }

  /** Grid row transactions for `ops` as applied (ending in `book`). */
  #emitOps(ops: PatchOp[], book: PortfolioDto): void {
    const rowOf = (id: string) => rowById(book.positions, id);
    for (const o of ops) {
      switch (o.op) {
        case 'set': { const r = rowOf(o.id); if (r) this.#emit({ update: [r] }); break; }
        case 'add': this.#emit({ add: [{ rows: o.rows.map((r) => rowOf(r.id) ?? r), index: o.index ?? Number.MAX_SAFE_INTEGER }] }); break;
        case 'delete': this.#emit({ remove: o.ids }); break;
        case 'move': this.#emit({ remove: o.ids }); this.#emit({ add: [{ rows: o.ids.map((id) => rowOf(id)!).filter(Boolean), index: o.index }] }); break;
        case 'balance': break;
      }
    }
  }

  #enqueue(kind: Queued['kind'], ops: PatchOp[], label: string): Promise<PatchOutcome> {
    return new Promise((done) => {
      this.#queue.push({ seq: ++this.#seq, ops, label, kind, done });
      void this.#pump();
    });
  }

  /** Send queued batches one at a time, in order. */
  async #pump(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    this.activity = 'running';
    try {
      while (this.#queue.length > 0) {
        const q = this.#queue[0];
        let r: SessionPatchResultDto;
        try {
          const req = { sessionId: this.#sessionId, version: this.#version, seq: q.seq, writer: this.#writer };
          r = q.kind === 'patch' ? await this.#api.session.patch({ ...req, ops: q.ops, ...(q.label ? { label: q.label } : {}) })
            : q.kind === 'undo' ? await this.#api.session.undo(req) : await this.#api.session.redo(req);
        } catch (e) {
          this.#queue.shift();
          this.error = `not applied: ${message(e)}`;
          q.done({ ok: false, refusals: [{ op: 0, reason: message(e) }], message: message(e) });
          this.#rebase();
          continue;
        }
        this.#queue.shift();
        if (r.kind === 'applied') {
          this.#takeDelta(r, q.kind !== 'patch');
          q.done({ ok: true });
        } else if (r.kind === 'refused') {
          this.#rebase();
          q.done(this.#refuse(r.refusals));
        } else {
          // Another window moved the book on: show its edits, drop this window's unsent batches (never a silent overwrite).
          const dropped = [q, ...this.#queue.splice(0)];
          await this.#catchUp();
          this.notice = `another window changed this book; ${dropped.length === 1 ? 'your last edit was' : `your last ${dropped.length} edits were`} not applied — its edits are shown`;
          for (const d of dropped) d.done({ ok: false, refusals: [{ op: 0, reason: r.message }], message: r.message });
        }
      }
    } finally {
      this.#sending = false;
      this.activity = 'idle';
    }
  }

  /** Fold an accepted delta; show its summary only when no newer batch of this window is queued. */
  #takeDelta(d: SessionDeltaDto, replayOps: boolean): void {
    if (!this.#confirmed) return;
    this.#confirmed = d.ops.length > 0 ? applyPatch(this.#confirmed, d.ops).portfolio : this.#confirmed;
    this.#version = d.version;
    for (const id of d.removed) this.figures.delete(id);
    readRowTable(this.figures, d.marks);
    readRowTable(this.figures, d.margin);
    if (replayOps) {
      // Undo/redo: the service chose the operations; apply them here too.
      const book = this.#localBook();
      this.portfolio = book;
      this.#emitOps(d.ops, book);
    }
    this.#emitAfterPaint({ figures: [...d.marks.ids, ...d.margin.ids] });
    this.session = d.state;
    if (this.#queue.length === 0) {
      this.margin = d.summary;
      this.marginVersion = d.version;
      this.pendingMethods = d.pending;
      this.figuresTick++;
      this.error = null;
      this.#scheduleSlowLane();
    }
  }

  /** The confirmed book with the queued batches applied (those still valid). */
  #localBook(): PortfolioDto {
    let book = this.#confirmed!;
    for (const q of this.#queue) {
      if (q.kind !== 'patch') continue;
      try { book = applyPatch(book, q.ops).portfolio; } catch { /* refused later by the service too */ }
    }
    return book;
  }

  /** After a refusal: the shown book becomes the confirmed book plus the queued batches. */
  #rebase(): void {
    const book = this.#localBook();
    this.portfolio = book;
    this.#emit({ reset: book.positions });
  }

  /** Take what another window did since our version. */
  async #catchUp(): Promise<void> {
    const r = await this.#api.session.since({ sessionId: this.#sessionId, version: this.#version });
    this.#takeSince(r);
  }

  #takeSince(r: Awaited<ReturnType<AppApi['session']['since']>>): void {
    if (r.kind === 'unchanged') return;
    if (r.kind === 'snapshot') { this.#takeSnapshot(r); return; }
    let book = this.#confirmed!;
    for (const b of r.batches) book = b.ops.length > 0 ? applyPatch(book, b.ops).portfolio : book;
    this.#confirmed = book;
    this.#version = r.version;
    for (const id of r.removed) this.figures.delete(id);
    readRowTable(this.figures, r.marks);
    readRowTable(this.figures, r.margin);
    this.portfolio = this.#localBook();
    this.#emit({ reset: this.portfolio.positions, figures: [...r.marks.ids, ...r.margin.ids] });
    this.session = r.state;
    this.margin = r.summary;
    this.marginVersion = r.version;
    this.pendingMethods = r.pending;
    this.figuresTick++;
    this.#scheduleSlowLane();
  }

  /** Follow other windows' edits with a long poll while this session is open. */
  #follow(): void {
    const ticket = ++this.#following;
    const sessionId = this.#sessionId;
    const loop = async () => {
      while (ticket === this.#following && sessionId === this.#sessionId) {
        const version = this.#version;
        let r;
        try {
          r = await this.#api.session.since({ sessionId, version, waitMs: FOLLOW_WAIT_MS, writer: this.#writer });
        } catch {
          await new Promise((ok) => setTimeout(ok, 2_000));
          continue;
        }
        if (ticket !== this.#following || sessionId !== this.#sessionId) return;
        // Our own context change: the service answers `unchanged` at its version (we get its
        // snapshot in our own call's answer); wait for that answer, and if it was lost, take the snapshot.
        if (r.kind === 'unchanged' && r.version > this.#version) {
          await this.#contextCall;
          if (ticket !== this.#following || sessionId !== this.#sessionId) return;
          if (r.version > this.#version) await this.#catchUp();
          continue;
        }
        // Our own batches move the version too: only take changes while nothing of ours is in flight.
        const seen = r.kind === 'snapshot' ? r.state.version : r.version;
        if (seen === this.#version) continue;
        if (this.#sending || this.#queue.length > 0) {
          // Another window's change arrived while ours are in flight: take it after they are answered.
          await new Promise((ok) => setTimeout(ok, 50));
          continue;
        }
        if (r.kind !== 'unchanged' && (r.kind === 'snapshot' || r.batches.some((b) => b.ops.length > 0))) this.notice = 'another window edited this book: its edits are shown';
        this.#takeSince(r);
      }
    };
    void loop();
  }

  /** After a quiet moment: the account view and the methods left for the slow lane. */
  #scheduleSlowLane(): void {
    clearTimeout(this.#slowTimer);
    this.slowLane = true;
    this.#slowTimer = setTimeout(() => { this.#slowTimer = undefined; void this.#slowLane(); }, SLOW_LANE_DELAY_MS);
  }

  /** Nothing of this window is waiting for the service: no run, save or edit, no slow lane. */
  get idle(): boolean { return this.activity === 'idle' && !this.slowLane; }

  async #slowLane(): Promise<void> {
    this.#slowCalls++;
    try {
      await this.#slowLaneCall();
    } finally {
      this.#slowCalls--;
      this.slowLane = this.#slowTimer !== undefined || this.#slowCalls > 0;
    }
  }

  async #slowLaneCall(): Promise<void> {
    if (!this.#sessionId || this.#sending || this.#queue.length > 0) return;
    const version = this.#version;
    try {
      const r = await this.#api.session.account({ sessionId: this.#sessionId, version });
      if (r.kind !== 'account' || r.version !== this.#version || this.#queue.length > 0 || !this.margin) return;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index, not state
      const byId = new Map<string, MethodOutcomeDto>(r.outcomes.map((o) => [o.methodId, o]));
      this.margin = {
        ...this.margin,
        outcomes: this.margin.outcomes.map((o) => {
          const next = byId.get(o.methodId) ?? o;
          return next.ok && next.methodId === r.methodId && r.account ? { ...next, result: { ...next.result, account: r.account } } : next;
        }),
      };
      this.pendingMethods = this.pendingMethods.filter((m) => !byId.has(m));
    } catch (e) {
      this.error = `account view: ${message(e)}`;
    }
  }

  /** Wait until every edit of this window has been answered (so `dirty` and `revision` are current). */
  settled(): Promise<void> {
    return this.#flush();
  }

  /** Wait until every queued batch has been answered. */
  async #flush(): Promise<void> {
    while (this.#sending || this.#queue.length > 0) await new Promise((ok) => setTimeout(ok, 5));
  }

  // ------------------------------------------------------------------ editing helpers

  /**
   * Apply one cell edit. Decimal fields must be decimal strings (the grid shows the reason and
   * keeps the old value otherwise). Returns the error message, or null when accepted.
   */
  async editPosition(rowId: string, field: EditableField, raw: string): Promise<string | null> {
    const p = this.portfolio;
    if (!p) return 'no portfolio open';
    const value = field === 'instrument' ? raw.trim().toUpperCase() : raw.trim();
    const current = rowById(p.positions, rowId);
    if (!current) return 'position not found';
    if ((current[field] ?? '') === value) return null;
    const problem = fieldProblem(field, value);
    if (problem) return (this.error = problem);
    const r = await this.applyPatch([{ op: 'set', id: rowId, field, value }], `edit ${field}`);
    return r.ok ? null : r.message;
  }

  /** Append a new row (a zero-size BTC perpetual to be edited) and return its id. */
  async addRow(): Promise<string | null> {
    const id = newRowId();
    const r = await this.applyPatch([{ op: 'add', rows: [{ id, instrument: 'BTC-PERPETUAL', size: '0' }] }], 'add row');
    return r.ok ? id : null;
  }

  /** Copy the given rows (new ids) right after the last of them. */
  async duplicateRows(ids: string[]): Promise<void> {
    const p = this.portfolio;
    if (!p || ids.length === 0) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const set = new Set(ids);
    const rows = p.positions.filter((row) => set.has(row.id));
    const last = p.positions.findLastIndex((row) => set.has(row.id));
    await this.applyPatch([{ op: 'add', index: last + 1, rows: rows.map((row) => ({ ...row, id: newRowId() })) }], rows.length === 1 ? 'duplicate row' : `duplicate ${rows.length} rows`);
  }

  /** Remove the given rows. */
  async deleteRows(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.applyPatch([{ op: 'delete', ids }], ids.length === 1 ? 'delete row' : `delete ${ids.length} rows`);
  }

  /** Append rows pasted from a spreadsheet or CSV; all-or-nothing, with every bad line named. */
  async pasteRows(text: string): Promise<string | null> {
    if (!this.portfolio) return 'no portfolio open';
    const parsed = parsePastedPositions(text);
    if (!parsed.ok) return (this.error = `paste refused: ${parsed.problems.slice(0, 5).join('; ')}`);
    const r = await this.applyPatch([{ op: 'add', rows: parsed.rows.map((row) => ({ id: newRowId(), ...row })) }], `paste ${parsed.rows.length} rows`);
    return r.ok ? null : r.message;
  }

  /** Add trades to the book as new rows (the what-if ticket's one-key add). */
  async addTrades(trades: TradeDto[]): Promise<PatchOutcome> {
    return this.applyPatch([{ op: 'add', rows: trades.map((t) => ({ id: newRowId(), instrument: t.instrument, size: t.size })) }], trades.length === 1 ? `add ${trades[0].instrument}` : `add ${trades.length} trades`);
  }

  async undo(): Promise<void> {
    if (!this.#sessionId) return;
    await this.#enqueue('undo', [], 'undo');
  }

  async redo(): Promise<void> {
    if (!this.#sessionId) return;
    await this.#enqueue('redo', [], 'redo');
  }

  /** Cut a revision of the pending edits (Ctrl+S), with an optional note. */
  async save(note?: string): Promise<PortfolioSummaryDto | null> {
    if (!this.#sessionId) return null;
    await this.#flush();
    this.activity = 'saving';
    try {
      const version = this.#version;
      const r = await this.#api.session.save({ sessionId: this.#sessionId, writer: this.#writer, ...(note ? { note } : {}) });
      this.lastSaved = r.revision;
      this.session = r.state;
      // The cut is one version step of the book as this window has it: follow it, or the next edit
      // is answered 'behind' (this window's follow poll is not woken by its own save). Anything
      // more (another window's edits, a reload) is left to the follow poll.
      if (r.state.version === version + 1 && this.#queue.length === 0 && !this.#sending) this.#version = r.state.version;
      this.portfolios = this.portfolios.map((s) => (s.id === r.revision.id ? r.revision : s));
      this.error = null;
      return r.revision;
    } catch (e) {
      this.error = `not saved: ${message(e)}`;
      return null;
    } finally {
      this.activity = 'idle';
    }
  }

  /** Reasons as one line (for status messages). */
  static describe(refusals: PatchRefusal[]): string {
    return refusals.map(describeRefusal).join('; ');
  }
}

function newRowId(): string {
  return crypto.randomUUID();
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The same rows in the same order with the same fields (the grid need not be reset). */
function samePositions(a: readonly PositionDto[], b: readonly PositionDto[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.id !== y.id || x.instrument !== y.instrument || x.size !== y.size || x.averagePrice !== y.averagePrice || x.note !== y.note) return false;
  }
  return true;
}
