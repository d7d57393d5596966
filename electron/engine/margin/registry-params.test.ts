// The method list's parameter info (app:info, the sweep view): every declared numeric parameter
// with its range, its default value read from the method's own defaults, and a source.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { MethodParamsSchema } from '../../../shared/ipc/method-params';
import { MARGIN_METHODS, marginMethodList } from './registry';
import { decimalInBound } from './numeric-params';
import { DEFAULT_PAIR } from './methods/deribit-pm/deribit-params';

describe('marginMethodList parameters', () => {
  const list = marginMethodList();
  it('lists every declared numeric parameter of every method, JSON-safe and schema-valid', () => {
    for (const e of list) {
      const parsed = v.safeParse(MethodParamsSchema, JSON.parse(JSON.stringify(e.parameters)));
      expect(parsed.success, `${e.id}: ${parsed.issues?.map((i) => i.message).join('; ')}`).toBe(true);
      expect(e.parameters.params.map((p) => p.path)).toEqual(MARGIN_METHODS[e.id].numericParams.map((p) => p.path));
      expect(e.parameters.source.length).toBeGreaterThan(0);
    }
  });
  it('each default lies inside its own declared range', () => {
    for (const e of list) {
      const m = MARGIN_METHODS[e.id];
      for (const p of e.parameters.params) {
        if (p.default === null) continue;
        const declared = m.numericParams.find((q) => q.path === p.path)!;
        expect(() => decimalInBound(p.example, declared, p.default!)).not.toThrow();
      }
    }
  });
  it('reads Deribit price_range from its defaults and gives the open range the parser applies', () => {
    const d = list.find((e) => e.id === 'deribit-pm')!.parameters.params.find((p) => p.example === 'currency_pair.btc_usd.price_range')!;
    // Missing pairs take the documented default pair (deribit-params.ts).
    expect(d.default).toBe(String(DEFAULT_PAIR.price_range));
    expect(() => MARGIN_METHODS['deribit-pm'].parseParams({ currency_pair: { btc_usd: { price_range: d.max! + 1 } } })).toThrow();
    expect(d.range).toMatch(/^[[(]/);
  });
});
