/**
 * Market editor state (issue 13 §3): the snapshot being edited as a {@link MarketDraft}, the
 * selected underlying and expiry, and the arbitrage warnings of the draft. Every accepted edit
 * first asks for the detail method's margin as a delta (`market:draft-margin`: the service keeps
 * the draft priced and re-prices only the instruments the edit changed), shown at once as
 * `draftFigures`; once the edits pause ({@link SYNC_PAUSE_MS}) the draft is pushed into the open
 * working session (`market:preview`), so the grid and every panel run on the edited snapshot too.
 * Both are coalesced (one in flight, the latest draft next). Nothing is stored until `save`, which writes the draft as a new revision of the snapshot
 * (`document:import`) and points the session at it. `discard` returns the session to the stored
 * revision.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { ArbitrageWarningDto, DraftMarginDto } from '../../../../shared/domain/dto/market-editor.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { draftOf, draftText, DraftError, setForward, setIndex, setVol, shiftExpiry, volExpiries, volFromPercent, type MarketDraft } from './market-draft';

/**
 * Edits pausing this long (ms) push the draft into the working session (the grid follows). Long
 * enough that typing through cells does not queue a whole-session re-run (~1 s on 20k rows, one
 * service thread) in front of the next edit's delta.
 */
export const SYNC_PAUSE_MS = 2000;

/** A new id for the service's draft state (one per loaded draft). */
const newDraftId = (): string => `draft-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export class MarketEditorState {
  /** The stored revision the draft started from (null before loading). */
  base = $state.raw<MarketDraft | null>(null);
  baseRevision = $state(0);
  draft = $state.raw<MarketDraft | null>(null);
  marketId = $state('');
  underlying = $state('');
  expiry = $state('');
  warnings = $state.raw<ArbitrageWarningDto[]>([]);
  /** The draft differs from the stored revision (loaded from a file, or edited). */
  edited = $state(false);
  /** Where the draft came from when not the stored revision ("file.json"). */
  source = $state<string | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  /**
   * The detail method's figures on the current draft from `market:draft-margin`, while the
   * working session has not yet taken the draft (null once it has: the session's figures are
   * the same numbers, and follow grid edits).
   */
  draftFigures = $state.raw<DraftMarginDto | null>(null);

  readonly underlyings = $derived(this.draft ? Object.keys(this.draft.underlyings).sort() : []);
  readonly expiries = $derived(this.draft && this.underlying ? volExpiries(this.draft, this.underlying) : []);

  #api: AppApi;
  #ws: WorkspaceState;
  #inFlight: Promise<void> | null = null;
  #next: MarketDraft | null = null;
  #draftId = newDraftId();
  #marginInFlight: Promise<void> | null = null;
  #marginNext: MarketDraft | null = null;
  #syncTimer: ReturnType<typeof setTimeout> | undefined;
  /** The draft the session last took (its figures are then the session's). */
  #synced: MarketDraft | null = null;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.#api = api;
    this.#ws = ws;
  }

  /** Load the stored head revision of `marketId` (default: the session's market). */
  async load(marketId = this.#ws.marketId): Promise<void> {
    if (!marketId) return;
    this.busy = true;
    try {
      const rec = await this.#api.market.get({ id: marketId });
      const d = draftOf(rec.snapshot);
      this.marketId = rec.id;
      this.baseRevision = rec.revision;
      this.base = d;
      this.source = null;
      this.#newDraft();
      this.#setDraft(d, false);
      this.warnings = (await this.#api.marketEditor.check({ snapshotText: draftText(d) })).warnings;
      this.#warm(d);
      this.error = null;
    } catch (e) {
      this.error = message(e);
    } finally {
      this.busy = false;
    }
  }

  #setDraft(d: MarketDraft, edited: boolean): void {
    this.draft = d;
    this.edited = edited;
    if (!d.underlyings[this.underlying]) this.underlying = Object.keys(d.underlyings).sort()[0] ?? '';
    const ex = volExpiries(d, this.underlying);
    if (!ex.includes(this.expiry)) this.expiry = ex[0] ?? '';
  }

  selectUnderlying(u: string): void {
    this.underlying = u;
    if (this.draft) this.expiry = volExpiries(this.draft, u)[0] ?? '';
  }

  /** Apply `edit` to the draft; a refusal is shown (naming the item) and changes nothing. Returns whether it applied. */
  #edit(edit: (d: MarketDraft) => MarketDraft): boolean {
    if (!this.draft) return false;
    let next: MarketDraft;
    try {
      next = edit(this.draft);
    } catch (e) {
      if (e instanceof DraftError) { this.error = e.message; return false; }
      throw e;
    }
    this.error = null;
    this.#setDraft(next, true);
    void this.#margin(next);
    this.#scheduleSync();
    return true;
  }

  /** Forget the service's draft state and any figures of it (a new draft starts). */
  #newDraft(): void {
    this.#draftId = newDraftId();
    this.draftFigures = null;
    this.#marginNext = null;
    if (this.#syncTimer !== undefined) clearTimeout(this.#syncTimer);
    this.#syncTimer = undefined;
  }

  /**
   * Price the stored revision as the draft's first state in the service (its answer is not shown:
   * the session's figures are the same), so the first edit is already a delta.
   */
  #warm(d: MarketDraft): void {
    const sessionId = this.#ws.portfolio?.id;
    if (!sessionId || this.#marginInFlight) return;
    const draftId = this.#draftId;
    this.#marginInFlight = this.#api.marketEditor.draftMargin({ sessionId, draftId, snapshotText: draftText(d) })
      .then(() => undefined, () => undefined) // a refusal shows on the first edit
      .finally(() => { this.#marginInFlight = null; if (this.#marginNext) void this.#margin(this.#marginNext); });
  }

  /** Push the draft into the session once the edits pause. */
  #scheduleSync(): void {
    if (this.#syncTimer !== undefined) clearTimeout(this.#syncTimer);
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined;
      if (this.draft) void this.#push(this.draft);
    }, SYNC_PAUSE_MS);
  }

  /** The draft's margin as a delta; while one is in flight only the latest waiting draft follows. */
  #margin(d: MarketDraft): Promise<void> {
    this.#marginNext = d;
    if (this.#marginInFlight) return this.#marginInFlight;
    const run = async (): Promise<void> => {
      while (this.#marginNext) {
        const send = this.#marginNext;
        this.#marginNext = null;
        const sessionId = this.#ws.portfolio?.id; // sessions are keyed by portfolio id
        if (!sessionId) break;
        const draftId = this.#draftId;
        try {
          const r = await this.#api.marketEditor.draftMargin({ sessionId, draftId, snapshotText: draftText(send) });
          if (this.#marginNext === null && this.draft === send && draftId === this.#draftId && this.#synced !== send) {
            this.draftFigures = r;
            this.warnings = r.warnings;
          }
        } catch (e) {
          this.error = `margin not re-run on the edit: ${message(e)}`;
        }
      }
      this.#marginInFlight = null;
    };
    this.#marginInFlight = run();
    return this.#marginInFlight;
  }

  /** Set a vol typed in percent (62.5). */
  editVol(expiry: string, strike: string, percent: string): boolean {
    const u = this.underlying;
    return this.#edit((d) => setVol(d, u, expiry, strike, volFromPercent(percent, `${u} ${expiry} strike ${strike} vol`)));
  }

  editIndex(price: string): boolean {
    const u = this.underlying;
    return this.#edit((d) => setIndex(d, u, price));
  }

  editForward(expiry: string, price: string): boolean {
    const u = this.underlying;
    return this.#edit((d) => setForward(d, u, expiry, price));
  }

  /** Shift the selected expiry: parallel vol points and/or skew vol points per 0.1 of log-moneyness. */
  shift(shift: { parallelPts?: string; skewPts?: string }): boolean {
    const u = this.underlying, e = this.expiry;
    return this.#edit((d) => shiftExpiry(d, u, e, shift));
  }

  /** Read a market file (snapshot JSON or a saved Deribit book summary) into the draft, unsaved. */
  async loadFile(file: File): Promise<void> {
    this.busy = true;
    try {
      const r = await this.#api.marketEditor.parseFile({ text: await file.text() });
      const d = draftOf(JSON.parse(r.snapshotText));
      this.source = file.name;
      this.error = null;
      this.#newDraft();
      this.#setDraft(d, true);
      await this.#push(d);
    } catch (e) {
      this.error = `${file.name}: ${message(e)}`;
    } finally {
      this.busy = false;
    }
  }

  /** Push `d` into the session; while one push is in flight only the latest waiting draft follows. */
  #push(d: MarketDraft): Promise<void> {
    this.#next = d;
    if (this.#inFlight) return this.#inFlight;
    const run = async (): Promise<void> => {
      while (this.#next) {
        const send = this.#next;
        this.#next = null;
        try {
          const w = await this.#ws.previewMarket(this.marketId, draftText(send));
          this.#synced = send;
          if (this.#next === null) {
            this.warnings = w;
            // The session runs on this draft now: its figures are the draft's (and follow grid edits).
            if (this.draft === send && this.#syncTimer === undefined) this.draftFigures = null;
          }
        } catch (e) {
          this.error = `margin not re-run on the edit: ${message(e)}`;
        }
      }
      this.#inFlight = null;
    };
    this.#inFlight = run();
    return this.#inFlight;
  }

  /** Wait until every edit has reached the session (tests and save): a sync waiting for the pause is sent now. */
  async settled(): Promise<void> {
    if (this.#syncTimer !== undefined) {
      clearTimeout(this.#syncTimer);
      this.#syncTimer = undefined;
      if (this.draft) void this.#push(this.draft);
    }
    await this.#marginInFlight;
    await this.#inFlight;
  }

  /** Save the draft as a new revision of the snapshot; the session then runs on that revision. */
  async save(note?: string): Promise<number | null> {
    if (!this.draft || !this.marketId) return null;
    this.busy = true;
    try {
      await this.settled();
      const r = await this.#api.storage.documentImport({ kind: 'market', id: this.marketId, text: draftText(this.draft), ...(note ? { note } : {}) });
      if (r.status !== 'written' || !r.document) {
        this.error = `not saved: ${r.issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ') || r.status}`;
        return null;
      }
      const revision = r.document.revision;
      await this.#ws.selectMarket(this.marketId);
      await this.#ws.refreshLists();
      await this.load(this.marketId);
      this.notice = `saved revision ${revision}${note ? ` (“${note}”)` : ''}`;
      return revision;
    } catch (e) {
      this.error = `not saved: ${message(e)}`;
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Drop the draft: back to the stored revision, in the editor and in the session. */
  async discard(): Promise<void> {
    await this.settled();
    await this.#ws.selectMarket(this.marketId);
    await this.load(this.marketId);
    this.notice = null;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
