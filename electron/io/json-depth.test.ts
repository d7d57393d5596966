/**
 * The JSON depth limit (`MAX_JSON_DEPTH`, checked by `parseJsonText` for every JSON file) at its
 * boundary: the top value is depth 0 and every value counts (a leaf or an empty container), so 32
 * nested containers holding a value pass and 33 fail — arrays, objects, mixed, and the deep value anywhere in a wide file.
 */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonText } from './json-formats';

const arrays = (n: number, leaf: string) => '['.repeat(n) + leaf + ']'.repeat(n);
const objects = (n: number, leaf: string) => '{"a":'.repeat(n) + leaf + '}'.repeat(n);
const mixed = (n: number, leaf: string) => {
  let s = leaf;
  for (let i = 0; i < n; i++) s = i % 2 ? `[1, ${s}]` : `{"k": "v", "x": ${s}}`;
  return s;
};
const deep = (text: string) => { const r = parseJsonText(text); return 'json' in r ? 'ok' : r.issues.map((i) => i.code).join(); };

describe('JSON depth limit', () => {
  it('is 32', () => expect(MAX_JSON_DEPTH).toBe(32));
  for (const [name, make] of [['arrays', arrays], ['objects', objects], ['mixed', mixed]] as const) {
    it(`${name}: a value at depth 32 passes, at depth 33 fails (leaves and empty containers alike)`, () => {
      expect(deep(make(32, '1'))).toBe('ok');
      expect(deep(make(33, '1'))).toBe('too-deep');
      expect(deep(make(32, 'null'))).toBe('ok');
      expect(deep(make(33, '"x"'))).toBe('too-deep');
      expect(deep(make(32, '[]'))).toBe('ok');
      expect(deep(make(32, '{}'))).toBe('ok');
      expect(deep(make(33, '[]'))).toBe('too-deep');
      expect(deep(make(33, '{}'))).toBe('too-deep');
    });
  }
  it('finds the deep value anywhere in a wide file (last position of 20,000)', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `{"id": "p${i}", "size": "1"}`);
    expect(deep(`{"positions": [${rows.join(',')}]}`)).toBe('ok');
    rows[19_999] = `{"id": "x", "note": ${arrays(30, '1')}}`;
    expect(deep(`{"positions": [${rows.join(',')}]}`)).toBe('too-deep');
    rows[19_999] = `{"id": "x", "note": ${arrays(29, '1')}}`;
    expect(deep(`{"positions": [${rows.join(',')}]}`)).toBe('ok');
  });
});
