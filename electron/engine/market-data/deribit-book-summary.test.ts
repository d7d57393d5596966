import { describe, expect, it } from 'vitest';
import { parseDeribitBookSummary } from './deribit-book-summary';
import { MarketDataError } from './market-data-error';

const TS = Date.UTC(2026, 1, 15, 12); // 2026-02-15T12:00Z
const MAR27 = Date.UTC(2026, 2, 27, 8);
const JUN26 = Date.UTC(2026, 5, 26, 8);

/** A saved get_book_summary_by_currency(currency=BTC) result, fields as the venue returns them. */
function entry(name: string, fields: Record<string, unknown>) {
  return {
    instrument_name: name, base_currency: 'BTC', quote_currency: 'USD', creation_timestamp: TS, estimated_delivery_price: 60012.5,
    volume: 12.3, open_interest: 100, bid_price: null, ask_price: null, mid_price: null, last: null, high: null, low: null,
    price_change: null, interest_rate: 0, ...fields,
  };
}

const BTC = [
  entry('BTC-PERPETUAL', { mark_price: 60020, current_funding: 0, funding_8h: 0.0001 }),
  entry('BTC-27MAR26', { mark_price: 60500, underlying_index: 'index_price' }),
  entry('BTC-27MAR26-60000-C', { mark_price: 0.05, mark_iv: 55.5, underlying_price: 60510, underlying_index: 'BTC-27MAR26' }),
  entry('BTC-27MAR26-60000-P', { mark_price: 0.045, mark_iv: 56.5, underlying_price: 60490, underlying_index: 'BTC-27MAR26' }),
  entry('BTC-27MAR26-70000-C', { mark_price: 0.02, mark_iv: 58, underlying_price: 60500, underlying_index: 'BTC-27MAR26' }),
  entry('BTC-26JUN26-80000-C', { mark_price: 0.03, mark_iv: 62, underlying_price: 61800, underlying_index: 'SYN.BTC-26JUN26' }),
  entry('BTC-26JUN26-40000-P', { mark_price: 0.0, mark_iv: 0, underlying_price: 61800, underlying_index: 'SYN.BTC-26JUN26' }),
  entry('BTC-13FEB26-60000-C', { mark_price: 0, mark_iv: 50, underlying_price: 60000 }),
  entry('BTC_USDC-27MAR26-60000-C', { mark_price: 3000, mark_iv: 55.5, underlying_price: 60500, quote_currency: 'USDC' }),
];

describe('parseDeribitBookSummary', () => {
  it('builds index, forwards and vols from the venue fields', () => {
    const { snapshot, skipped } = parseDeribitBookSummary(BTC);
    expect(snapshot.asOfMs).toBe(TS);
    expect(snapshot.underlyings()).toEqual(['BTC']);
    expect(snapshot.index('BTC')).toBe(60012.5);
    // Options' underlying_price (median) wins over the future's mark for the same expiry.
    expect(snapshot.forward('BTC', MAR27)).toBe(60500);
    expect(snapshot.forward('BTC', JUN26)).toBe(61800);
    // mark_iv is in percent; call/put and inverse/linear quotes at one strike are averaged.
    expect(snapshot.vol('BTC', MAR27, 60000)).toBeCloseTo((0.555 + 0.565 + 0.555) / 3, 15);
    expect(snapshot.vol('BTC', MAR27, 70000)).toBe(0.58);
    expect(snapshot.vol('BTC', JUN26, 80000)).toBe(0.62);
    expect(snapshot.volQuotes('BTC')).toHaveLength(3);
    expect(skipped.map((s) => s.instrument).sort()).toEqual(['BTC-13FEB26-60000-C', 'BTC-26JUN26-40000-P', 'BTC-PERPETUAL']);
  });

  it('accepts the JSON-RPC response and arrays of responses', () => {
    const rpc = { jsonrpc: '2.0', result: BTC, usIn: 1, usOut: 2, usDiff: 1, testnet: false };
    expect(parseDeribitBookSummary(rpc).snapshot.index('BTC')).toBe(60012.5);
    const eth = [{ instrument_name: 'ETH-27MAR26-2000-C', mark_iv: 70, underlying_price: 1960, estimated_delivery_price: 1950, creation_timestamp: TS - 5 }];
    const both = parseDeribitBookSummary([rpc, { result: eth }]).snapshot;
    expect(both.underlyings()).toEqual(['BTC', 'ETH']);
    expect(both.vol('ETH', MAR27, 2000)).toBe(0.7);
  });

  it('takes asOf and index overrides', () => {
    const { snapshot } = parseDeribitBookSummary(BTC, { asOfMs: TS - 3_600_000, indexPrices: { BTC: 59990 } });
    expect(snapshot.asOfMs).toBe(TS - 3_600_000);
    expect(snapshot.index('BTC')).toBe(59990);
  });

  it('rejects data without an index, without a timestamp, or malformed', () => {
    const noIndex = [{ instrument_name: 'SOL-27MAR26-100-C', mark_iv: 80, underlying_price: 101, creation_timestamp: TS }];
    expect(() => parseDeribitBookSummary(noIndex)).toThrow(/underlyings\.SOL\.index: missing index/);
    expect(() => parseDeribitBookSummary([{ instrument_name: 'BTC-27MAR26', mark_price: 1 }])).toThrow(/asOf/);
    expect(() => parseDeribitBookSummary({ foo: 1 })).toThrow(MarketDataError);
    expect(() => parseDeribitBookSummary([{ mark_iv: 50 }])).toThrow(/\[0\]\.instrument_name: missing/);
    expect(() => parseDeribitBookSummary([entry('BTC-27MAR26-60000-C', { mark_iv: '55' })])).toThrow(/mark_iv: expected a number/);
  });

  it('records unparsable names as skipped instead of failing the import', () => {
    const { skipped } = parseDeribitBookSummary([...BTC, entry('BTC-FS-27MAR26_PERP', { mark_price: 1 })]);
    expect(skipped.some((s) => s.instrument === 'BTC-FS-27MAR26_PERP')).toBe(true);
  });
});
