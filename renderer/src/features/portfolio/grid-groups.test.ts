import { describe, expect, it } from 'vitest';
import type { RowFiguresDto } from '../../../../shared/domain/dto/session.dto';
import { arrangeGroups, subtotalRows, summarize, type GridRow } from './grid-groups';

const figures = new Map<string, RowFiguresDto>([
  ['a', { id: 'a', underlying: 'BTC', currency: 'BTC', expiry: '2026-12-25', deltaCoin: '-11.8', deltaUsd: '-1138680.58', pnlInBinding: '-0.1', marginalIm: { pm: '3.1' } }],
  ['b', { id: 'b', underlying: 'BTC', currency: 'BTC', deltaCoin: '0.3', deltaUsd: '28953.71', pnlInBinding: '0.2', marginalIm: { pm: '0.0000000001' } }],
  ['c', { id: 'c', underlying: 'BTC', currency: 'USDC', expiry: '2026-12-25', deltaCoin: '2', deltaUsd: '193024.74', pnlInBinding: '5', marginalIm: { pm: '10' } }],
  ['d', { id: 'd', underlying: 'ETH', currency: 'ETH', expiry: '2026-06-26', deltaUsd: '100.1' }],
]);
const rows = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, instrument: id.toUpperCase(), size: '1' }));

describe('summarize', () => {
  it('sums USD figures always, settlement-currency figures only within one currency, exactly', () => {
    const one = summarize('BTC', 'BTC', rows.slice(0, 2), figures, ['pm']);
    expect(one).toEqual({ key: 'BTC', label: 'BTC', count: 2, currency: 'BTC', sums: { deltaCoin: '-11.5', deltaUsd: '-1109726.87', pnlInBinding: '0.1', 'marginalIm:pm': '3.1000000001' } });
    const mixed = summarize('BTC', 'BTC', rows.slice(0, 3), figures, ['pm']);
    expect(mixed.currency).toBeUndefined();
    expect(mixed.sums).toEqual({ deltaUsd: '-916702.13' });
  });
});

describe('subtotalRows', () => {
  it('makes one row per underlying, unknown last', () => {
    const subs = subtotalRows('underlying', rows, figures, ['pm']);
    expect(subs.map((s) => [s.id, s.sub?.count])).toEqual([['Σ:BTC', 3], ['Σ:ETH', 1], ['Σ:(unknown underlying)', 1]]);
  });
  it('groups by expiry date order, undated last', () => {
    expect(subtotalRows('expiry', rows, figures, []).map((s) => s.id)).toEqual(['Σ:2026-06-26', 'Σ:2026-12-25', 'Σ:(no expiry)']);
    expect(subtotalRows('none', rows, figures, [])).toEqual([]);
  });
});

describe('arrangeGroups', () => {
  it('keeps the sorted order within each group and puts its subtotal after it', () => {
    const subs = subtotalRows('underlying', rows, figures, []);
    // Sorted as the grid sorted them (descending id), subtotal rows wherever the sort put them.
    const nodes: GridRow[] = [subs[1], rows[4], rows[3], subs[0], rows[2], rows[1], subs[2], rows[0]];
    arrangeGroups(nodes, (n) => n, (r) => figures.get(r.id)?.underlying ?? '(unknown underlying)');
    expect(nodes.map((n) => n.id)).toEqual(['c', 'b', 'a', 'Σ:BTC', 'd', 'Σ:ETH', 'e', 'Σ:(unknown underlying)']);
  });
});
