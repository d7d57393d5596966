import { describe, expect, it } from 'vitest';
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { cleanNumber, clearOps, copyBlock, fillDownOps, linesOfRefusals, planPaste, type GridView } from './grid-edits';
import { parseClipboard } from './tsv';

const COLS = ['instrument', 'kind', 'size', 'averagePrice', 'deltaUsd', 'note'];
const rows: PositionDto[] = [
  { id: 'a', instrument: 'BTC-PERPETUAL', size: '100', averagePrice: '96000' },
  { id: 'b', instrument: 'ETH-PERPETUAL', size: '-5' },
  { id: 'c', instrument: 'SOL', size: '12', note: 'x' },
];
/** Rows with a subtotal row (null) between b and c. */
const view: GridView = { rowCount: 4, rowAt: (i) => [rows[0], rows[1], null, rows[2]][i] ?? null, cols: COLS };

describe('fillDownOps', () => {
  it('copies the top row of the range into the rows below, editable columns only, skipping subtotal rows', () => {
    expect(fillDownOps({ r0: 0, r1: 3, c0: 1, c1: 3 }, view)).toEqual([
      { op: 'set', id: 'b', field: 'size', value: '100' },
      { op: 'set', id: 'c', field: 'size', value: '100' },
      { op: 'set', id: 'b', field: 'averagePrice', value: '96000' },
      { op: 'set', id: 'c', field: 'averagePrice', value: '96000' },
    ]);
  });
  it('a one-row range copies from the nearest book row above', () => {
    expect(fillDownOps({ r0: 3, r1: 3, c0: 0, c1: 0 }, view)).toEqual([{ op: 'set', id: 'c', field: 'instrument', value: 'ETH-PERPETUAL' }]);
    expect(fillDownOps({ r0: 0, r1: 0, c0: 0, c1: 0 }, view)).toEqual([]);
  });
});

describe('clearOps', () => {
  it('clears average price and note, refuses size and instrument with a reason', () => {
    const r = clearOps({ r0: 0, r1: 3, c0: 2, c1: 5 }, view);
    expect(r.ops).toEqual([{ op: 'set', id: 'a', field: 'averagePrice', value: '' }, { op: 'set', id: 'c', field: 'note', value: '' }]);
    expect(r.refused.map((p) => [p.rowId, p.field])).toEqual([['a', 'size'], ['b', 'size'], ['c', 'size']]);
    expect(r.refused[0].reason).toMatch(/type 0/);
  });
});

describe('copyBlock', () => {
  it('gives the range as text rows', () => {
    expect(copyBlock({ r0: 0, r1: 1, c0: 0, c1: 2 }, view, (r, _i, c) => (r ? String((r as unknown as Record<string, string>)[c] ?? '') : 'Σ'))).toEqual([
      ['BTC-PERPETUAL', '', '100'],
      ['ETH-PERPETUAL', '', '-5'],
    ]);
  });
});

describe('cleanNumber', () => {
  it('removes grouping and reads accounting negatives, leaves anything else for validation', () => {
    expect(cleanNumber('1,948.34')).toBe('1948.34');
    expect(cleanNumber('-25,000')).toBe('-25000');
    expect(cleanNumber('(12.5)')).toBe('-12.5');
    expect(cleanNumber('+3')).toBe('3');
    expect(cleanNumber('1,5')).toBe('1,5');
    expect(cleanNumber('12,34,567')).toBe('12,34,567');
  });
});

describe('planPaste', () => {
  it('maps the columns from the anchor: instrument, kind (ignored), size', () => {
    const lines = parseClipboard('ETH-PERPETUAL\tfuture\t-25\nBTC-27MAR26\tfuture\t1,000\nsol\tspot\t2\n');
    const plan = planPaste(lines, { row: 1, col: 0 }, view, () => 'n1');
    expect(plan.ops).toEqual([
      { op: 'set', id: 'b', field: 'size', value: '-25' },
      { op: 'set', id: 'c', field: 'instrument', value: 'BTC-27MAR26' },
      { op: 'set', id: 'c', field: 'size', value: '1000' },
      { op: 'add', rows: [{ id: 'n1', instrument: 'SOL', size: '2' }] },
    ]);
    expect(plan.lineOfOp).toEqual([1, 2, 2]);
    expect(plan.lineOfAdded).toEqual([3]);
    expect([plan.validLines, plan.updatedCells, plan.addedRows]).toEqual([3, 3, 1]);
  });

  it('lists every bad line with its number and reason; the valid part stays in the plan', () => {
    const lines = parseClipboard('BTC-PERPETUAL\tx\t10\nETH-PERPETUAL\tx\tabc\n\t\t3\n');
    const plan = planPaste(lines, { row: 3, col: 0 }, view, () => 'n2');
    expect(plan.problems).toEqual([
      { line: 2, reason: 'size "abc": size must be a decimal number such as -10 or 0.25 (got "abc")' },
      { line: 3, reason: 'instrument "": instrument must not be empty' },
    ]);
    expect(plan.ops).toEqual([{ op: 'set', id: 'c', field: 'instrument', value: 'BTC-PERPETUAL' }, { op: 'set', id: 'c', field: 'size', value: '10' }]);
    expect(linesOfRefusals(plan, [{ op: 1 }])).toEqual([1]);
  });

  it('reads a venue export with a header as new rows, as the importer reads it (shared/domain/venue-positions.ts)', () => {
    const text = 'instrument_name,kind,direction,size,average_price,mark_price\nBTC-PERPETUAL,future,sell,-25000,96510.5,96512.37\nBTC-25DEC26-90000-P,option,buy,15,0.051,0.0498\nETH-PERPETUAL,future,hold,-3,1,1\nBTC-27MAR27,future,zero,0,0,1\n';
    let k = 0;
    const plan = planPaste(parseClipboard(text), { row: 0, col: 0 }, view, () => `v${++k}`);
    expect(plan.mode).toBe('records');
    expect(plan.source).toBe('Deribit positions export');
    expect(plan.ops).toEqual([{ op: 'add', rows: [
      { id: 'v1', instrument: 'BTC-PERPETUAL', size: '-25000', averagePrice: '96510.5' },
      { id: 'v2', instrument: 'BTC-25DEC26-90000-P', size: '15', averagePrice: '0.051' },
    ] }]);
    expect(plan.problems).toEqual([{ line: 4, reason: 'side "hold" is not buy/sell/long/short' }]);
    expect(plan.skipped.map((s) => s.line)).toEqual([5]);
    expect(linesOfRefusals(plan, [{ op: 0, row: 1 }])).toEqual([3]);
  });

  it('maps OKX and Bybit symbols and converts OKX contracts; a line with the wrong field count is refused', () => {
    const okx = planPaste(parseClipboard('instId,posSide,pos,avgPx\nBTC-USD-SWAP,net,-250,96510.5\nETH-USDT-SWAP,short,125,1950.2\nBTC-USD-SWAP,net\n'), null, view, () => 'o');
    expect(okx.ops).toEqual([{ op: 'add', rows: [{ id: 'o', instrument: 'BTC-PERPETUAL', size: '-25000', averagePrice: '96510.5' }, { id: 'o', instrument: 'ETH_USDT-PERPETUAL', size: '-12.5', averagePrice: '1950.2' }] }]);
    expect(okx.problems).toEqual([{ line: 4, reason: '2 fields, the header has 4' }]);
    const bybit = planPaste(parseClipboard('category,symbol,side,size,avgPrice\nlinear,BTCUSDT,Buy,0.5,96400\noption,BTC-25DEC26-100000-C,Sell,3,6100\nlinear,SOLUSDT,None,0,0\n'), null, view, () => 'b');
    expect(bybit.ops).toEqual([{ op: 'add', rows: [{ id: 'b', instrument: 'BTC_USDT-PERPETUAL', size: '0.5', averagePrice: '96400' }, { id: 'b', instrument: 'BTC_USDC-25DEC26-100000-C', size: '-3', averagePrice: '6100' }] }]);
    expect([bybit.problems, bybit.skipped.map((s) => s.line)]).toEqual([[], [4]]);
  });

  it('reads a semicolon export with unsigned sizes and a side column', () => {
    const text = '\uFEFFSymbol;Qty;Side;Entry;Comment\nBTC-25DEC26-100000-C;25;sell;0.0625;covered call\nETH-25DEC26-2000-P;5;hold;;bad side\n';
    const plan = planPaste(parseClipboard(text), null, view, () => 'g1');
    expect(plan.ops).toEqual([{ op: 'add', rows: [{ id: 'g1', instrument: 'BTC-25DEC26-100000-C', size: '-25', averagePrice: '0.0625', note: 'covered call' }] }]);
    expect(plan.problems).toEqual([{ line: 3, reason: 'side "hold" is not buy or sell' }]);
  });

  it('refuses new rows without an instrument or size column', () => {
    const plan = planPaste(parseClipboard('5\n'), { row: 3, col: 2 }, view, () => 'z');
    expect(plan.ops).toEqual([{ op: 'set', id: 'c', field: 'size', value: '5' }]);
    const past = planPaste(parseClipboard('5\n6\n'), { row: 3, col: 2 }, view, () => 'z');
    expect(past.problems).toEqual([{ line: 2, reason: 'a new row needs an instrument and a size (the block has no instrument column here)' }]);
  });
});
