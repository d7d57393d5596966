/**
 * The incremental session of `tims` (method-contract.ts `MethodSession`, book-session.ts): the
 * built book (`fillTims`: every instrument revalued at the valuation points, class-group vectors)
 * is kept, a size edit re-sums one row and its class group, a new instrument prices one row; the
 * net sizes per instrument (the per-contract minimum) are re-summed in the input's order, as
 * `fillTims` sums them (only the instruments of changed positions: `timsSessionNet`); product groups and the explanation are `runTims`'s. The valuation
 * points are a function of the book's underlyings: kept while they are the same, else built afresh.
 */
import type { MarketView } from '../../../scenarios/market-view';
import { bookSession } from '../../book-session';
import type { MethodSession } from '../../method-contract';
import { fillTims, runTims, timsBuildKey, timsEnter, timsSessionNet, timsUnderlyings, type TimsBook } from './run-tims';
import { timsScenarioSet } from './scenario-template';
import { resolveTimsParams } from './tims-params';

/** A `tims` session at `market` with parameter set `json` (throws `ParamsError` on a bad set). */
export function timsSession(market: MarketView, json: unknown): MethodSession {
  const p = resolveTimsParams(json);
  let last: { names: string; set: ReturnType<typeof timsScenarioSet>; key: string } | undefined;
  const setOf = (names: string[]) => {
    const text = names.join('\n');
    if (last?.names !== text) { const set = timsScenarioSet(p, names); last = { names: text, set, key: timsBuildKey(set) }; }
    return last;
  };
  return bookSession<TimsBook>(market, json, {
    keyOf: (input) => setOf(timsUnderlyings(input)).key,
    fill: (input) => fillTims(market, setOf(timsUnderlyings(input)).set, input),
    books: (b) => [b.book],
    set: (b, x) => timsEnter(b.book, x),
    remove: (b, id) => b.book.remove(id),
    prepare: (b, input) => ({ ...b, net: timsSessionNet(b, input) }),
    run: runTims,
  });
}
