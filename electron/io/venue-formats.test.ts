import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePositionsCsv, genericFormat, venueFormat, okxSymbol, bybitSymbol } from './index';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test/fixtures/imports', name), 'utf8');
const brief = (r: ReturnType<typeof parsePositionsCsv>) => r.valid.map((p) => [p.instrument, p.size, p.averagePrice]);

describe('venue position exports (test/fixtures/imports)', () => {
  it('Deribit: signed sizes as given, closed rows skipped', () => {
    const r = parsePositionsCsv(fixture('deribit-positions.csv'), venueFormat('deribit'));
    expect(r.issues).toEqual([]);
    expect(r.skippedRows).toBe(1);
    expect(brief(r)).toEqual([
      ['BTC-PERPETUAL', '-25000', '96510.5'],
      ['BTC-25DEC26-100000-C', '-25', '0.0625'],
      ['BTC-25DEC26-90000-P', '15', '0.051'],
      ['ETH-PERPETUAL', '1948.34', '1949.1'],
      ['ETH_USDC-PERPETUAL', '-12.5', '1950.2'],
    ]);
  });

  it('OKX: instId mapped to venue symbology, contracts converted to pmdesk units, posSide applied', () => {
    const r = parsePositionsCsv(fixture('okx-positions.csv'), venueFormat('okx'));
    expect(r.issues).toEqual([]);
    expect(brief(r)).toEqual([
      ['BTC-PERPETUAL', '-25000', '96510.5'],
      ['BTC-25DEC26', '4000', '97040.1'],
      ['BTC-25DEC26-100000-C', '-25', '0.0625'],
      ['ETH-25DEC26-2000-P', '15', '0.071'],
      ['ETH_USDT-PERPETUAL', '-12.5', '1950.2'],
      ['BTC_USDT-PERPETUAL', '0.3', '96400'],
    ]);
  });

  it('Bybit: side gives the sign, symbols mapped, flat rows skipped', () => {
    const r = parsePositionsCsv(fixture('bybit-positions.csv'), venueFormat('bybit'));
    expect(r.issues).toEqual([]);
    expect(r.skippedRows).toBe(1);
    expect(brief(r)).toEqual([
      ['BTC_USDT-PERPETUAL', '0.5', '96400.00'],
      ['ETH_USDT-PERPETUAL', '-12.5', '1950.20'],
      ['BTC_USDC-PERPETUAL', '-0.25', '96600.5'],
      ['BTC-PERPETUAL', '10000', '96000'],
      ['BTC_USDC-25DEC26-100000-C', '-3', '6100'],
      ['ETH_USDT-25DEC26-2000-P', '10', '140'],
    ]);
  });

  it('generic mapping: BOM, semicolons, CRLF; every bad row reported with row, column and reason', () => {
    const r = parsePositionsCsv(fixture('generic-positions.csv'), genericFormat({ instrument: 'Symbol', size: 'Qty', side: 'Side', averagePrice: 'Entry', note: 'Comment' }));
    expect(brief(r)).toEqual([['BTC-25DEC26-100000-C', '-25', '0.0625'], ['BTC-PERPETUAL', '25000', '96510.5']]);
    expect(r.valid[0].note).toBe('covered call');
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [4, 'Qty', 'invalid-decimal'],
      [5, 'Side', 'invalid-side'],
      [6, 'Symbol', 'required'],
      [7, 'Symbol', 'duplicate-instrument'],
    ]);
    expect(r.fatal).toBe(false);
  });

  it('missing and duplicate columns are file-level problems', () => {
    const r = parsePositionsCsv('instrument_name,qty\nBTC-PERPETUAL,1\n', venueFormat('deribit'));
    expect(r).toMatchObject({ fatal: true, issues: [{ row: 1, column: 'size', code: 'missing-column' }] });
    const d = parsePositionsCsv('instrument_name,size,SIZE\nBTC-PERPETUAL,1,2\n', venueFormat('deribit'));
    expect(d.issues[0].code).toBe('duplicate-column');
  });

  it('symbol mappers refuse what they cannot map', () => {
    expect(okxSymbol('BTC-USDT')).toBeUndefined();
    expect(okxSymbol('BTC-USD-261345')).toBeUndefined();
    expect(bybitSymbol('BTCUSDZ26')).toBeUndefined();
    const b = parsePositionsCsv('symbol,side,size\nBTCUSDH27,Buy,1000\nBTCUSD0326,Sell,10\nFOO,Buy,1\n', venueFormat('bybit'));
    expect(b.valid).toEqual([]);
    expect(b.issues.map((i) => [i.row, i.column, i.code])).toEqual([[2, 'symbol', 'unsupported-instrument'], [3, 'symbol', 'unsupported-instrument'], [4, 'symbol', 'unsupported-instrument']]);
    expect(b.issues[0].message).toMatch(/^BTCUSDH27 is a Bybit inverse dated future .*enter it as <COIN>-<DDMMMYY>/);
    expect(b.issues[1].message).toMatch(/BTCUSD0326 is a Bybit inverse dated future/);
    expect(b.issues[2].message).toBe('FOO is not a Bybit symbol pmdesk can map');
    const r = parsePositionsCsv('instId,pos\nDOGE-USDT-SWAP,3\nBTC-USDT,1\n', venueFormat('okx'));
    expect(r.issues.map((i) => i.code)).toEqual(['unsupported-instrument', 'unsupported-instrument']);
    expect(parsePositionsCsv('instId,pos\nDOGE-USDT-SWAP,3\n', venueFormat('okx', { contractValues: { 'DOGE-USDT': '1000' } })).valid[0].size).toBe('3000');
  });
});
