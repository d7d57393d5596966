/**
 * The incremental session of `okx-pm` (method-contract.ts `MethodSession`, book-session.ts): the
 * built book (`fillOkx`: MR1/MR6 and MR2 rows, risk-unit vectors, the MR3–MR7 extra rows by
 * instrument) is kept, a size edit re-sums one row and its unit in both books, a new instrument
 * prices one row in each and makes its extra row; the units' holdings are read again from the
 * books (`okxWithUnits`, as a fresh build reads them) and the composition and explanation are
 * `runOkxPm`'s. The scenarios are a function of the book's underlyings: kept while they are the
 * same, else built afresh.
 */
import type { MarketView } from '../../../scenarios/market-view';
import { bookSession } from '../../book-session';
import type { MethodSession } from '../../method-contract';
import { resolveOkxPmParams } from './okx-pm-params';
import { fillOkx, okxBuildKey, okxEnter, okxUnderlyings, okxWithUnits, runOkxPm, type OkxBook } from './run-okx-pm';
import { okxScenarioSet } from './scenario-template';

/** An `okx-pm` session at `market` with parameter set `json` (throws `ParamsError` on a bad set). */
export function okxSession(market: MarketView, json: unknown): MethodSession {
  const p = resolveOkxPmParams(json);
  let last: { names: string; sets: ReturnType<typeof okxScenarioSet>; key: string } | undefined;
  const setsOf = (names: string[]) => {
    const text = names.join('\n');
    if (last?.names !== text) { const sets = okxScenarioSet(p, names); last = { names: text, sets, key: okxBuildKey(sets, p) }; }
    return last;
  };
  return bookSession<OkxBook>(market, json, {
    keyOf: (input) => setsOf(okxUnderlyings(input)).key,
    fill: (input) => fillOkx(market, p, input, setsOf(okxUnderlyings(input)).sets),
    books: (b) => [b.book, b.decay],
    set: (b, x) => okxEnter(b, market, p, x),
    remove: (b, id) => { b.book.remove(id); b.decay.remove(id); },
    prepare: (b) => okxWithUnits(b),
    run: runOkxPm,
  });
}
