import { describe, expect, it } from 'vitest';
import type { MethodParamDto } from '../../../../shared/ipc/method-params';
import { editedSet, ParamDraftError, paramRows, valueAt, withValueAt } from './param-set-draft';

const p = (example: string, def: string | null = '1'): MethodParamDto => ({ path: example, example, min: 0, max: 1, minOpen: true, maxOpen: true, integer: false, range: '(0, 1)', default: def });

describe('paths', () => {
  it('reads and writes dotted paths with list entries, creating containers, leaving the input alone', () => {
    const base = { a: { b: 1 }, l: [{ w: 2 }] };
    expect(valueAt(base, 'a.b')).toBe(1);
    expect(valueAt(base, 'l[0].w')).toBe(2);
    expect(valueAt(base, 'x.y')).toBeUndefined();
    const out = withValueAt(base, 'c.d[1].e', 5);
    expect(out).toEqual({ a: { b: 1 }, l: [{ w: 2 }], c: { d: [undefined, { e: 5 }] } });
    expect(base).toEqual({ a: { b: 1 }, l: [{ w: 2 }] });
  });
});

describe('paramRows', () => {
  it('the value of the base set with its name as the source, else the default and its citation', () => {
    const rows = paramRows([p('a.b'), p('a.c')], { a: { b: 0.2 } }, 'set S rev 2', 'doc A');
    expect(rows.map((r) => [r.example, r.base, r.source])).toEqual([['a.b', '0.2', 'set S rev 2'], ['a.c', null, 'default doc A']]);
    expect(paramRows([p('a.b')], undefined, undefined, 'doc A')[0]!.source).toBe('default doc A');
  });
});

describe('editedSet', () => {
  it('writes typed decimals as numbers over the base set; empty text keeps the base', () => {
    expect(editedSet({ a: { b: 0.2, k: 'x' } }, { 'a.b': ' 0.3 ', 'a.c': '', 'd.e': '1e-3' })).toEqual({ a: { b: 0.3, k: 'x' }, d: { e: 0.001 } });
  });
  it('a block the base lacks is written whole: its other declared parameters at their defaults', () => {
    const params = [p('f.BTC.a', '1'), p('f.BTC.b', '2'), p('g.c', '3')];
    expect(editedSet(undefined, { 'f.BTC.a': '5' }, params)).toEqual({ f: { BTC: { a: 5, b: 2 } } });
    // A block the base has is changed in its one field.
    expect(editedSet({ f: { BTC: { a: 1 } } }, { 'f.BTC.a': '5' }, params)).toEqual({ f: { BTC: { a: 5 } } });
  });
  it('refuses non-decimal text naming every path, and an unchanged set', () => {
    expect(() => editedSet({}, { 'a.b': '0.3x', 'a.c': 'Infinity' })).toThrow(new ParamDraftError('a.b: "0.3x" is not a decimal number; a.c: "Infinity" is not a decimal number'));
    expect(() => editedSet({}, { 'a.b': ' ' })).toThrow(/no parameter changed/);
  });
});
