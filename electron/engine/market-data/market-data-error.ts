/** A market snapshot that is malformed or inconsistent; `path` locates the offending item (e.g. `underlyings.ETH.vols[3].vol`). */
export class MarketDataError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'MarketDataError';
  }
}
