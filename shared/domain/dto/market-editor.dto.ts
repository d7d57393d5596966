/**
 * Market editor DTOs (issue 13 §3): static-arbitrage warnings of an edited snapshot's vol
 * surface, as `electron/engine/market-checks` finds them. Expiries are ISO-8601 UTC instants as
 * in the snapshot file; strikes as the snapshot's own numbers; the diagnostics (total variances,
 * the butterfly's value) are the float's shortest round-trip text, unrounded.
 */
import type { SessionSnapshotDto } from './session.dto';
import type { MarginResultDto } from './margin-result.dto';

/** Total variance w = σ²T decreasing from `earlierExpiry` to `laterExpiry` at one log-moneyness. */
export interface CalendarWarningDto {
  kind: 'calendar';
  underlying: string;
  earlierExpiry: string;
  laterExpiry: string;
  /** The quote the point comes from (one of the two expiries) and its strike. */
  expiry: string;
  strike: number;
  /** k = ln(K/F(T)). */
  logMoneyness: string;
  earlierTotalVariance: string;
  laterTotalVariance: string;
}

/** Call prices not convex over three adjacent quoted strikes of one expiry (a negative butterfly). */
export interface ButterflyWarningDto {
  kind: 'butterfly';
  underlying: string;
  expiry: string;
  /** K₁ < K₂ < K₃; K₂ is the quote that is too rich for its neighbours. */
  strikes: [number, number, number];
  /** [(K₃−K₂)C₁ + (K₂−K₁)C₃]/(K₃−K₁) − C₂, undiscounted, in the quote currency per unit (< 0). */
  butterfly: string;
}

export type ArbitrageWarningDto = CalendarWarningDto | ButterflyWarningDto;

/** The checks of one snapshot. */
export interface MarketCheckDto {
  warnings: ArbitrageWarningDto[];
}

/** A market file read into the snapshot format (a Deribit book summary converted), not stored. */
export interface MarketFileDto {
  /** The snapshot in the documented JSON format (docs/formats.md), as text. */
  snapshotText: string;
  /** The name the file suggests, when it has one. */
  name?: string;
}

/** The open session re-run on an edited (unsaved) snapshot, with that snapshot's warnings. */
export interface MarketPreviewDto extends MarketCheckDto {
  session: SessionSnapshotDto;
}

/**
 * The detail method's margin on an edited snapshot, computed incrementally from the editor's
 * previous draft (`market:draft-margin`): the instruments whose inputs the edit changed are
 * re-priced, the book re-aggregated. The figures equal a fresh run's on that snapshot.
 */
export interface DraftMarginDto extends MarketCheckDto {
  draftId: string;
  /** Previews answered for this draft so far (1 = built from scratch). */
  step: number;
  methodId: string;
  /** The method's figures (per currency IM/MM, add-ons, binding scenario; totals), no explanation. */
  result: MarginResultDto;
  /** Instruments re-priced for this answer, of `instruments` in the book. */
  repriced: number;
  instruments: number;
  /** Whether the whole book was priced (first preview, the book or context changed, a method without incremental re-marking). */
  full: boolean;
}
