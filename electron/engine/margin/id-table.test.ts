import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, toDecimalString } from '../money';
import { exactScaledSum, exactSum, POW10, scaledInt, scaledOf, scan } from './exact-sum';
import { IdTable } from './id-table';

describe('IdTable', () => {
  it('behaves like a Map<string, slot> under inserts, moves, removes and resets', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('set' as const), id: fc.string({ maxLength: 4 }) }),
      fc.record({ k: fc.constant('del' as const), id: fc.string({ maxLength: 4 }) }),
      fc.record({ k: fc.constant('add' as const), id: fc.string({ maxLength: 4 }) }),
      fc.record({ k: fc.constant('reset' as const), id: fc.constant('') }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const slots: (string | undefined)[] = [];
      const t = new IdTable((s) => slots[s]!);
      const ref = new Map<string, number>();
      for (const o of ops) {
        if (o.k === 'set') {
          if (t.get(o.id) < 0) { slots.push(o.id); t.insert(o.id, slots.length - 1); ref.set(o.id, slots.length - 1); } else { slots.push(o.id); t.move(o.id, slots.length - 1); slots[ref.get(o.id)!] = undefined; ref.set(o.id, slots.length - 1); }
        } else if (o.k === 'add') {
          const had = ref.get(o.id);
          const r = t.insertIfAbsent(o.id, slots.length);
          if (had !== undefined) expect(r).toBe(had); else { expect(r).toBe(-1); slots.push(o.id); ref.set(o.id, slots.length - 1); }
        } else if (o.k === 'del') {
          t.remove(o.id);
          if (ref.has(o.id)) { slots[ref.get(o.id)!] = undefined; ref.delete(o.id); }
        } else {
          const live = slots.filter((s) => s !== undefined) as string[];
          slots.length = 0; slots.push(...live);
          ref.clear(); live.forEach((s, i) => ref.set(s, i));
          t.reset(live.length);
        }
        expect(t.size).toBe(ref.size);
      }
      for (const [id, s] of ref) expect(t.get(id)).toBe(s);
      expect(t.get('\u0000absent')).toBe(-1);
    }), { numRuns: 300 });
  });

  it('holds 50,000 ids', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `p${i}`);
    const t = new IdTable((s) => ids[s]);
    ids.forEach((id, i) => t.insert(id, i));
    expect(ids.every((id, i) => t.get(id) === i)).toBe(true);
    expect(t.get('p50000')).toBe(-1);
  });
});

describe('scaledInt / exactScaledSum (allocation-free forms of scaledOf / exactSum)', () => {
  const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;
  const text = fc.oneof(
    fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 8 })).map(([n, dp]) => new Dec(n).div(10 ** dp).toFixed()),
    fc.stringMatching(/^-?\d{1,18}(\.\d{0,24})?$/),
    fc.constantFrom('', '-', '.5', '1.', '+1', '1e5', '-0', '0.000', '00.10', '9007199254740993', '0.1234567890123456'),
  );

  it('agrees with scaledOf, the canonical-text regex and Number()', () => {
    fc.assert(fc.property(text, (t) => {
      const n = scaledInt(t);
      const ref = scaledOf(t);
      if (ref === null) expect(Number.isNaN(n)).toBe(true);
      else {
        expect(Object.is(n, ref.n)).toBe(true);
        expect(scan.dp).toBe(ref.dp);
        expect(Object.is(n / POW10[scan.dp], Number(t))).toBe(true);
      }
      if (/^-?\d+(\.\d*)?$/.test(t)) expect(scan.canonical).toBe(CANONICAL.test(t));
    }), { numRuns: 3000 });
  });

  it('exactScaledSum equals exactSum and the exact decimal sum', () => {
    const dec = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([n, dp]) => toDecimalString(new Dec(n).div(10 ** dp)));
    fc.assert(fc.property(fc.array(dec, { minLength: 1, maxLength: 20 }), (xs) => {
      const ps = xs.map((x) => { const sn = scaledInt(x); return { sn, sdp: scan.dp }; });
      expect(exactScaledSum(ps)).toBe(exactSum(xs.map((x) => scaledOf(x)!)));
    }), { numRuns: 500 });
  });
});
