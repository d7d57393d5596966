import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatTsv, parseClipboard } from './tsv';

describe('parseClipboard', () => {
  it('reads Excel/Sheets TSV with quoted cells holding tabs, quotes and newlines', () => {
    const text = 'BTC-PERPETUAL\t10\t"say ""hi"""\r\nETH-PERPETUAL\t-2\t"two\nlines"\r\n\r\nSOL\t1\t"a\tb"\r\n';
    expect(parseClipboard(text)).toEqual([
      { line: 1, cells: ['BTC-PERPETUAL', '10', 'say "hi"'] },
      { line: 2, cells: ['ETH-PERPETUAL', '-2', 'two\nlines'] },
      { line: 5, cells: ['SOL', '1', 'a\tb'] },
    ]);
  });
  it('reads CSV and semicolon CSV with a BOM', () => {
    expect(parseClipboard('\uFEFFSymbol;Qty\nBTC;1,5\n').map((l) => l.cells)).toEqual([['Symbol', 'Qty'], ['BTC', '1,5']]);
    expect(parseClipboard('a,b\n"1,000",2').map((l) => l.cells)).toEqual([['a', 'b'], ['1,000', '2']]);
  });
  it('is empty for blank text', () => {
    expect(parseClipboard('\n \n')).toEqual([]);
  });
  it('detects the delimiter', () => {
    expect(detectDelimiter('a\tb,c')).toBe('\t');
    expect(detectDelimiter('a;b;c\n1,2;3;4')).toBe(';');
    expect(detectDelimiter('a,b')).toBe(',');
    // One column of a sheet with thousands separators: no tab, but not CSV either.
    expect(detectDelimiter('-60,000\n30\n(1,234.5)')).toBe('\t');
    expect(parseClipboard('-60,000\n1,000,000.25\n').map((l) => l.cells)).toEqual([['-60,000'], ['1,000,000.25']]);
    expect(detectDelimiter('-60,000\nBTC-PERPETUAL,3')).toBe(',');
  });
});

describe('formatTsv', () => {
  it('quotes only cells that need it and round-trips through parseClipboard', () => {
    const rows = [['BTC-PERPETUAL', '-25000', 'hedge "core"'], ['ETH', '1.5', 'a\tb']];
    const tsv = formatTsv(rows);
    expect(tsv).toBe('BTC-PERPETUAL\t-25000\t"hedge ""core"""\nETH\t1.5\t"a\tb"');
    expect(parseClipboard(tsv).map((l) => l.cells)).toEqual(rows);
  });
});
