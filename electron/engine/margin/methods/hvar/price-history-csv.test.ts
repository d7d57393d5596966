import { describe, expect, it } from 'vitest';
import SYNTHETIC from './synthetic-history.json';
import { isIsoDate, MAX_ISSUES, parsePriceHistoryCsv } from './price-history-csv';

describe('price-history CSV', () => {
  it('reads date,symbol,close in any column order, quoted fields, BOM, CRLF, blank lines, extra columns', () => {
    const text = '\uFEFFSymbol,Close,Date,volume\r\n"btc",100.5,2026-01-01,1\r\n\r\nBTC,"101",2026-01-02,2\r\neth,3000,2026-01-01,""\r\n';
    const r = parsePriceHistoryCsv(text);
    expect(r.issues).toEqual([]);
    expect(r.history!.dates).toEqual(['2026-01-01', '2026-01-02']);
    expect(r.history!.rows).toBe(3);
    expect([...r.history!.closes.get('BTC')!]).toEqual([['2026-01-01', 100.5], ['2026-01-02', 101]]);
    expect(r.history!.closes.get('ETH')!.get('2026-01-01')).toBe(3000);
  });

  it('reports every bad row with its line number and reason, and returns no history', () => {
    const text = [
      'date,symbol,close', //             row 1
      '2026-01-01,BTC,100', //            row 2: fine
      '2026-02-30,BTC,100', //            row 3: no such day
      '2026-01-02,BTC,-5', //             row 4: not positive
      '2026-01-03,BTC,1e5', //            row 5: exponent
      '2026-01-04,BTC,1,234', //          row 6: 4 fields
      '2026-01-01,BTC,101', //            row 7: second close
      '26-01-05,B TC,abc', //             row 8: three problems on one row
      '"2026-01-06,BTC,100', //           row 9: unterminated quote
      '2026-01-07,BTC,0', //              row 10: zero
    ].join('\n');
    const r = parsePriceHistoryCsv(text);
    expect(r.history).toBeUndefined();
    const by = new Map(r.issues.map((i) => [i.row, i.reason]));
    expect([...by.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(by.get(3)).toContain('date "2026-02-30"');
    expect(by.get(4)).toContain('close "-5"');
    expect(by.get(5)).toContain('close "1e5"');
    expect(by.get(6)).toBe('4 field(s), the header has 3');
    expect(by.get(7)).toBe('second close for BTC on 2026-01-01');
    expect(by.get(8)).toMatch(/date "26-01-05".*symbol "B TC".*close "abc"/);
    expect(by.get(9)).toBe('unterminated quoted field');
    expect(by.get(10)).toContain('close "0"');
  });

  it('refuses a file without the three columns, an empty file and a header alone', () => {
    expect(parsePriceHistoryCsv('date,ticker,close\n2026-01-01,BTC,1').issues).toEqual([{ row: 1, reason: 'header: missing column "symbol" (expected date,symbol,close)' }]);
    expect(parsePriceHistoryCsv('date,symbol,close,Date\n').issues[0].reason).toContain('"date" appears twice');
    expect(parsePriceHistoryCsv('\n \n').issues[0]).toMatchObject({ row: 0 });
    expect(parsePriceHistoryCsv('date,symbol,close\n').issues).toEqual([{ row: 0, reason: 'no data rows after the header' }]);
  });

  it('lists at most MAX_ISSUES rows, then how many more', () => {
    const rows = ['date,symbol,close', ...Array.from({ length: MAX_ISSUES + 7 }, (_, i) => `x${i},BTC,1`)];
    const r = parsePriceHistoryCsv(rows.join('\n'));
    expect(r.issues).toHaveLength(MAX_ISSUES + 1);
    expect(r.issues[MAX_ISSUES]).toEqual({ row: 0, reason: '7 more bad row(s) not listed' });
  });

  it('calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-13-01')).toBe(false);
    expect(isIsoDate('2023-1-01')).toBe(false);
  });

  it('the bundled synthetic history reads clean: 5 years of BTC, ETH, SOL daily closes', () => {
    const r = parsePriceHistoryCsv(SYNTHETIC.csv.join('\n'));
    expect(r.issues).toEqual([]);
    const h = r.history!;
    expect([...h.closes.keys()].sort()).toEqual(['BTC', 'ETH', 'SOL']);
    expect(h.dates[0]).toBe('2021-11-25');
    expect(h.dates.at(-1)).toBe('2026-11-24');
    expect(h.dates).toHaveLength(1826);
    for (const s of h.closes.values()) expect(s.size).toBe(1826);
    // Scaled to end at the demo snapshot's indices (scripts/make-hvar-history.ts).
    expect(h.closes.get('BTC')!.get('2026-11-24')).toBe(96512.37);
  });
});
