import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, writeJson } from './json-stream';

describe('streamed JSON (pmdesk margin --format json)', () => {
  it('joins to exactly JSON.stringify(value, null, 2) for generated values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 7 }), fc.integer({ min: 1, max: 64 }), (v, chunk) => {
      expect((jsonChunks(v, 2, chunk)).join('')).toBe(JSON.stringify(v, null, 2));
    }), { numRuns: 500 });
  });
  it('drops undefined members, writes undefined array items as null, defers to toJSON', () => {
    const v = { deep: [{ x: [[{ y: [undefined, { z: 'a\nb' }] }]] }], a: undefined, b: [undefined, 1, () => 0], d: new Date(Date.UTC(2026, 0, 2)), e: {}, f: [], g: { h: 'x' } };
    expect((jsonChunks(v)).join('')).toBe(JSON.stringify(v, null, 2));
  });
  it('arrays of rows nested at any depth, sliced at any chunk size, join to JSON.stringify', () => {
    const row = fc.record({ id: fc.string(), v: fc.oneof(fc.double(), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 3 })), s: fc.string({ maxLength: 300 }) }, { requiredKeys: ['id'] });
    fc.assert(fc.property(fc.array(fc.oneof(row, fc.constant(undefined), fc.constant(null), fc.integer()), { maxLength: 200 }), fc.integer({ min: 1, max: 4096 }), (rows, chunk) => {
      const v = { a: { b: { rows, c: { rows } } }, rows };
      expect(jsonChunks(v, 2, chunk).join('')).toBe(JSON.stringify(v, null, 2));
      expect(jsonChunks(v, 3, chunk).join('')).toBe(JSON.stringify(v, null, 3));
    }), { numRuns: 300 });
  });
  it('writes a large value in many pieces, each bounded', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ positionId: `p${i}`, pnl: `-${i}.125`, marginal: '0.5' }));
    const pieces: string[] = [];
    writeJson((t) => pieces.push(t), { rows });
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan((1 << 16) + 200);
    expect(pieces.join('')).toBe(`${JSON.stringify({ rows }, null, 2)}\n`);
  });
});
