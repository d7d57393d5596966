/**
 * Analysis channels of the IPC contract (issue 13, "see the risk"): one scenario's P&L per
 * position and per underlying, the margin heatmap (every method re-run with spot and vol shifted),
 * the payoff curves (P&L against one underlying's price at several dates) and the parameter sweep
 * (issue 10 §3: margin per value of one numeric parameter, for every method that has it). Merged into
 * `InvokeContract` (contract.ts), the request schemas (schemas.ts) and `AppApi` (api.ts); served by
 * `electron/service/analysis/analysis-service.ts` in the service worker.
 */
import * as v from 'valibot';
import type { DecimalString } from '../domain/decimal-string';
import type { PortfolioDto } from '../domain/dto/portfolio.dto';
import { MAX_SWEEP_STEPS, type SweepResultDto } from '../domain/dto/sweep.dto';
import { Decimal, Id, Methods, MethodId, ParameterSets, PortfolioSchema } from './common-schemas';

/** Most cells of one margin heatmap (each cell is a full re-run of every requested method). */
export const MAX_HEATMAP_CELLS = 121;
/** Most points of one payoff curve, and most curves (dates) of one request. */
export const MAX_PAYOFF_POINTS = 1000;
export const MAX_PAYOFF_DATES = 12;
/** Most expiry curves of one payoff request (the nearest first; `expiries: true` draws up to this many). */
export const PAYOFF_MAX_EXPIRIES = 6;

/**
 * The book of a scenario P&L, heatmap or payoff request: the portfolio itself, or `book`, the
 * handle of one the service answered for before (the answers' `book`), so that repeated requests
 * on an unchanged book (the heatmap's rows, the payoff's second request, a redraw, cell clicks) do
 * not carry, parse and validate the 20,000 rows again; or `session`, the book of an open working
 * session at a version (the service owns the open book, issue 9: after an edit the renderer names
 * the version it shows instead of sending the rows again). Exactly one of the three. A handle the
 * service no longer holds (it keeps the last few books; a restarted worker none), or a session
 * that is closed or has moved past that version, is refused as not found (`BOOK_HANDLE_GONE` in
 * the message): send the portfolio.
 */
export interface AnalysisBookRef {
  portfolio?: PortfolioDto;
  book?: string;
  session?: AnalysisSessionRef;
}

/** An open working session's book at `version` (`session:*` channels' `sessionId` and version). */
export interface AnalysisSessionRef { sessionId: string; version: number }

/** Marks the not-found refusal of a handle the service no longer holds. */
export const BOOK_HANDLE_GONE = 'book handle not held';

/** The P&L of one scenario of a method's own grid, or of the reason the method has none. */
export interface ScenarioPnlRequestDto extends AnalysisBookRef {
  marketId: string;
  methodId: string;
  /** A scenario id of the method's vector (`std-3-up`, `ext-1`, …, as in `ScenarioEntryDto.id`). */
  scenarioId: string;
  parameterSets?: Record<string, string>;
}

/** One position's P&L in the scenario (before the aggregate adjustments of the group). */
export interface ScenarioPositionPnlDto {
  positionId: string;
  instrument: string;
  underlying: string;
  /** The group (`<currency>_<underlying>`) the P&L is counted in. */
  group: string;
  /** Currency of `pnl` (the group's valuation currency: settlement, or USD under a cross method). */
  currency: string;
  pnl: DecimalString;
}

/** One scenario's P&L per position (sorted worst first) and per group. */
export interface ScenarioPnlDto {
  methodId: string;
  scenarioId: string;
  label: string;
  positions: ScenarioPositionPnlDto[];
  /** Σ position P&L per group: equals the group vector's `preAggregated` entry. */
  groups: { group: string; underlying: string; currency: string; pnl: DecimalString }[];
  /** Handle of the book in the service (`AnalysisBookRef.book`). */
  book: string;
}

/** Every requested method re-run on the snapshot with spot and vol shifted to each cell. */
export interface MarginHeatmapRequestDto extends AnalysisBookRef {
  marketId: string;
  methods: string[];
  /** Relative moves of index and forwards (0.1 = +10 %), the columns. */
  moves: number[];
  /** Absolute vol shifts in vol points as decimals (0.1 = +10 vols), the rows. */
  volShifts: number[];
  /** Only this underlying is shifted (default: every underlying of the snapshot). */
  underlying?: string;
  parameterSets?: Record<string, string>;
}

/** One cell of the margin heatmap: IM/MM in USD per method, or its error there. */
export interface MarginHeatmapCellDto {
  move: number;
  volShift: number;
  methods: ({ methodId: string; ok: true; initialMarginUsd: DecimalString; maintenanceMarginUsd: DecimalString } | { methodId: string; ok: false; error: string })[];
}

/** Response of `analysis:margin-heatmap`: cells row-major (vol shift, then move). */
export interface MarginHeatmapDto {
  moves: number[];
  volShifts: number[];
  cells: MarginHeatmapCellDto[];
  /** Wall time of the whole computation in the service (ms). */
  elapsedMs: number;
  /** Handle of the book in the service (`AnalysisBookRef.book`). */
  book: string;
}

/** P&L of the book against one underlying's price at several valuation dates. */
export interface PayoffRequestDto extends AnalysisBookRef {
  marketId: string;
  underlying: string;
  /** Price range as relative moves of the index (−0.5 … +0.5 = ±50 %). */
  lowerMove: number;
  upperMove: number;
  points: number;
  /** Today's curve (default true; false: only the later dates, for a caller that has today's). */
  today?: boolean;
  /** Add a curve at each expiry of this underlying's options and futures in the book (default true). */
  expiries?: boolean;
  /**
   * With `expiries`, only the nearest `nextExpiries` of them (0 … `PAYOFF_MAX_EXPIRIES`; default
   * all, up to that many): the payoff view's "expiries: next 3" choice.
   */
  nextExpiries?: number;
  /** Extra valuation dates (ISO-8601 UTC), e.g. a custom horizon. */
  dates?: string[];
  /**
   * How the other underlyings move: their relative move is `othersBeta` × this one's
   * (0 = held at today's index, 1 = moved alike; a correlation scenario).
   */
  othersBeta?: number;
}

/** Starts the refusal of a payoff request left with no date (`today: false`, no expiry ahead, no `dates`). */
export const PAYOFF_NO_DATE = 'no valuation date';

/** One payoff curve (one valuation date). */
export interface PayoffCurveDto {
  label: string;
  /** Valuation time (ISO-8601 UTC). */
  at: string;
  days: number;
  /** P&L in USD against today's marks, one per price (legs expired by `at` settle at intrinsic). */
  pnlUsd: number[];
}

/** Response of `analysis:payoff`. */
export interface PayoffDto {
  underlying: string;
  index: number;
  prices: number[];
  curves: PayoffCurveDto[];
  /**
   * Every expiry of this underlying's options and futures in the book after the as-of (ISO-8601
   * UTC, nearest first), drawn or not: what the view offers for "expiries: next N".
   */
  expiriesAhead: string[];
  /** Wall time of the computation in the service (ms). */
  elapsedMs: number;
  /** Handle of the book in the service (`AnalysisBookRef.book`). */
  book: string;
}

/** One numeric parameter of every requested method that has it, swept over `steps` equidistant values. */
export interface SweepRequestDto {
  portfolio: PortfolioDto;
  marketId: string;
  methods: string[];
  /** The parameter's path in the methods' parameter sets (`currency_pair.btc_usd.price_range`, `scanPoints[14].weight`). */
  param: string;
  from: DecimalString;
  to: DecimalString;
  steps: number;
  /** Stored parameter set per method id to sweep over (else the method's defaults). */
  parameterSets?: Record<string, string>;
}

export interface AnalysisInvokeContract {
  'analysis:scenario-pnl': { req: ScenarioPnlRequestDto; res: ScenarioPnlDto };
  'analysis:margin-heatmap': { req: MarginHeatmapRequestDto; res: MarginHeatmapDto };
  'analysis:payoff': { req: PayoffRequestDto; res: PayoffDto };
  'analysis:sweep': { req: SweepRequestDto; res: SweepResultDto };
}

export const ANALYSIS_CHANNELS = ['analysis:scenario-pnl', 'analysis:margin-heatmap', 'analysis:payoff', 'analysis:sweep'] as const satisfies readonly (keyof AnalysisInvokeContract)[];

const Finite = (what: string, min: number, max: number) =>
  v.pipe(v.number(`${what} must be a number`), v.finite(`${what} must be finite`), v.minValue(min, `${what} must be at least ${min}`), v.maxValue(max, `${what} must be at most ${max}`));
const Move = Finite('move', -0.99, 10);
const VolShift = Finite('vol shift', -5, 5);
const Utc = v.pipe(v.string(), v.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/, 'must be an ISO-8601 UTC time such as 2026-12-25T08:00:00Z'));
const Underlying = v.pipe(v.string(), v.regex(/^[A-Z0-9_]{1,20}$/, 'underlying must be an upper-case code such as BTC'));

/** A handle the service gave out (`AnalysisBookRef.book`). */
const BookHandle = v.pipe(v.string('book must be a book handle'), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'book must be a book handle'));
/** An open working session's book at a version (`AnalysisBookRef.session`). */
const SessionRef = v.strictObject({
  sessionId: Id,
  version: v.pipe(v.number('session version must be a number'), v.integer('session version must be an integer'), v.minValue(0, 'session version must be 0 or more')),
});
const oneBook = (r: AnalysisBookRef): boolean => [r.portfolio, r.book, r.session].filter((x) => x !== undefined).length === 1;
const ONE_BOOK = 'give the portfolio, the handle of a book (book) or an open session\'s book (session), one of the three';

export const analysisRequestSchemas = {
  'analysis:scenario-pnl': v.pipe(
    v.strictObject({ portfolio: v.optional(PortfolioSchema), book: v.optional(BookHandle), session: v.optional(SessionRef), marketId: Id, methodId: MethodId, scenarioId: Id, parameterSets: ParameterSets }),
    v.check((r) => oneBook(r), ONE_BOOK),
  ),
  'analysis:margin-heatmap': v.pipe(
    v.strictObject({
      portfolio: v.optional(PortfolioSchema), book: v.optional(BookHandle), session: v.optional(SessionRef), marketId: Id, methods: Methods,
      moves: v.pipe(v.array(Move), v.minLength(1, 'name at least one move')),
      volShifts: v.pipe(v.array(VolShift), v.minLength(1, 'name at least one vol shift')),
      underlying: v.optional(Underlying),
      parameterSets: ParameterSets,
    }),
    v.check((r) => r.moves.length * r.volShifts.length <= MAX_HEATMAP_CELLS, `at most ${MAX_HEATMAP_CELLS} cells (moves × vol shifts)`),
    v.check((r) => oneBook(r), ONE_BOOK),
  ),
  'analysis:payoff': v.pipe(
    v.strictObject({
      portfolio: v.optional(PortfolioSchema), book: v.optional(BookHandle), session: v.optional(SessionRef), marketId: Id, underlying: Underlying,
      lowerMove: Move, upperMove: Move,
      points: v.pipe(v.number(), v.integer('points must be an integer'), v.minValue(2, 'at least 2 points'), v.maxValue(MAX_PAYOFF_POINTS, `at most ${MAX_PAYOFF_POINTS} points`)),
      today: v.optional(v.boolean()),
      expiries: v.optional(v.boolean()),
      nextExpiries: v.optional(v.pipe(v.number('nextExpiries must be a number'), v.integer('nextExpiries must be an integer'), v.minValue(0, 'nextExpiries must be 0 or more'), v.maxValue(PAYOFF_MAX_EXPIRIES, `at most ${PAYOFF_MAX_EXPIRIES} expiries`))),
      dates: v.optional(v.pipe(v.array(Utc), v.maxLength(MAX_PAYOFF_DATES, `at most ${MAX_PAYOFF_DATES} dates`))),
      othersBeta: v.optional(Finite('othersBeta', -5, 5)),
    }),
    v.check((r) => r.lowerMove < r.upperMove, 'lowerMove must be below upperMove'),
    v.check((r) => oneBook(r), ONE_BOOK),
  ),
  'analysis:sweep': v.strictObject({
    portfolio: PortfolioSchema, marketId: Id, methods: Methods,
    param: v.pipe(v.string('param must be a parameter path'), v.regex(/^[^.[\]]{1,80}(\.[^.[\]]{1,80}|\[\d{1,6}\]){0,12}$/, 'param must be a parameter path such as currency_pair.btc_usd.price_range')),
    from: Decimal, to: Decimal,
    steps: v.pipe(v.number('steps must be a number'), v.integer('steps must be an integer'), v.minValue(1, 'at least 1 step'), v.maxValue(MAX_SWEEP_STEPS, `at most ${MAX_SWEEP_STEPS} steps`)),
    parameterSets: ParameterSets,
  }),
};

type Invoke = <C extends keyof AnalysisInvokeContract>(channel: C, req: AnalysisInvokeContract[C]['req']) => Promise<AnalysisInvokeContract[C]['res']>;

/** `api.analysis.*`: one method per analysis channel. */
export interface AnalysisApi {
  scenarioPnl(req: ScenarioPnlRequestDto): Promise<ScenarioPnlDto>;
  marginHeatmap(req: MarginHeatmapRequestDto): Promise<MarginHeatmapDto>;
  payoff(req: PayoffRequestDto): Promise<PayoffDto>;
  sweep(req: SweepRequestDto): Promise<SweepResultDto>;
}

export function buildAnalysisApi(invoke: Invoke): AnalysisApi {
  return {
    scenarioPnl: (req) => invoke('analysis:scenario-pnl', req),
    marginHeatmap: (req) => invoke('analysis:margin-heatmap', req),
    payoff: (req) => invoke('analysis:payoff', req),
    sweep: (req) => invoke('analysis:sweep', req),
  };
}
