/**
 * The explained result of one margin method (docs/margin-methods.md, product.md `margin` result).
 * JSON-safe: every money figure is a decimal string; scenario moves are plain numbers. Type
 * aliases (not interfaces) so results are assignable to `MethodResultDto`'s open record.
 */
import type { DecimalString } from '../decimal-string';

/** One entry of a scenario vector. */
export type ScenarioEntryDto = {
  index: number;
  id: string;
  label: string;
  table: 'standard' | 'extended' | 'custom';
  bucket?: number;
  volState?: string;
  /** Relative move of the group's underlying (0.18 = +18 %). */
  move: number;
  /** Size-weighted sum of the instruments' risk arrays (Deribit `pre_aggregated_risk_vectors`). */
  preAggregated: DecimalString;
  /** After pnl offset and extended dampener (Deribit `aggregated_risk_vectors`). */
  aggregated: DecimalString;
};

/** The scenario that sets the worst case. `side` is Deribit's left/right of the zero bucket. */
export type BindingScenarioDto = ScenarioEntryDto & {
  /** The group (`<settlement>_<underlying>`) whose vector holds this entry. */
  group: string;
  side: 'left' | 'right' | 'center';
};

/** An aggregate-level adjustment of the binding entry (its own line in the explanation). */
export type AdjustmentLineDto = {
  kind: 'pnl-offset' | 'offset-cap' | 'extended-dampener';
  amount: DecimalString;
  note: string;
};

/** One position's part of the explanation. */
export type PositionContributionDto = {
  positionId: string;
  instrument: string;
  size: DecimalString;
  group: string;
  /** The position's P&L in its group's binding scenario (settlement currency). */
  pnlInBinding: DecimalString;
  /** IM with the position minus IM without it (settlement currency). */
  marginalInitialMargin: DecimalString;
  /** Standard-margin methods: this position's own requirements. */
  initialMargin?: DecimalString;
  maintenanceMargin?: DecimalString;
};

/** One underlying's P&L in its group's binding scenario. */
export type UnderlyingContributionDto = { underlying: string; group: string; pnlInBinding: DecimalString };

/** One (settlement currency × underlying) group of a portfolio method. */
export type GroupMarginDto = {
  key: string;
  settlementCurrency: string;
  underlying: string;
  index: number;
  worstCase: DecimalString;
  rollShock: DecimalString;
  deltaShock: DecimalString;
  initialMargin: DecimalString;
  bindingScenario: BindingScenarioDto | null;
  /** Aggregate-level adjustments of the binding entry: binding aggregated = pre-aggregated + Σ amounts. */
  adjustments: AdjustmentLineDto[];
  vector: ScenarioEntryDto[];
  rollShockDetail: { expiry: string; netDelta: number; rate: number; charge: DecimalString }[];
  deltaShockDetail: { longOptionDelta: number; shortDelta: number; shockDelta: number; charge: DecimalString };
};

/** One settlement currency's margin. */
export type CurrencyMarginResultDto = {
  currency: string;
  initialMargin: DecimalString;
  maintenanceMargin: DecimalString;
  initialMarginUsd: DecimalString;
  maintenanceMarginUsd: DecimalString;
  /** USD per unit of the currency used for the USD figures (the index; 1 for USD-like). */
  usdRate: number;
  /** Add-ons summing to `initialMargin` exactly. */
  addOns: Record<string, DecimalString>;
  bindingScenario: BindingScenarioDto | null;
  vector: ScenarioEntryDto[];
  groups: GroupMarginDto[];
  contributions: PositionContributionDto[];
  underlyings: UnderlyingContributionDto[];
};

/** Distance to liquidation / to the IM line for one underlying (relative move and price). */
export type LiquidationDistanceDto = {
  underlying: string;
  currency: string;
  index: number;
  /** Move at which equity falls to MM (null: none within the searched range). */
  toMaintenance: { move: number; price: number } | null;
  /** Move at which IM exceeds equity. */
  toInitial: { move: number; price: number } | null;
  searched: { down: number; up: number };
};

/** Account view per currency: equity, ratios, available funds. */
export type AccountCurrencyDto = {
  currency: string;
  balance: DecimalString;
  /** Balance plus unrealised value of positions at marks. */
  equity: DecimalString;
  equityUsd: DecimalString;
  initialMargin: DecimalString;
  maintenanceMargin: DecimalString;
  /** MM / equity (decimal string; "Infinity" text never appears: null when equity ≤ 0). */
  marginRatio: DecimalString | null;
  availableFunds: DecimalString;
};

/** The account view of a run. */
export type AccountViewDto = {
  currencies: AccountCurrencyDto[];
  liquidation: LiquidationDistanceDto[];
};

/** The full explained result of one method run. */
export type MarginResultDto = {
  method: string;
  methodVersion: string;
  parameterSet: { name: string; version: string };
  asOf: string;
  mode: 'segregated' | 'cross';
  byCurrency: Record<string, CurrencyMarginResultDto>;
  totals: { initialMarginUsd: DecimalString; maintenanceMarginUsd: DecimalString };
  /**
   * Figures only (a `margin:run` with `detailFor` naming another method): per currency IM, MM,
   * USD figures, add-ons and the binding scenario; `vector`, `groups`, `contributions` and
   * `underlyings` are empty and there is no account view.
   */
  summary?: true;
  account?: AccountViewDto;
  notes: string[];
};

/** A candidate trade for what-if and hedge search (same units as a position's `size`). */
export type TradeDto = { instrument: string; size: DecimalString };

/** IM/MM per settlement currency (decimal strings) plus USD totals. */
export type MarginFiguresDto = {
  byCurrency: Record<string, { initialMargin: DecimalString; maintenanceMargin: DecimalString }>;
  initialMarginUsd: DecimalString;
  maintenanceMarginUsd: DecimalString;
};

/** Incremental margin of a list of trades under one method (the book is not mutated). */
export type WhatIfMethodDto = {
  methodId: string;
  before: MarginFiguresDto;
  after: MarginFiguresDto;
  /** after − before, per currency and in USD. */
  incremental: MarginFiguresDto;
};

/** Margin sensitivity of one position to ± a size step (IM change in USD, and per currency). */
export type SensitivityDto = {
  positionId: string;
  instrument: string;
  size: DecimalString;
  step: DecimalString;
  up: MarginFiguresDto;
  down: MarginFiguresDto;
};

/** One hedge-search candidate and the IM change it causes; the list is sorted best first. */
export type HedgeCandidateDto = { trade: TradeDto; incremental: MarginFiguresDto };

/** P&L of a book under each scenario of a named scenario set (settlement currencies and USD). */
export type StressResultDto = {
  setId: string;
  name: string;
  version: string;
  smile: string;
  scenarios: {
    id: string;
    label: string;
    timeShiftDays: number;
    pnlByCurrency: Record<string, DecimalString>;
    /** Σ currency P&L × the currency's shocked index (USD-like at par). */
    pnlUsd: DecimalString;
    positions: { positionId: string; instrument: string; pnl: DecimalString }[];
  }[];
};
