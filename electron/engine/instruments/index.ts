/**
 * instruments: the instrument model (spot, dated futures, perpetuals, European options; inverse
 * and linear) and the venue symbology parser. Must not know about market data, pricing,
 * scenarios or margin.
 */
export * from './instrument';
export * from './symbology';
