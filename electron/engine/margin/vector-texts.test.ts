/** vectorTexts (vector-texts.ts): always `halfEvenText` of each entry, whatever was kept before (changed floats, lengths, decimals). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { halfEvenText } from './half-even-text';
import { vectorTexts } from './vector-texts';

describe('vectorTexts', () => {
  it('equals halfEvenText entry by entry across successive calls on one owner', () => {
    const float = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.constantFrom(0, -0, 0.125, 1.005));
    fc.assert(fc.property(fc.array(fc.record({ v: fc.array(float, { maxLength: 12 }), dp: fc.integer({ min: 0, max: 4 }), edits: fc.array(fc.tuple(fc.nat(), float), { maxLength: 3 }) }), { minLength: 1, maxLength: 5 }), (calls) => {
      const owner = {};
      let v: number[] = [];
      for (const c of calls) {
        v = v.length > 0 && c.edits.length > 0 ? v.map((x, i) => c.edits.find(([at]) => at % v.length === i)?.[1] ?? x) : c.v;
        expect(vectorTexts(owner, 'a', v, c.dp)).toEqual(v.map((x) => halfEvenText(x, c.dp)));
      }
    }));
  });
});
