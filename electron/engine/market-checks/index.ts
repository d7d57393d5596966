/**
 * market-checks: checks of a market snapshot that report, never change: static arbitrage of the
 * implied-vol surface (calendar, butterfly). Knows market-data and pricing (call prices); must
 * not know about scenarios, margin or storage.
 */
export * from './surface-arbitrage';
