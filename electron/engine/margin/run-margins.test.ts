/**
 * `runMargins` (registry.ts): every method on one book with the book and market parsed once must
 * give, per method, exactly what `runMargin` gives — the same result JSON, or the same error
 * message — for every registered method, with and without the account view and marginal margin,
 * and for unknown ids, a bad book, a bad market and one method's bad parameters.
 */
import { describe, expect, it } from 'vitest';
import { MARGIN_METHODS, runMargin, runMargins, type MarginRunOutcome } from './registry';
import { syntheticMarket, syntheticPositions } from './synthetic-book';

const syn = syntheticMarket(['BTC', 'ETH'], 24);
const book = {
  name: 'b',
  balances: [{ currency: 'BTC', amount: '2.5' }, { currency: 'USDC', amount: '50000' }],
  positions: syntheticPositions([...syn.options, ...syn.deltaOne], 120).map((p, i) => ({ ...p, id: `p${i}` })),
};
const ids = Object.keys(MARGIN_METHODS);

/** What `runMargin` gives for one method, in `runMargins`' outcome form (errors by message). */
function single(methodId: string, portfolio: unknown, snapshot: unknown, opts: { params?: unknown; account?: boolean; marginal?: boolean }): unknown {
  try { return { methodId, ok: true, result: JSON.parse(JSON.stringify(runMargin({ methodId, portfolio: portfolio as typeof book, snapshot, params: opts.params, account: opts.account, marginal: opts.marginal }))) }; } catch (e) {
    return { methodId, ok: false, error: (e as Error).message };
  }
}
function comparable(o: MarginRunOutcome): unknown {
  return o.ok ? { methodId: o.methodId, ok: true, result: JSON.parse(JSON.stringify(o.result)) } : { methodId: o.methodId, ok: false, error: (o.error as Error).message };
}

describe('runMargins: one parse, the results of runMargin', () => {
  for (const opts of [{}, { account: false, marginal: false }]) {
    it(`every registered method, ${JSON.stringify(opts)}`, () => {
      const many = runMargins(ids.map((methodId) => ({ methodId })), book, syn.market, opts);
      expect(many.map((o) => o.methodId)).toEqual(ids);
      expect(many.every((o) => o.ok)).toBe(true);
      many.forEach((o, k) => expect(comparable(o)).toEqual(single(ids[k], book, syn.market, opts)));
    });
  }
  it('unknown ids, one method with bad parameters, the same method twice: the others still run', () => {
    const bad = { definitely: 'not a parameter set' };
    const runs = [{ methodId: 'no-such-method' }, { methodId: ids[0], params: bad }, { methodId: ids[1] }, { methodId: ids[0] }];
    const many = runMargins(runs, book, syn.market, { account: false });
    expect(many.map(comparable)).toEqual(runs.map((r) => single(r.methodId, book, syn.market, { params: r.params, account: false })));
    expect(many.map((o) => o.ok)).toEqual([false, false, true, true]);
  });
  it('a bad book or a bad market: the message runMargin gives, for every method', () => {
    const badBook = { ...book, positions: [...book.positions, { id: 'x', instrument: 'BTC-NOT-A-SYMBOL', size: '1' }] };
    const badMarket = { ...syn.market, asOf: 'yesterday' };
    for (const [p, m] of [[badBook, syn.market], [book, badMarket]] as const) {
      const many = runMargins(ids.map((methodId) => ({ methodId })), p, m, { account: false });
      expect(many.every((o) => !o.ok)).toBe(true);
      expect(many.map(comparable)).toEqual(ids.map((id) => single(id, p, m, { account: false })));
    }
  });
});
