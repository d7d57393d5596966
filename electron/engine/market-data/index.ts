/**
 * market-data: the immutable market snapshot as of one instant (index, forward curve, implied-vol
 * surface, rates), its file format and venue import adapters, and the engine's time measure
 * (ACT/365 on epoch ms). Must not know about pricing, scenarios or margin; the Deribit import
 * adapter alone reads instrument names through `instruments` symbology.
 */
export * from './market-data-error';
export * from './year-fraction';
export * from './monotone-cubic';
export * from './market-snapshot';
export * from './snapshot-json';
export * from './deribit-book-summary';
export * from './market-delta';
