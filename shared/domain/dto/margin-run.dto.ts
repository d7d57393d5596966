/** The app's margin-run request/response DTOs (what the margin panel asks for and shows). */
import type { PortfolioDto } from './portfolio.dto';

/** Run one or more margin methods on a portfolio (as edited, saved or not) against a stored snapshot. */
export interface MarginRunRequestDto {
  portfolio: PortfolioDto;
  marketId: string;
  /** Method ids, e.g. `["deribit-pm", "deribit-sm"]`. */
  methods: string[];
}

/** One method's outcome: the explained result, or the reason it could not run. */
export type MethodOutcomeDto =
  | { methodId: string; ok: true; result: MethodResultDto }
  | { methodId: string; ok: false; error: string };

/**
 * The explained result of one method (docs/margin-methods.md). `byCurrency` is keyed by settlement
 * currency; margins are decimal strings in that currency, with USD equivalents.
 */
export interface MethodResultDto {
  method: string;
  byCurrency: Record<string, CurrencyMarginDto>;
  [extra: string]: unknown;
}

/** One settlement currency's margin, add-ons and explanation. */
export interface CurrencyMarginDto {
  initialMargin: string;
  maintenanceMargin: string;
  initialMarginUsd?: string;
  maintenanceMarginUsd?: string;
  addOns?: Record<string, string>;
  [extra: string]: unknown;
}

/** Response of `margin:run`: one outcome per requested method, in request order. */
export interface MarginRunResponseDto {
  asOf: string;
  outcomes: MethodOutcomeDto[];
}
