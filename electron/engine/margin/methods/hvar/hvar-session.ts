/**
 * The incremental session of `hvar` (method-contract.ts `MethodSession`, book-session.ts): the
 * built book (`fillHvar`: every instrument priced under the historical scenarios, group vectors)
 * is kept, a size edit re-sums one row and its group, a new instrument prices one row; the tail
 * measures and the explanation are `runHvar`'s over it. The scenario set is a function of the
 * book's underlyings: kept while they are the same, else the book is built afresh.
 */
import type { MarketView } from '../../../scenarios/market-view';
import { bookSession } from '../../book-session';
import type { MethodSession } from '../../method-contract';
import { resolveHvarParams } from './hvar-params';
import { fillHvar, hvarBuildKey, hvarEntry, runHvar, underlyingsOf, type HvarBook } from './run-hvar';
import { hvarScenarios, type HvarScenarios } from './scenario-template';

/** An `hvar` session at `market` with parameter set `json` (throws `ParamsError` on a bad set). */
export function hvarSession(market: MarketView, json: unknown): MethodSession {
  const p = resolveHvarParams(json);
  // The scenarios (and their key text) of the last underlyings seen.
  let last: { names: string; scen: HvarScenarios; key: string } | undefined;
  const scenOf = (names: string[]) => {
    const text = names.join('\n');
    if (last?.names !== text) { const scen = hvarScenarios(p, names, market.asOfMs); last = { names: text, scen, key: hvarBuildKey(scen) }; }
    return last;
  };
  return bookSession<HvarBook>(market, json, {
    keyOf: (input) => scenOf(underlyingsOf(input)).key,
    fill: (input) => fillHvar(market, input, scenOf(underlyingsOf(input)).scen),
    books: (b) => [b.book],
    set: (b, x) => { const e = hvarEntry(x); b.book.set(x.id, e.inst, e.text ?? x.size, e.text); },
    remove: (b, id) => b.book.remove(id),
    run: runHvar,
  });
}
