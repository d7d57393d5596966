/**
 * The USD-margined copies of a book's instruments, for methods that margin everything in USD
 * (okx-pm, tims, hvar): one copy per instrument object with `groupCurrency: 'USD'`. Positions of
 * one symbol share one instrument object (instrument-adapter's cache), so `distinct` holds one
 * entry per instrument, in first-appearance order, and a bulk build prices each once.
 */
import type { MarginInstrument } from './margin-instrument';

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
