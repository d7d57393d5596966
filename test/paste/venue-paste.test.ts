/**
 * A venue export pasted into the positions grid gives the positions the importer gives for the
 * same text (issue 9 §2: "Ctrl+V … from an exchange CSV"): for each fixture of
 * test/fixtures/imports/ and for the fixtures with bad lines added, the paste plan's new rows
 * equal the importer's valid positions (symbol, size, average price, in order), the skipped flat
 * rows are the importer's skipped rows, and the refused lines are the importer's refused rows.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePositionsCsv, venueFormat, type VenueFormatId } from '../../electron/io';
import { planPaste, type GridView } from '../../renderer/src/features/portfolio/grid-edits';
import { parseClipboard } from '../../renderer/src/features/portfolio/tsv';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/imports', name), 'utf8');
const emptyView: GridView = { rowCount: 0, rowAt: () => null, cols: ['instrument', 'size', 'averagePrice', 'note'] };

function compare(text: string, format: VenueFormatId) {
  const imported = parsePositionsCsv(text, venueFormat(format));
  let k = 0;
  const plan = planPaste(parseClipboard(text), null, emptyView, () => `n${++k}`);
  const added = plan.ops.flatMap((o) => (o.op === 'add' ? o.rows : []));
  return { imported, plan, added: added.map(({ id: _id, ...p }) => p), valid: imported.valid.map(({ row: _row, ...p }) => p) };
}

const badLines: Record<VenueFormatId, string[]> = {
  deribit: ['BTC-PERPETUAL,future,buy,12.5x,1,1,1,1,1,1,1', 'ETH-27MAR27,future,hold,5,1,1,1,1,1,1,1', 'BTC-PERPETUAL,future,buy,10,1,1,1,1,1,1,1', 'SOL-PERPETUAL,future,buy,1e16,1,1,1,1,1,1,1', 'short,line'],
  okx: ['SWAP,DOGE-USDT-SWAP,cross,net,3,0.1,USDT,1,1,', 'SPOT,BTC-USDT,cash,net,1,1,BTC,1,1,', 'SWAP,ETH-USD-SWAP,cross,long,-5,1,ETH,1,1,', 'SWAP,SOL-USD-SWAP,cross,net,0,1,SOL,1,1,', 'FUTURES,BTC-USD-261345,cross,net,1,1,BTC,1,1,'],
  bybit: ['linear,XRPUSDT,None,5,0.5,1,1,1,1,0', 'inverse,BTCUSDH27,Buy,1000,1,1,1,1,1,0', 'linear,FOO,Buy,1,1,1,1,1,1,0', 'linear,ETHUSDC,Buy,-2,1,1,1,1,1,0', 'linear,SOLUSDT,Sell,0,0,0,1,0,10,0', 'linear,BTCUSDT,Sell,1,1,1,1,1,1,0'],
};

describe('venue CSV paste = import', () => {
  for (const [format, file] of [['deribit', 'deribit-positions.csv'], ['okx', 'okx-positions.csv'], ['bybit', 'bybit-positions.csv']] as const) {
    it(`${file}: the same positions, skipped rows and no problems`, () => {
      const { imported, plan, added, valid } = compare(fixture(file), format);
      expect(imported.issues).toEqual([]);
      expect(valid.length).toBeGreaterThan(3);
      expect(added).toEqual(valid);
      expect(plan.problems).toEqual([]);
      expect(plan.skipped.length).toBe(imported.skippedRows);
      expect(plan.source).toBe(venueFormat(format).label);
    });

    it(`${file} with bad lines: the same valid positions; refused lines = the importer's refused rows`, () => {
      const text = `${fixture(file).replace(/\n$/, '')}\n${badLines[format].join('\n')}\n`;
      const { imported, plan, added, valid } = compare(text, format);
      expect(added).toEqual(valid);
      expect(plan.skipped.length).toBe(imported.skippedRows);
      expect(plan.problems.map((p) => p.line)).toEqual([...new Set(imported.issues.map((i) => i.row))]);
      expect(plan.problems.length).toBeGreaterThanOrEqual(3);
      for (const p of plan.problems) expect(p.reason).not.toBe('');
    });
  }

  it('the conversions the grid used to get wrong', () => {
    const okx = compare(fixture('okx-positions.csv'), 'okx').added;
    expect(okx[0]).toEqual({ instrument: 'BTC-PERPETUAL', size: '-25000', averagePrice: '96510.5' });
    expect(okx.find((p) => p.instrument === 'BTC-25DEC26-100000-C')?.size).toBe('-25');
    const bybit = compare(fixture('bybit-positions.csv'), 'bybit');
    expect(bybit.added[0].instrument).toBe('BTC_USDT-PERPETUAL');
    expect(bybit.added.map((p) => p.instrument)).toContain('BTC_USDC-25DEC26-100000-C');
    expect(bybit.added.map((p) => p.instrument)).not.toContain('BTC-25DEC26-100000-C');
    expect(bybit.plan.skipped).toEqual([{ line: 8, reason: expect.stringContaining('flat position') }]);
  });
});
