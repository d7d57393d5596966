/** The app's margin-run request/response DTOs (what the margin panel asks for and shows). */
import type { MarginResultDto, TradeDto } from './margin-result.dto';
import type { PortfolioDto } from './portfolio.dto';
import type { MethodComparisonRowDto } from './sweep.dto';

/** Run one or more margin methods on a portfolio (as edited, saved or not) against a stored snapshot. */
export interface MarginRunRequestDto {
  portfolio: PortfolioDto;
  marketId: string;
  /** Method ids, as `app:info` lists them. */
  methods: string[];
  /** The method whose result carries the account view (equity, distance to liquidation); default the first. */
  accountFor?: string;
  /**
   * When given, only this method's result carries the full explanation (scenario vectors, groups,
   * per-position contributions and marginal margins); every other method returns its figures only
   * (`summary: true`: IM/MM per currency and in USD, add-ons, binding scenario). Keeps a large
   * book's response small. Default: every method fully explained.
   */
  detailFor?: string;
  /** Stored parameter set to use per method id (else the method's documented default). */
  parameterSets?: Record<string, string>;
}

/** One method's outcome: the explained result, or the reason it could not run. */
export type MethodOutcomeDto =
  | { methodId: string; ok: true; result: MarginResultDto }
  | { methodId: string; ok: false; error: string };

/** Every method's outcome on a book at a market, in request order (what a session summary carries too). */
export interface MarginSummaryDto {
  asOf: string;
  outcomes: MethodOutcomeDto[];
}

/**
 * Response of `margin:run`: one outcome per requested method, in request order, and the methods
 * side by side (issue 10 §3; the rows `pmdesk margin --method all` prints): per method its USD
 * IM/MM, the add-on that binds, and for a portfolio method the saving against its standard
 * method (`engine/margin/method-comparison.ts` `compareMethods` of `outcomes`, same order).
 */
export interface MarginRunResponseDto extends MarginSummaryDto {
  comparison: MethodComparisonRowDto[];
}

/** Incremental margin of candidate trades (added together) under each method; the book is not changed. */
export interface WhatIfRequestDto {
  portfolio: PortfolioDto;
  marketId: string;
  methods: string[];
  trades: TradeDto[];
  parameterSets?: Record<string, string>;
}

/** Which single candidate trade lowers the method's IM the most (every candidate scored, best first). */
export interface HedgeRequestDto {
  portfolio: PortfolioDto;
  marketId: string;
  method: string;
  candidates: TradeDto[];
  parameterSets?: Record<string, string>;
}
