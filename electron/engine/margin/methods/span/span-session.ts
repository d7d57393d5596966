/**
 * The incremental session of `span` (method-contract.ts `MethodSession`, book-session.ts): the
 * revalued positions' book (`fillSpan`: rows at the scan points, combined-commodity vectors) is
 * kept, a size edit re-sums one row and its group, a new instrument prices one row; the
 * per-position facts (file arrays, tiers, net short options) are collected again from the input
 * over the kept book (nothing priced), and the charges and explanation are `runSpan`'s. The scan
 * points are a function of the book's underlyings: kept while they are the same, else built afresh.
 */
import type { MarketView } from '../../../scenarios/market-view';
import { bookSession } from '../../book-session';
import type { MethodSession } from '../../method-contract';
import { fillSpan, runSpan, spanBuildKey, spanEnter, spanSessionFill, spanUnderlyings, type SpanBook } from './run-span';
import { spanScenarioSet } from './scenario-template';
import { resolveSpanParams } from './span-params';

/** A `span` session at `market` with parameter set `json` (throws `ParamsError` on a bad set). */
export function spanSession(market: MarketView, json: unknown): MethodSession {
  const params = resolveSpanParams(json);
  let last: { names: string; set: ReturnType<typeof spanScenarioSet>; key: string } | undefined;
  const setOf = (names: string[]) => {
    const text = names.join('\n');
    if (last?.names !== text) { const set = spanScenarioSet(params, names); last = { names: text, set, key: spanBuildKey(set, params) }; }
    return last;
  };
  return bookSession<SpanBook>(market, json, {
    keyOf: (input) => setOf(spanUnderlyings(input)).key,
    fill: (input) => fillSpan(market, params, input, setOf(spanUnderlyings(input)).set),
    books: (b) => [b.book],
    enters: (p) => !params.riskArrays[p.inst.symbol],
    set: (b, p) => spanEnter(b.book, params, p),
    remove: (b, id) => b.book.remove(id),
    prepare: (b, input) => spanSessionFill(market, params, input, b),
    run: runSpan,
  });
}
