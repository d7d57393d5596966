/**
 * Reuse of priced risk arrays across runs of one book (the sweep, sweep.ts): inside
 * `withScenarioReuse`, a method asking for the risk arrays of a scenario set it has already been
 * given in this scope, against the same market view and valuation currency, gets the same
 * `RiskArrays` back, its rows already priced, so a run whose parameters change only the
 * aggregation re-prices nothing. The key is the scenario set itself (its JSON text), not a
 * declaration of which parameters are "aggregation only": a parameter that moves a scenario
 * changes the key and its rows are priced afresh. Outside a scope every call builds new arrays,
 * as before. The engine is synchronous, so one module-level scope at a time is enough.
 */
import type { MarketView } from '../scenarios/market-view';
import type { ScenarioSet } from '../scenarios/scenario-types';
import { RiskArrays, type RiskCurrency } from './risk-arrays';

interface Entry { key: string; market: MarketView; currency: RiskCurrency; arrays: RiskArrays }

/** What a reuse scope did: arrays built (rows priced) and arrays handed back already priced. */
export interface ReuseCounts { built: number; reused: number }

interface Built { key: string; market: MarketView; input: object; value: unknown }

let scope: { entries: Entry[]; builds: Built[]; counts: ReuseCounts } | undefined;

/** A built book handed in by an incremental session (`withBuiltBook`), in or out of a scope. */
let seeded: Built | undefined;

/**
 * Run `fn` with `value` as the built book of `key`, `market` and `input` (by identity): an
 * incremental session (book-session.ts) has kept it up to date with the book a fresh build of
 * `input` would make, so the method's own run aggregates and explains it without building. Any
 * other build (sub-books of the account view, marginal margin) is built as usual.
 */
export function withBuiltBook<T>(key: string, market: MarketView, input: object, value: unknown, fn: () => T): T {
  const prev = seeded;
  seeded = { key, market, input, value };
  try { return fn(); } finally { seeded = prev; }
}

/** Run `fn` with risk-array reuse on; scopes do not nest (an inner call shares the outer scope). */
export function withScenarioReuse<T>(fn: (counts: Readonly<ReuseCounts>) => T): T {
  if (scope) return fn(scope.counts);
  scope = { entries: [], builds: [], counts: { built: 0, reused: 0 } };
  try { return fn(scope.counts); } finally { scope = undefined; }
}

/** The built book `withBuiltBook` hands in for `key`, `market` and `input` (by identity), if any (for methods whose build is not a `reusableBuild`). */
export function builtBook<T>(key: string, market: MarketView, input: object): T | undefined {
  return seeded && seeded.input === input && seeded.market === market && seeded.key === key ? (seeded.value as T) : undefined;
}

/**
 * The built book handed in for `market` and `input` whose key starts with `prefix`, with its key:
 * for a run that would otherwise compute the key itself (hvar's is its whole scenario set's text).
 * Only an incremental session seeds one, after proving it is the build of `input`.
 */
export function seededBuild<T>(prefix: string, market: MarketView, input: object): { key: string; value: T } | undefined {
  return seeded && seeded.input === input && seeded.market === market && seeded.key.startsWith(prefix) ? { key: seeded.key, value: seeded.value as T } : undefined;
}

/** Count a build of priced rows made by the caller itself (deribit-pm's sweep prices the grids of all points as one set). */
export function noteScenarioBuild(): void {
  if (scope) scope.counts.built++;
}

/** Count a reuse of priced rows made by the caller itself (a method sharing a whole built book, not only its arrays). */
export function noteScenarioReuse(): void {
  if (scope) scope.counts.reused++;
}

/**
 * A method's whole built book over one scenario set (rows, positions summed into groups, the
 * per-instrument facts the aggregation reads): `build()` outside a scope; inside one, the value
 * built earlier for the same `key`, market and book (`input` by identity). `key` must fix
 * everything the build reads: the scenario set's text and any parameter the build itself uses
 * (SPAN's spread rates, OKX's MR3–MR7 rows). The value is shared: the aggregation must not change it.
 */
export function reusableBuild<T>(key: string, market: MarketView, input: object, build: () => T): T {
  if (seeded && seeded.input === input && seeded.market === market && seeded.key === key) return seeded.value as T;
  if (!scope) return build();
  const hit = scope.builds.find((e) => e.market === market && e.input === input && e.key === key);
  if (hit) { scope.counts.reused++; return hit.value as T; }
  const value = build();
  scope.builds.push({ key, market, input, value });
  return value;
}

/** The text a scenario set is known by in a scope (every shock, label and order). */
export function scenarioSetKey(set: ScenarioSet): string {
  return JSON.stringify(set);
}

/**
 * The risk arrays of `set` against `market` in `currency`: new ones outside a reuse scope; inside
 * one, those already built for an identical set (`key`, default `scenarioSetKey(set)`), market and
 * currency. A caller whose set is completed later (deribit-pm adds each underlying's shocks as it
 * meets it) passes a `key` that fixes the whole set, built from the parameters that make it.
 */
export function riskArraysFor(set: ScenarioSet, market: MarketView, currency: RiskCurrency, initialCapacity?: number, key?: string): RiskArrays {
  if (!scope) return new RiskArrays(set, market, currency, initialCapacity);
  const k = key ?? scenarioSetKey(set);
  const hit = scope.entries.find((e) => e.market === market && e.currency === currency && e.key === k);
  if (hit) { scope.counts.reused++; return hit.arrays; }
  const arrays = new RiskArrays(set, market, currency, initialCapacity);
  scope.entries.push({ key: k, market, currency, arrays });
  scope.counts.built++;
  return arrays;
}
