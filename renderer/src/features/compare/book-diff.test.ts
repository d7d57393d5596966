import { describe, expect, it } from 'vitest';
import { positionDiff, rowTrades } from './book-diff';
import { pairMethods } from './book-compare-state.svelte';

const P = (id: string, instrument: string, size: string, extra: { averagePrice?: string; note?: string } = {}) => ({ id, instrument, size, ...extra });

describe('positionDiff', () => {
  it('matches rows by id: added, removed, changed with the fields named; equal decimals are equal', () => {
    const a = [P('1', 'BTC-PERPETUAL', '100'), P('2', 'ETH-PERPETUAL', '1.50'), P('3', 'BTC', '1', { note: 'x' }), P('4', 'SOL-PERPETUAL', '5')];
    const b = [P('2', 'ETH-PERPETUAL', '1.5'), P('3', 'BTC', '2', { note: 'y' }), P('4', 'SOL_USDC-PERPETUAL', '5', { averagePrice: '10' }), P('5', 'ETH', '3')];
    const d = positionDiff(a, b);
    expect(d.added.map((p) => p.id)).toEqual(['5']);
    expect(d.removed.map((p) => p.id)).toEqual(['1']);
    expect(d.changed.map((c) => [c.key, c.fields])).toEqual([['3', ['size', 'note']], ['4', ['instrument', 'averagePrice']]]);
    expect(positionDiff(b, b)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('pairMethods', () => {
  const ok = (methodId: string, im: string, mm: string) => ({ methodId, ok: true as const, result: { totals: { initialMarginUsd: im, maintenanceMarginUsd: mm } } as never });
  it('gives B − A exactly per method, none when a side failed, and methods only one side has', () => {
    const r = pairMethods([ok('m1', '100.10', '50'), ok('m2', '0.3', '0.1'), { methodId: 'm3', ok: false, error: 'bad' }], [ok('m1', '90.05', '55'), ok('m2', '0.1', '0.2'), ok('m3', '1', '1'), ok('m4', '2', '1')]);
    expect(r.map((m) => [m.methodId, m.imDiff, m.mmDiff])).toEqual([['m1', '-10.05', '5'], ['m2', '-0.2', '0.1'], ['m3', undefined, undefined], ['m4', undefined, undefined]]);
  });
});

describe('rowTrades', () => {
  it('turns each differing row into trades on A: buy the added, sell the removed, trade the size change, swap a changed instrument', () => {
    expect(rowTrades('added', undefined, P('5', 'ETH', '3'))).toEqual([{ instrument: 'ETH', size: '3' }]);
    expect(rowTrades('removed', P('1', 'BTC-PERPETUAL', '-100'), undefined)).toEqual([{ instrument: 'BTC-PERPETUAL', size: '100' }]);
    expect(rowTrades('changed', P('3', 'BTC', '1.25'), P('3', 'BTC', '-0.5'))).toEqual([{ instrument: 'BTC', size: '-1.75' }]);
    expect(rowTrades('changed', P('4', 'SOL-PERPETUAL', '5'), P('4', 'SOL_USDC-PERPETUAL', '7'))).toEqual([{ instrument: 'SOL-PERPETUAL', size: '-5' }, { instrument: 'SOL_USDC-PERPETUAL', size: '7' }]);
    expect(rowTrades('changed', P('2', 'ETH', '1.50'), P('2', 'ETH', '1.5', { note: 'n' }))).toEqual([]);
  });
});
