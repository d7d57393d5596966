/** Running totals equal the full exact sums (grid-groups `summarize`) after any sequence of row changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowFiguresDto } from '../../../../shared/domain/dto/session.dto';
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { groupKey, summarize } from './grid-groups';
import { RunningTotals } from './running-totals';

const num = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(10)),
  fc.double({ min: 1e-12, max: 1e-6, noNaN: true }).map((x) => x.toPrecision(10)),
  fc.constantFrom('0', '-0.5', '12345678901234567890.5', '3.2e-35', '4.9e-324', '-1.5e-40'),
);
const figures = (id: string) => fc.record({
  currency: fc.constantFrom('BTC', 'ETH', 'USDC'),
  underlying: fc.constantFrom('BTC', 'ETH'),
  deltaCoin: fc.option(num, { nil: undefined }), deltaUsd: num, gammaCoin: fc.option(num, { nil: undefined }), vegaUsd: num,
  pnlInBinding: fc.option(num, { nil: undefined }), im: fc.option(num, { nil: undefined }),
}).map(({ im, ...f }): RowFiguresDto => ({ id, ...f, ...(im !== undefined ? { marginalIm: { pm: im } } : {}) }));

describe('RunningTotals', () => {
  it('equals the full exact sum per group after random sets and deletes', () => {
    const step = fc.tuple(fc.nat(9), fc.boolean(), figures('x'));
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const t = new RunningTotals(['pm'], (f) => groupKey('underlying', f));
      const live = new Map<string, RowFiguresDto>();
      for (const [i, del, f] of steps) {
        const id = `r${i}`;
        if (del) { t.delete(id); live.delete(id); } else { const g = { ...f, id }; t.set(id, g); live.set(id, g); }
      }
      for (const key of ['BTC', 'ETH']) {
        const rows: PositionDto[] = [...live.values()].filter((f) => f.underlying === key).map((f) => ({ id: f.id, instrument: 'X', size: '1' }));
        const want = summarize(key, key, rows, live, ['pm']);
        const got = t.subtotal(key, key);
        expect(got).toEqual(rows.length === 0 ? { key, label: key, count: 0, sums: {} } : want);
      }
    }), { numRuns: 300 });
  });

  it('a value with many decimals raises the scale of its column once and is summed exactly, never rounded', () => {
    const t = new RunningTotals([], () => '');
    t.set('a', { id: 'a', currency: 'BTC', deltaUsd: '1e-40' });
    t.set('b', { id: 'b', currency: 'BTC', deltaUsd: '2' });
    expect(t.subtotal('', 'all').sums['deltaUsd']).toBe('2.0000000000000000000000000000000000000001');
    t.delete('a');
    expect(t.subtotal('', 'all').sums['deltaUsd']).toBe('2');
    t.set('c', { id: 'c', currency: 'BTC', deltaUsd: '-2' });
    expect(t.subtotal('', 'all').sums['deltaUsd']).toBe('0');
  });
});
