/**
 * The USD-margined copies of a book's instruments, for methods that margin everything in USD
 * (okx-pm, tims, hvar): one copy per instrument object with `groupCurrency: 'USD'`. Positions of
 * one symbol share one instrument object (instrument-adapter's cache), so `distinct` holds one
 * entry per instrument, in first-appearance order, and a bulk build prices each once.
 */
import type { ScenarioSet } from '../scenarios/scenario-types';
import type { MarketView } from '../scenarios/market-view';
import type { MarginPosition } from './margin-input';
import type { MarginInstrument } from './margin-instrument';
import { RiskBook } from './risk-book';
import { riskArraysFor } from './scenario-reuse';

export interface UsdInstruments {
  /** Per position (same index), its instrument's USD copy. */
  insts: MarginInstrument[];
  /** The distinct USD copies, in first-appearance order. */
  distinct: MarginInstrument[];
  /** The instrument objects they copy, in the same order. */
  originals: MarginInstrument[];
}

/** The USD copy of each position's instrument, and the distinct copies. */
export function usdInstruments(positions: readonly { inst: MarginInstrument }[]): UsdInstruments {
  const usd = new Map<MarginInstrument, MarginInstrument>();
  const insts = new Array<MarginInstrument>(positions.length);
  for (let i = 0; i < positions.length; i++) {
    const inst = positions[i]!.inst;
    let u = usd.get(inst);
    if (u === undefined) { u = { ...inst, groupCurrency: 'USD' }; usd.set(inst, u); }
    insts[i] = u;
  }
  return { insts, distinct: [...usd.values()], originals: [...usd.keys()] };
}

/**
 * A USD book of `positions` built in bulk (span, tims): each distinct instrument priced once up
 * front, room for every position at once (the columns would otherwise double from 16), the
 * positions appended with `addNew` in input order. Undefined when anything throws: the caller
 * then enters position by position on a new book, so errors name the position exactly as before.
 */
export function usdBookBulk(set: ScenarioSet, market: MarketView, positions: readonly MarginPosition[]): RiskBook | undefined {
  const { insts, distinct } = usdInstruments(positions);
  try {
    const book = new RiskBook(riskArraysFor(set, market, 'usd', Math.max(1, distinct.length)));
    book.arrays.ensureAll(distinct);
    book.reserve(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const x = positions[i]!;
      book.addNew(x.id, insts[i]!, x.sizeText ?? x.size, x.sizeText);
    }
    return book;
  } catch {
    return undefined;
  }
}
