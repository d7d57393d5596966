/** Portfolio DTOs: plain JSON-safe shapes shared by main, web host, renderer and files. */
import type { DecimalString } from '../decimal-string';

/** A collateral balance in one currency (`"BTC"`, `"ETH"`, `"USDC"`, …). */
export interface BalanceDto {
  currency: string;
  amount: DecimalString;
}

/**
 * One position. `size` is in the venue's unit for the symbol: USD for inverse futures and
 * perpetuals, base coin for options, linear contracts and spot (product.md).
 */
export interface PositionDto {
  /** Stable row id within the portfolio (UUID-like text); used by the grid and by diffs. */
  id: string;
  /** Venue symbol, e.g. `BTC-27DEC26-100000-C`, `ETH_USDC-PERPETUAL`, `BTC`. */
  instrument: string;
  size: DecimalString;
  averagePrice?: DecimalString;
  note?: string;
}

/** A whole portfolio as edited and saved (one revision). */
export interface PortfolioDto {
  id: string;
  name: string;
  balances: BalanceDto[];
  positions: PositionDto[];
}

/** A portfolio in lists: its latest revision. */
export interface PortfolioSummaryDto {
  id: string;
  name: string;
  revision: number;
  /** ISO-8601 UTC time of the latest revision. */
  savedAt: string;
  positionCount: number;
}
