/**
 * The incremental session of the `linear-shock` placeholder (method-contract.ts `MethodSession`):
 * its book is a `RiskBook` of the delta-one positions over one fixed scenario set, so it is
 * served by `bookSession` (book-session.ts): a size edit re-sums one row, a new instrument prices
 * one row, an option position (never entered) changes nothing; `runLinearShock` aggregates the
 * kept book as it would a fresh one.
 */
import type { MarketView } from '../../../scenarios/market-view';
import { bookSession } from '../../book-session';
import type { MethodSession } from '../../method-contract';
import type { RiskBook } from '../../risk-book';
import { fillLinearShock, LINEAR_SHOCK_BUILD_KEY, linearShockEnters, runLinearShock } from './run-linear-shock';

/** A `linear-shock` session at `market` (the method has no parameters; `json` is checked by its run). */
export function linearShockSession(market: MarketView, json: unknown): MethodSession {
  return bookSession<RiskBook>(market, json, {
    keyOf: () => LINEAR_SHOCK_BUILD_KEY,
    fill: (input) => fillLinearShock(market, input),
    books: (b) => [b],
    enters: linearShockEnters,
    set: (b, x) => { if (linearShockEnters(x)) b.set(x.id, x.inst, x.size); else b.remove(x.id); },
    remove: (b, id) => b.remove(id),
    run: runLinearShock,
  });
}
