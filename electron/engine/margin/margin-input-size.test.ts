import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { exactSizeText, parseMarginInput, sizeNumber } from './margin-input';

const book = (sizes: unknown[]) => parseMarginInput({ name: 't', positions: sizes.map((size, i) => ({ id: `p${i}`, instrument: 'BTC-PERPETUAL', size })) as never });

describe('exactSizeText / sizeNumber', () => {
  it('a parsed position: its own text, and the float of its decimal', () => {
    const texts = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 12 })).map(([n, k]) => (n / 10 ** k).toFixed(k));
    fc.assert(fc.property(fc.array(texts, { minLength: 1, maxLength: 20 }), (sizes) => {
      for (const p of book([...sizes, '-0', '1.50', '0.0']).positions) {
        expect(exactSizeText(p)).toBe(p.sizeText);
        expect(Object.is(sizeNumber(p), p.size.toNumber())).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('a copy with another size keeps the old text: not exact; a number size has no text', () => {
    const [p] = book(['2.5']).positions;
    const copy = { ...p, size: new Dec('3') };
    expect(exactSizeText(copy)).toBeUndefined();
    expect(sizeNumber(copy)).toBe(3);
    expect(exactSizeText({ ...p, size: new Dec('2.50') })).toBe('2.5');
    const [q] = book([1.25]).positions;
    expect(exactSizeText(q)).toBeUndefined();
    expect(sizeNumber(q)).toBe(1.25);
  });
});
