/**
 * The resolved instrument fields the margin engine needs. Built from the engine's
 * `parseInstrument` (electron/engine/instruments) by `toMarginInstrument` in instrument-adapter.ts.
 */

/** Kind of instrument, as margined. */
export type MarginKind = 'spot' | 'future' | 'perpetual' | 'option';

/**
 * One instrument. Size units follow product.md: USD for inverse futures and perpetuals, base coin
 * for options, linear contracts and spot.
 */
export interface MarginInstrument {
  symbol: string;
  kind: MarginKind;
  underlying: string;
  /** `inverse`: value and P&L in coin; `linear`: in the quote (settlement) currency. */
  settlement: 'inverse' | 'linear';
  settlementCurrency: string;
  expiryMs?: number;
  strike?: number;
  optionType?: 'call' | 'put';
  /** Currency the margin is aggregated in when it differs from `settlementCurrency` (cross mode: `USD`). */
  groupCurrency?: string;
}

/** The margin group key: settlement currency × underlying (Deribit `eth_eth`, `usdc_btc`). */
export function groupKey(i: MarginInstrument): string {
  return `${i.groupCurrency ?? i.settlementCurrency}_${i.underlying}`;
}
