/**
 * The contract every margin method implements, so that the registry, the service, the CLI and
 * the renderer gain a method by its folder (`methods/<id>/`) and one registry line, never by
 * naming its id. A method owns its parameters (parsed and range-checked, every bad field reported
 * at once as one `ParamsError`), its scenarios, its aggregation into IM/MM with named add-ons
 * (`CurrencyMarginResultDto.addOns`, summing exactly to IM) and its explanation (the
 * `MarginResultDto` breakdown).
 */
import type { Dec } from '../money';
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import type { MarginInput, MarginPosition } from './margin-input';
import type { MarginInstrument } from './margin-instrument';
import type { NumericParam } from './numeric-params';
import type { MethodParamsDto } from '../../../shared/ipc/method-params';

/** What every method run receives. `params` is the raw parameter set (the method parses it). */
export interface MethodRunInput {
  input: MarginInput;
  market: MarketView;
  params?: unknown;
  /** Include the account view (root searches; default true). */
  account: boolean;
  /** Include per-position marginal margin (default true). */
  marginal: boolean;
  /**
   * Figures only (result-summary.ts): the caller keeps only `summarizeMarginResult` of the
   * result, so a method may return that summary directly, without building its explanation
   * (`account` and `marginal` are then of no use). Methods that ignore it return the full result
   * and the caller summarizes it.
   */
  summary?: boolean;
}

/** IM/MM per settlement currency with the USD rate the method converts at. */
export type MarginFigures = Map<string, { im: Dec; mm: Dec; rate: number }>;

/**
 * An incremental calculator over one book (what-if, sensitivity, hedge search): positions are
 * set and removed in place and `figures` re-computes only what changed. Figures equal a fresh
 * run's on the same book.
 */
export interface MethodCalculator {
  setPosition(id: string, inst: MarginInstrument, size: Dec): void;
  removePosition(id: string): void;
  figures(): MarginFigures;
}

/**
 * An incremental run of one method over one book at one market and parameter set (the service's
 * session cache, `electron/service/method-session.ts`): positions are set and removed in place
 * (a size edit re-sums one row, a new instrument prices one instrument) and `result` returns
 * exactly what `run` returns for `input` — the book as it now is, in order — deep-equal JSON.
 * Where the kept state cannot be proved to be what a fresh build of `input` makes, `result`
 * builds afresh. Errors are those of `run` (a session that threw is dropped by its caller).
 */
export interface MethodSession {
  set(pos: MarginPosition): void;
  remove(id: string): void;
  /** With `summary`, the result may be the figures-only one (`MethodRunInput.summary`): the caller summarizes what it gets. */
  result(req: { input: MarginInput; account: boolean; marginal: boolean; summary?: boolean }): MarginResultDto;
}

/** How a method sits beside the others (the renderer's side-by-side table). */
export type MethodRole = 'portfolio' | 'standard' | 'placeholder';

/** One margin method. */
export interface MarginMethod {
  id: string;
  label: string;
  version: string;
  role: MethodRole;
  /** The standard method this portfolio method's saving is measured against (its id), if any. */
  savingAgainst?: string;
  /** Parse and range-check a parameter set (undefined: the versioned defaults); throws `ParamsError` listing every bad field. */
  parseParams(json?: unknown): unknown;
  /**
   * Every numeric parameter of the method's parameter set with the bound its parser applies (the
   * sweep varies any of them; the bound fuzz walks each bound). Empty for a method without any.
   */
  numericParams: readonly NumericParam[];
  /** Where the default parameter values come from (document, version), shown beside each parameter. */
  paramsSource: string;
  /** Decimal places of the USD figures a run with `json` produces (what-if rounds the same way). */
  usdDecimals(json?: unknown): number;
  /** Run the method: scenarios → aggregation → explained result. */
  run(req: MethodRunInput): MarginResultDto;
  /**
   * Optional: a runner of the method over one book at many parameter sets (the sweep), sharing
   * what the sets have in common (rows, sizes, group vectors). Each call returns what `run` with
   * `account: false, marginal: false` returns, without the per-position contributions, or its
   * summary (result-summary.ts: all a sweep point reads); methods without one are run afresh per
   * set (their priced scenarios still reused, scenario-reuse.ts). `sets`: the parameter sets the
   * runner will be called with, in order (the same objects), so it may price what they share
   * together up front; it must still answer any set.
   */
  sweeper?(market: MarketView, input: MarginInput, sets?: readonly unknown[]): (json: unknown) => MarginResultDto;
  /** An incremental calculator for `input` (methods without one are re-run fresh by what-if). */
  calculator?(market: MarketView, json: unknown, input: MarginInput): MethodCalculator;
  /** Optional: an incremental session (methods without one are run fresh by the service). Throws `ParamsError` on bad parameters. */
  session?(market: MarketView, json: unknown): MethodSession;
}

/** What the method list gives the service and the renderer (`app:info`). */
export interface MethodListEntry { id: string; label: string; role: MethodRole; savingAgainst?: string; parameters: MethodParamsDto }
