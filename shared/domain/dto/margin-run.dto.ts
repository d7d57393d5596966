/** The app's margin-run request/response DTOs (what the margin panel asks for and shows). */
import type { MarginResultDto } from './margin-result.dto';
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
  | { methodId: string; ok: true; result: MarginResultDto }
  | { methodId: string; ok: false; error: string };

/** Response of `margin:run`: one outcome per requested method, in request order. */
export interface MarginRunResponseDto {
  asOf: string;
  outcomes: MethodOutcomeDto[];
}
