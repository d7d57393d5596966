/**
 * Workspace state: the open portfolio, the chosen market snapshot, and the latest margin run.
 * Every accepted edit is saved as a new revision and re-runs every method; stale runs are dropped.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { AppInfoDto } from '../../../../shared/ipc/contract';
import type { MarketSnapshotSummaryDto } from '../../../../shared/domain/dto/market.dto';
import type { MarginRunResponseDto } from '../../../../shared/domain/dto/margin-run.dto';
import type { PositionContributionDto } from '../../../../shared/domain/dto/margin-result.dto';
import type { DocumentSummaryDto } from '../../../../shared/domain/dto/storage.dto';
import type { PortfolioDto, PortfolioSummaryDto, PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { isDecimalString } from '../../../../shared/domain/decimal-string';
import { parsePastedPositions } from '../portfolio/paste-positions';

/** Editable position fields. */
export type EditableField = 'instrument' | 'size' | 'averagePrice' | 'note';

/** What the status bar shows. */
export type Activity = 'idle' | 'loading' | 'saving' | 'running';

export class WorkspaceState {
  info = $state.raw<AppInfoDto | null>(null);
  portfolios = $state.raw<PortfolioSummaryDto[]>([]);
  markets = $state.raw<MarketSnapshotSummaryDto[]>([]);
  /** The open book: immutable, replaced whole on every change (so it is sent as is, never proxied or cloned). */
  portfolio = $state.raw<PortfolioDto | null>(null);
  marketId = $state('');
  margin = $state.raw<MarginRunResponseDto | null>(null);
  activity = $state<Activity>('idle');
  error = $state<string | null>(null);
  lastSaved = $state.raw<PortfolioSummaryDto | null>(null);
  /** Latest revision of the open book as this window knows it (saves are refused if another window saved since). */
  revision = $state<number | undefined>(undefined);
  /** Stored parameter sets (Deribit `model_params` documents and the like). */
  parameterSetList = $state.raw<DocumentSummaryDto[]>([]);
  /** The parameter set applied to the Deribit-style PM methods ('' = the documented default). */
  pmParameterSetId = $state('');

  /** Parameter set per method id for run / what-if requests. */
  readonly parameterSets = $derived(
    this.pmParameterSetId ? { 'deribit-pm': this.pmParameterSetId, 'deribit-pm-cross': this.pmParameterSetId } : undefined,
  );

  /** Method ids run on every change (all the engine offers). */
  readonly methodIds = $derived(this.info?.methods.map((m) => m.id) ?? []);
  /** The method whose explanation is shown (and whose contributions fill the grid). */
  detailMethod = $state('deribit-pm');
  /** The explained result of `detailMethod` in the latest run, if it ran. */
  readonly detail = $derived.by(() => {
    const o = this.margin?.outcomes.find((x) => x.methodId === this.detailMethod);
    return o && o.ok ? o.result : null;
  });
  /** Per position id: its contribution under `detailMethod`. */
  readonly contributions = $derived.by(() => {
    const entries = Object.values(this.detail?.byCurrency ?? {}).flatMap((c) => c.contributions.map((p) => [p.positionId, p] as const));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt whole by $derived, never mutated
    return new Map<string, PositionContributionDto>(entries);
  });

  #api: AppApi;
  #runSeq = 0;
  #undo = $state.raw<PortfolioDto[]>([]);
  #redo = $state.raw<PortfolioDto[]>([]);

  readonly canUndo = $derived(this.#undo.length > 0);
  readonly canRedo = $derived(this.#redo.length > 0);

  constructor(api: AppApi) {
    this.#api = api;
  }

  /** Load host info, lists, the first portfolio and snapshot, and run margin. */
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
      if (portfolios[0]) {
        this.portfolio = await this.#api.portfolio.get({ id: portfolios[0].id });
        this.revision = portfolios[0].revision;
      }
      this.error = null;
    } catch (e) {
      this.error = message(e);
    } finally {
      this.activity = 'idle';
    }
    await this.run();
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

  async selectPortfolio(id: string): Promise<void> {
    this.#undo = [];
    this.#redo = [];
    const [portfolio, list] = await Promise.all([this.#api.portfolio.get({ id }), this.#api.portfolio.list()]);
    this.portfolio = portfolio;
    this.portfolios = list;
    this.revision = list.find((p) => p.id === id)?.revision;
    await this.run();
  }

  /** Show `methodId` in detail; re-run when its result is figures only or lacks the account view. */
  async showMethod(methodId: string): Promise<void> {
    this.detailMethod = methodId;
    if (this.detail && (this.detail.summary || !this.detail.account)) await this.run();
  }

  /** Apply a stored parameter set to the PM methods ('' for the default) and re-run. */
  async selectParameterSet(id: string): Promise<void> {
    this.pmParameterSetId = id;
    await this.run();
  }

  async selectMarket(id: string): Promise<void> {
    this.marketId = id;
    await this.run();
  }

  /**
   * Apply one cell edit. Decimal fields must be decimal strings (the grid shows the reason and
   * keeps the old value otherwise). Returns the error message, or null when accepted.
   */
  async editPosition(rowId: string, field: EditableField, raw: string): Promise<string | null> {
    const p = this.portfolio;
    if (!p) return 'no portfolio open';
    const value = raw.trim();
    const current = p.positions.find((row) => row.id === rowId);
    if (!current) return 'position not found';
    if ((current[field] ?? '') === value) return null; // no change (also the grid's own revert): nothing to save
    if ((field === 'size' || (field === 'averagePrice' && value !== '')) && !isDecimalString(value)) {
      const msg = `${field} must be a decimal number such as -10 or 0.25 (got "${raw}")`;
      this.error = msg;
      return msg;
    }
    if (field === 'instrument' && value === '') return (this.error = 'instrument must not be empty');
    const positions = p.positions.map((row): PositionDto => {
      if (row.id !== rowId) return row;
      const next: PositionDto = { ...row };
      if (field === 'averagePrice' || field === 'note') {
        if (value === '') delete next[field];
        else next[field] = value;
      } else next[field] = field === 'instrument' ? value.toUpperCase() : value;
      return next;
    });
    return (await this.#change({ ...p, positions })) ? null : this.error;
  }

  /** Append a new row (a zero-size BTC perpetual to be edited) and return its id. */
  async addRow(): Promise<string | null> {
    const p = this.portfolio;
    if (!p) return null;
    const id = newRowId();
    await this.#change({ ...p, positions: [...p.positions, { id, instrument: 'BTC-PERPETUAL', size: '0' }] });
    return id;
  }

  /** Copy the given rows (new ids) right after the last of them. */
  async duplicateRows(ids: string[]): Promise<void> {
    const p = this.portfolio;
    if (!p || ids.length === 0) return;
    const copies = p.positions.filter((row) => ids.includes(row.id)).map((row) => ({ ...row, id: newRowId() }));
    await this.#change({ ...p, positions: [...p.positions, ...copies] });
  }

  /** Remove the given rows. */
  async deleteRows(ids: string[]): Promise<void> {
    const p = this.portfolio;
    if (!p || ids.length === 0) return;
    await this.#change({ ...p, positions: p.positions.filter((row) => !ids.includes(row.id)) });
  }

  /** Append rows pasted from a spreadsheet or CSV; all-or-nothing, with every bad line named. */
  async pasteRows(text: string): Promise<string | null> {
    const p = this.portfolio;
    if (!p) return 'no portfolio open';
    const parsed = parsePastedPositions(text);
    if (!parsed.ok) return (this.error = `paste refused: ${parsed.problems.slice(0, 5).join('; ')}`);
    const ok = await this.#change({ ...p, positions: [...p.positions, ...parsed.rows.map((r) => ({ id: newRowId(), ...r }))] });
    return ok ? null : this.error;
  }

  /** Undo the last change (saved as a new revision, so history keeps both). */
  async undo(): Promise<void> {
    const prev = this.#undo.at(-1);
    if (!prev || !this.portfolio) return;
    this.#undo = this.#undo.slice(0, -1);
    this.#redo = [...this.#redo, this.portfolio];
    await this.#saveAndRun(prev);
  }

  /** Redo the last undone change. */
  async redo(): Promise<void> {
    const next = this.#redo.at(-1);
    if (!next || !this.portfolio) return;
    this.#redo = this.#redo.slice(0, -1);
    this.#undo = [...this.#undo, this.portfolio];
    await this.#saveAndRun(next);
  }

  async #change(next: PortfolioDto): Promise<boolean> {
    const before = this.portfolio;
    if (!(await this.#saveAndRun(next))) return false;
    if (before) this.#undo = [...this.#undo.slice(-99), before];
    this.#redo = [];
    return true;
  }

  /**
   * Save `next` as a new revision and re-run; a refused save puts the book back as it was (and
   * re-runs it). The margin of `next` is requested together with the save, not after it: the
   * service answers in order, and on a large book the two uploads overlap instead of queueing.
   */
  async #saveAndRun(next: PortfolioDto): Promise<boolean> {
    const previous = this.portfolio;
    this.portfolio = next;
    this.activity = 'saving';
    const save = this.#api.portfolio.save({ portfolio: next, ...(this.revision !== undefined ? { baseRevision: this.revision } : {}) });
    const running = this.run();
    try {
      this.lastSaved = await save;
      this.revision = this.lastSaved.revision;
      this.portfolios = this.portfolios.map((s) => (s.id === next.id ? this.lastSaved! : s));
      this.error = null;
    } catch (e) {
      this.portfolio = previous;
      this.error = `not saved: ${message(e)}`;
      void this.run();
      return false;
    } finally {
      if (this.activity === 'saving') this.activity = 'idle';
    }
    await running;
    return true;
  }

  /** Run every method on the current book; results of superseded runs are ignored. */
  async run(): Promise<void> {
    const p = this.portfolio;
    if (!p || !this.marketId || this.methodIds.length === 0) return;
    const seq = ++this.#runSeq;
    this.activity = 'running';
    try {
      const res = await this.#api.margin.run({ portfolio: p, marketId: this.marketId, methods: this.methodIds, accountFor: this.detailMethod, detailFor: this.detailMethod, parameterSets: this.parameterSets });
      if (seq === this.#runSeq) this.margin = res;
    } catch (e) {
      if (seq === this.#runSeq) this.error = `margin run failed: ${message(e)}`;
    } finally {
      if (seq === this.#runSeq) this.activity = 'idle';
    }
  }
}

function newRowId(): string {
  return crypto.randomUUID();
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
