import { describe, expect, it } from 'vitest';
import { parsePastedPositions } from './paste-positions';

describe('parsePastedPositions', () => {
  it('reads tab-separated spreadsheet rows, skipping a header and blank lines', () => {
    const r = parsePastedPositions('Instrument\tSize\tAvg\nBTC-25DEC26-100000-C\t-10\t0.0425\n\neth-perpetual\t1,948.34\n');
    expect(r).toEqual({
      ok: true,
      rows: [
        { instrument: 'BTC-25DEC26-100000-C', size: '-10', averagePrice: '0.0425' },
        { instrument: 'ETH-PERPETUAL', size: '1948.34' },
      ],
    });
  });

  it('reads CSV with CRLF and a BOM', () => {
    const r = parsePastedPositions('\uFEFFBTC_USDC-PERPETUAL,0.5\r\nSOL,-12\r\n');
    expect(r).toEqual({ ok: true, rows: [{ instrument: 'BTC_USDC-PERPETUAL', size: '0.5' }, { instrument: 'SOL', size: '-12' }] });
  });

  it('reports every bad line with its number and applies nothing', () => {
    const r = parsePastedPositions('BTC-PERPETUAL\t10\n$$$\t1\nETH-PERPETUAL\tNaN\n');
    expect(r).toEqual({ ok: false, problems: ['line 2: "$$$" is not an instrument symbol', 'line 3: size "NaN" is not a decimal number'] });
  });

  it('refuses empty input', () => {
    expect(parsePastedPositions('\n\n')).toEqual({ ok: false, problems: ['nothing to paste: no rows found'] });
  });
});
