/**
 * What the app service needs from the store and the margin engine, stated as interfaces so the
 * service is composed (main, web host, tests) rather than importing concrete singletons.
 */
import type { MarketSnapshotSummaryDto } from '../../shared/domain/dto/market.dto';
import type { HedgeCandidateDto, MarginResultDto, TradeDto, WhatIfMethodDto } from '../../shared/domain/dto/margin-result.dto';
import type { PortfolioDto, PortfolioSummaryDto } from '../../shared/domain/dto/portfolio.dto';
import type { MethodOutcomeDto } from '../../shared/domain/dto/margin-run.dto';
import type { MethodComparisonRowDto } from '../../shared/domain/dto/sweep.dto';
import type { MethodListEntry } from '../engine/margin/method-contract';
import type { ContributionColumns } from '../engine/margin/contribution-columns';
import type { MarginInput } from '../engine/margin/margin-input';

/** The portfolios the service and its working sessions read and cut revisions of. */
export interface PortfolioPort {
  list(): PortfolioSummaryDto[];
  get(id: string, revision?: number): PortfolioDto | undefined;
  save(dto: PortfolioDto, note?: string): PortfolioSummaryDto;
  /** Latest revision number of `id`, or undefined for a new portfolio. */
  headRevision(id: string): number | undefined;
}

/** The persistence the service uses (implemented by `electron/db`'s Store). */
export interface ServiceStore {
  portfolios: PortfolioPort;
  marketSnapshots: {
    list(): Omit<MarketSnapshotSummaryDto, 'asOf'>[];
    get(id: string, revision?: number): { id: string; name: string; revision: number; json: unknown } | undefined;
    save(name: string, json: unknown, note?: string): { id: string; revision: number };
  };
  parameterSets: {
    get(id: string, revision?: number): { id: string; name: string; revision: number; json: unknown } | undefined;
  };
}

/** Options of `MarginEngine.run`. */
export interface MarginRunOptions {
  account?: boolean;
  marginal?: boolean;
  params?: unknown;
  /**
   * Exact identity of the snapshot's content (e.g. `<market id>@<revision>`), letting an engine
   * reuse work across runs on the same market; without it the engine fingerprints the JSON.
   */
  snapshotKey?: string;
  /** Exact identity of `params` (e.g. `<parameter-set id>@<revision>`, or `default`). */
  paramsKey?: string;
  /**
   * Figures only: the result is `summarizeMarginResult` of the full one (no account view, no
   * per-position figures: `runColumns` gives empty columns); a session builds it without the
   * explanation that grows with the book.
   */
  summary?: boolean;
}

/** The margin engine as the service sees it: a table of methods and one entry point. */
export interface MarginEngine {
  methods(): MethodListEntry[];
  /**
   * Run one method; throws an input error (named class) when the book or market is unusable.
   * `account` adds the account view (root searches: the costly part), `marginal` each position's
   * marginal margin; both default to true.
   */
  run(methodId: string, portfolio: PortfolioDto, snapshotJson: unknown, options?: MarginRunOptions): MarginResultDto;
  /**
   * As `run`, with the per-position figures as columns (`contributions` left empty): what the
   * working session diffs after each edit, formatting only the rows whose figures moved.
   */
  runColumns(methodId: string, portfolio: PortfolioDto, snapshotJson: unknown, options?: MarginRunOptions): { result: MarginResultDto; columns: ContributionColumns };
  /**
   * The parse of `portfolio` an incremental session already holds, when `portfolio` is the very
   * book (arrays by identity) it last ran: what `parseMarginInput(portfolio)` gives, made once.
   * Undefined when none holds it (the caller parses). Optional: test doubles may leave it out.
   */
  parsedBook?(portfolio: PortfolioDto): MarginInput | undefined;
  /** Incremental IM/MM of `trades` (together) under each method, without changing the book. */
  whatIf(methodIds: string[], portfolio: PortfolioDto, snapshotJson: unknown, trades: TradeDto[], params?: Record<string, unknown>): WhatIfMethodDto[];
  /** Every candidate scored by the IM change it causes under `methodId`, best first. */
  hedge(methodId: string, portfolio: PortfolioDto, snapshotJson: unknown, candidates: TradeDto[], params?: Record<string, unknown>): HedgeCandidateDto[];
  /** The methods' outcomes side by side (USD IM/MM, binding add-on, saving against the standard method), in their order. */
  compare(outcomes: readonly MethodOutcomeDto[]): MethodComparisonRowDto[];
}
