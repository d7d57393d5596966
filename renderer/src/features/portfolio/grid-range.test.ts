import { describe, expect, it } from 'vitest';
import { bounds, extend, inBounds, isMultiCell, single } from './grid-range';

describe('grid range', () => {
  it('normalizes anchor and focus in any direction', () => {
    expect(bounds({ anchor: { row: 5, col: 3 }, focus: { row: 2, col: 1 } })).toEqual({ r0: 2, r1: 5, c0: 1, c1: 3 });
  });
  it('extends the focus and clamps at the edges', () => {
    let s = single({ row: 0, col: 0 });
    s = extend(s, -1, -1, 10, 4);
    expect(s.focus).toEqual({ row: 0, col: 0 });
    s = extend(extend(s, 3, 1, 10, 4), 20, 20, 10, 4);
    expect(s).toEqual({ anchor: { row: 0, col: 0 }, focus: { row: 9, col: 3 } });
    expect(isMultiCell(s)).toBe(true);
    expect(isMultiCell(single({ row: 1, col: 1 }))).toBe(false);
  });
  it('tests membership', () => {
    const b = bounds({ anchor: { row: 1, col: 1 }, focus: { row: 2, col: 2 } });
    expect(inBounds(b, 1, 2)).toBe(true);
    expect(inBounds(b, 3, 2)).toBe(false);
    expect(inBounds(null, 0, 0)).toBe(false);
  });
});
