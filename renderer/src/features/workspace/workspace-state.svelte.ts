/**
 * Workspace state: the open portfolio, the chosen market snapshot, and the latest margin run.
 * Every accepted edit is saved as a new revision and re-runs every method; stale runs are dropped.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { AppInfoDto } from '../../../../shared/ipc/contract';
import type { MarketSnapshotSummaryDto } from '../../../../shared/domain/dto/market.dto';
import type { MarginRunResponseDto } from '../../../../shared/domain/dto/margin-run.dto';
import type { PortfolioDto, PortfolioSummaryDto, PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { isDecimalString } from '../../../../shared/domain/decimal-string';

/** Editable position fields. */
export type EditableField = 'instrument' | 'size' | 'averagePrice' | 'note';

/** What the status bar shows. */
export type Activity = 'idle' | 'loading' | 'saving' | 'running';

export class WorkspaceState {
  info = $state.raw<AppInfoDto | null>(null);
  portfolios = $state.raw<PortfolioSummaryDto[]>([]);
  markets = $state.raw<MarketSnapshotSummaryDto[]>([]);
  portfolio = $state.raw<PortfolioDto | null>(null);
  marketId = $state('');
  margin = $state.raw<MarginRunResponseDto | null>(null);
  activity = $state<Activity>('idle');
  error = $state<string | null>(null);
  lastSaved = $state.raw<PortfolioSummaryDto | null>(null);

  /** Method ids run on every change (all the engine offers). */
  readonly methodIds = $derived(this.info?.methods.map((m) => m.id) ?? []);

  #api: AppApi;
  #runSeq = 0;

  constructor(api: AppApi) {
    this.#api = api;
  }

  /** Load host info, lists, the first portfolio and snapshot, and run margin. */
  async load(): Promise<void> {
    this.activity = 'loading';
    try {
      const [info, portfolios, markets] = await Promise.all([this.#api.app.info(), this.#api.portfolio.list(), this.#api.market.list()]);
      this.info = info;
      this.portfolios = portfolios;
      this.markets = markets;
      this.marketId = markets[0]?.id ?? '';
      if (portfolios[0]) this.portfolio = await this.#api.portfolio.get({ id: portfolios[0].id });
      this.error = null;
    } catch (e) {
      this.error = message(e);
    } finally {
      this.activity = 'idle';
    }
    await this.run();
  }

  async selectPortfolio(id: string): Promise<void> {
    this.portfolio = await this.#api.portfolio.get({ id });
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
    await this.#saveAndRun({ ...p, positions });
    return null;
  }

  async #saveAndRun(next: PortfolioDto): Promise<void> {
    this.portfolio = next;
    this.activity = 'saving';
    try {
      this.lastSaved = await this.#api.portfolio.save({ portfolio: next });
      this.portfolios = this.portfolios.map((s) => (s.id === next.id ? this.lastSaved! : s));
      this.error = null;
    } catch (e) {
      this.error = `not saved: ${message(e)}`;
    } finally {
      this.activity = 'idle';
    }
    await this.run();
  }

  /** Run every method on the current book; results of superseded runs are ignored. */
  async run(): Promise<void> {
    const p = this.portfolio;
    if (!p || !this.marketId || this.methodIds.length === 0) return;
    const seq = ++this.#runSeq;
    this.activity = 'running';
    try {
      const res = await this.#api.margin.run({ portfolio: $state.snapshot(p), marketId: this.marketId, methods: this.methodIds });
      if (seq === this.#runSeq) this.margin = res;
    } catch (e) {
      if (seq === this.#runSeq) this.error = `margin run failed: ${message(e)}`;
    } finally {
      if (seq === this.#runSeq) this.activity = 'idle';
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
