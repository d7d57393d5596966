import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InstrumentError, isDated } from './instrument';
import { formatExpiryCode, formatInstrument, parseExpiryCode, parseInstrument, tryParseInstrument } from './symbology';

const DEC27_2026_0800 = Date.UTC(2026, 11, 27, 8);

describe('parseInstrument', () => {
  it('inverse option BTC-27DEC26-100000-C', () => {
    expect(parseInstrument('BTC-27DEC26-100000-C')).toEqual({
      kind: 'option', symbol: 'BTC-27DEC26-100000-C', underlying: 'BTC', settlement: 'inverse', settlementCurrency: 'BTC',
      quoteCurrency: 'USD', sizeUnit: 'BTC', contractSize: 1, expiryMs: DEC27_2026_0800, strike: 100000, optionType: 'call',
    });
  });

  it('linear option BTC_USDC-27DEC26-100000-C', () => {
    expect(parseInstrument('BTC_USDC-27DEC26-100000-P')).toMatchObject({
      kind: 'option', underlying: 'BTC', settlement: 'linear', settlementCurrency: 'USDC', quoteCurrency: 'USDC', sizeUnit: 'BTC',
      expiryMs: DEC27_2026_0800, strike: 100000, optionType: 'put',
    });
  });

  it('perpetuals, inverse and linear', () => {
    expect(parseInstrument('BTC-PERPETUAL')).toEqual({
      kind: 'perpetual', symbol: 'BTC-PERPETUAL', underlying: 'BTC', settlement: 'inverse', settlementCurrency: 'BTC',
      quoteCurrency: 'USD', sizeUnit: 'USD', contractSize: 10,
    });
    expect(parseInstrument('ETH-PERPETUAL')).toMatchObject({ sizeUnit: 'USD', contractSize: 1 });
    expect(parseInstrument('ETH_USDC-PERPETUAL')).toMatchObject({
      kind: 'perpetual', underlying: 'ETH', settlement: 'linear', settlementCurrency: 'USDC', quoteCurrency: 'USDC', sizeUnit: 'ETH',
    });
  });

  it('dated futures, inverse and linear, expiring 08:00 UTC', () => {
    const f = parseInstrument('BTC-27DEC26');
    expect(f).toMatchObject({ kind: 'future', settlement: 'inverse', sizeUnit: 'USD', expiryMs: DEC27_2026_0800 });
    expect(new Date((f as { expiryMs: number }).expiryMs).toISOString()).toBe('2026-12-27T08:00:00.000Z');
    expect(parseInstrument('SOL_USDC-27MAR26')).toMatchObject({ kind: 'future', underlying: 'SOL', settlement: 'linear', settlementCurrency: 'USDC' });
    expect(isDated(f)).toBe(true);
    expect(isDated(parseInstrument('BTC-PERPETUAL'))).toBe(false);
  });

  it('spot balances and pairs', () => {
    expect(parseInstrument('BTC')).toEqual({
      kind: 'spot', symbol: 'BTC', underlying: 'BTC', settlement: 'linear', settlementCurrency: 'BTC', quoteCurrency: 'USD', sizeUnit: 'BTC', contractSize: 1,
    });
    expect(parseInstrument('USDC')).toMatchObject({ kind: 'spot', underlying: 'USDC' });
    expect(parseInstrument('BTC_USDC')).toMatchObject({ kind: 'spot', underlying: 'BTC', quoteCurrency: 'USDC', symbol: 'BTC_USDC' });
  });

  it('fractional strikes use "d" (Deribit) and also accept "."', () => {
    expect(parseInstrument('XRP_USDC-30MAY25-2d2-C')).toMatchObject({ strike: 2.2, symbol: 'XRP_USDC-30MAY25-2d2-C' });
    expect(parseInstrument('XRP_USDC-30MAY25-2.2-C').symbol).toBe('XRP_USDC-30MAY25-2d2-C');
  });

  it('normalises case, whitespace around and leading zeros in the day', () => {
    expect(parseInstrument(' btc-07mar25-80000-p ').symbol).toBe('BTC-7MAR25-80000-P');
  });

  it.each([
    ['', /empty/],
    ['BTC-', /expiry/],
    ['BTC-PERP', /neither PERPETUAL nor an expiry/],
    ['BTC-32DEC26', /day 32 does not exist/],
    ['BTC-29FEB27', /day 29 does not exist/],
    ['BTC-27XYZ26', /unknown month/],
    ['BTC-27DEC26-100000-X', /right "X" must be C or P/],
    ['BTC-27DEC26-abc-C', /strike "ABC"/],
    ['BTC-27DEC26-0-C', /must be > 0/],
    ['BTC-27DEC26-100000', /parts/],
    ['BTC-27DEC26-1-C-X', /parts/],
    ['B', /asset code/],
    ['BTC_USDC_X-PERPETUAL', /more than one "_"/],
    ['BTC USDC', /whitespace/],
    ['BTC_-PERPETUAL', /settlement currency/],
  ])('rejects %j with a clear reason', (symbol, reason) => {
    expect(() => parseInstrument(symbol)).toThrow(InstrumentError);
    expect(() => parseInstrument(symbol)).toThrow(reason);
    expect(tryParseInstrument(symbol)).toBeNull();
  });

  it('errors carry the symbol and the reason', () => {
    try {
      parseInstrument('ETH-31APR26');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InstrumentError);
      expect((e as InstrumentError).symbol).toBe('ETH-31APR26');
      expect((e as Error).message).toBe('invalid instrument "ETH-31APR26": day 31 does not exist in APR 2026');
    }
  });
});

describe('round trip', () => {
  const asset = fc.constantFrom('BTC', 'ETH', 'SOL', 'XRP', 'AVAX', '1INCH');
  const settle = fc.option(fc.constantFrom('USDC', 'USDT'), { nil: undefined });
  const expiry = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 8));
  const strike = fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 99_999 }).map((n) => n / 1000));
  const symbol = fc.oneof(
    fc.tuple(asset, settle).map(([a, s]) => (s ? `${a}_${s}-PERPETUAL` : `${a}-PERPETUAL`)),
    fc.tuple(asset, settle, expiry).map(([a, s, e]) => `${s ? `${a}_${s}` : a}-${formatExpiryCode(e)}`),
    fc.tuple(asset, settle, expiry, strike, fc.constantFrom('C', 'P')).map(([a, s, e, k, r]) => `${s ? `${a}_${s}` : a}-${formatExpiryCode(e)}-${String(k).replace('.', 'd')}-${r}`),
    asset,
  );
  it('formatInstrument(parseInstrument(s)) === s for canonical symbols', () => {
    fc.assert(fc.property(symbol, (s) => {
      const inst = parseInstrument(s);
      expect(formatInstrument(inst)).toBe(s);
      expect(inst.symbol).toBe(s);
      expect(parseInstrument(formatInstrument(inst))).toEqual(inst);
    }), { numRuns: 2000 });
  });

  it('expiry codes round-trip at 08:00 UTC', () => {
    fc.assert(fc.property(expiry, (ms) => {
      expect(parseExpiryCode(formatExpiryCode(ms))).toBe(ms);
    }));
  });
});
