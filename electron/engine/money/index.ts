/**
 * money: exact decimal arithmetic and the float64 boundary. Must not know about market data,
 * instruments, pricing, scenarios or margin. The only importer of `decimal.js` in the engine.
 */
export * from './decimal';
