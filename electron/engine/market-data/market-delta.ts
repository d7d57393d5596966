/**
 * What changed between two market snapshots, and which instruments read a changed input
 * (issue 13 §3: the market editor's preview re-prices only those). Derived from the
 * interpolation in market-snapshot.ts, exactly as it reads the data:
 *
 * - **Vol surface.** `vol(u, T, K)` at year fraction t reads only the smiles of the slices that
 *   bracket t: t ≤ Y₀ (or a single slice) reads slice 0; Yᵢ < t < Yᵢ₊₁ reads slices i and i+1
 *   (total variance linear in t); t = Yᵢ₊₁ reads slice i+1 alone; t ≥ Yₙ₋₁ reads the last. So a
 *   change to slice s (any strike's vol, a strike added or removed) changes `vol` exactly for
 *   t in the open interval (Yₛ₋₁, Yₛ₊₁), with Y₋₁ = −∞ and Yₙ = +∞: the edited expiry and, through
 *   the time interpolation of total variance, every expiry strictly between its neighbouring
 *   quoted expiries. A scenario that reads the smile at another strike (sticky moneyness: K/g)
 *   reads the same expiry's function, so the same rule holds. Only options read vols. Adding or
 *   removing a whole quoted expiry changes the bracketing of every t: the underlying's options.
 * - **Forward curve.** F(t) is linear in log-basis between quoted expiries (flat annualised basis
 *   beyond the last, y(0) = 0): a change at curve node f changes F exactly for t in
 *   (Y′_f₋₁, Y′_f₊₁) (curve node times; Y′₋₁ = 0, Y′ₙ = +∞). The vol surface reads F twice: at t
 *   (the moneyness ln K/F(t)) and at each slice's expiry (the slice forward, fixed when the
 *   snapshot is built). So a forward change affects every dated instrument with t in a changed
 *   F interval, and the options bracketed by (reading) a slice whose expiry lies in one. Perpetuals
 *   read the index only. A curve node added or removed: every dated instrument of the underlying.
 * - **Index.** F = I·e^y for every t and the index itself enters perpetuals, USD conversions of
 *   coin-settled figures and the scenario grid: every instrument on the underlying or settled in it.
 * - **asOf, rates, an underlying added or removed:** everything (rates may discount any
 *   instrument; asOf moves every year fraction).
 *
 * `marketDelta(a, b).affects(inst)` is false only when every market input the instrument's
 * pricing reads is the same number in `a` and `b` (tested: market-delta.test.ts compares marks,
 * forwards and vols of every instrument not affected, to the bit, over random edits).
 */
import type { MarketSnapshot, VolQuote } from './market-snapshot';

/** The instrument terms the dependency rule needs (MarginInstrument and Instrument both have them). */
export interface DeltaInstrument {
  kind: string;
  underlying: string;
  settlementCurrency: string;
  expiryMs?: number;
}

/** The changes of one underlying present in both snapshots. */
export interface UnderlyingDelta {
  /** Index changed (every instrument on it or settled in it). */
  index: boolean;
  /** Open year-fraction intervals where the forward changed. */
  forwardIntervals: [number, number][];
  /** The set of quoted forward expiries changed: every dated instrument. */
  forwardNodes: boolean;
  /** Open year-fraction intervals where `vol` changed (options). */
  volIntervals: [number, number][];
  /** The set of quoted vol expiries changed: every option. */
  volNodes: boolean;
}

export interface MarketDelta {
  /** Nothing comparable (asOf, rates or the underlyings differ): every instrument is affected. */
  all: boolean;
  /** Per underlying with a change (absent: unchanged). */
  underlyings: Map<string, UnderlyingDelta>;
  /** Whether any input `inst`'s pricing reads differs between the two snapshots. */
  affects(inst: DeltaInstrument): boolean;
  /** Nothing changed. */
  readonly empty: boolean;
}

const sameQuotes = (a: readonly VolQuote[], b: readonly VolQuote[]): boolean =>
  a.length === b.length && a.every((q, i) => q.strike === b[i].strike && q.vol === b[i].vol);

/** Quotes grouped by expiry (the snapshot keeps them sorted by expiry, then strike). */
function byExpiry(quotes: readonly VolQuote[]): Map<number, VolQuote[]> {
  const m = new Map<number, VolQuote[]>();
  for (const q of quotes) {
    let l = m.get(q.expiryMs);
    if (!l) { l = []; m.set(q.expiryMs, l); }
    l.push(q);
  }
  return m;
}

const inside = (t: number, iv: readonly [number, number][]): boolean => iv.some(([lo, hi]) => t > lo && t < hi);

function sameRates(a: MarketSnapshot, b: MarketSnapshot): boolean {
  const ra = a.rateTable(), rb = b.rateTable();
  const ka = Object.keys(ra).sort(), kb = Object.keys(rb).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && ra[k] === rb[k]);
}

function underlyingDelta(a: MarketSnapshot, b: MarketSnapshot, u: string): UnderlyingDelta | undefined {
  const d: UnderlyingDelta = { index: a.index(u) !== b.index(u), forwardIntervals: [], forwardNodes: false, volIntervals: [], volNodes: false };
  const years = (e: number) => a.yearFraction(e); // same asOf in both
  // Forward curve.
  const fa = a.forwardQuotes(u), fb = b.forwardQuotes(u);
  if (fa.length !== fb.length || fa.some((f, i) => f.expiryMs !== fb[i].expiryMs)) d.forwardNodes = true;
  else {
    for (let i = 0; i < fa.length; i++) {
      if (fa[i].price === fb[i].price) continue;
      d.forwardIntervals.push([i === 0 ? 0 : years(fa[i - 1].expiryMs), i === fa.length - 1 ? Infinity : years(fa[i + 1].expiryMs)]);
    }
  }
  // Vol slices: their smiles and their forwards.
  const ea = a.volExpiries(u), eb = b.volExpiries(u);
  if (ea.length !== eb.length || ea.some((e, i) => e !== eb[i])) d.volNodes = true;
  else if (!d.index && !d.forwardNodes) {
    const qa = byExpiry(a.volQuotes(u)), qb = byExpiry(b.volQuotes(u));
    for (let s = 0; s < ea.length; s++) {
      const e = ea[s];
      const ys = years(e);
      const smile = !sameQuotes(qa.get(e)!, qb.get(e)!);
      const forward = inside(ys, d.forwardIntervals);
      if (!smile && !forward) continue;
      d.volIntervals.push([s === 0 ? -Infinity : years(ea[s - 1]), s === ea.length - 1 ? Infinity : years(ea[s + 1])]);
    }
  }
  const changed = d.index || d.forwardNodes || d.volNodes || d.forwardIntervals.length > 0 || d.volIntervals.length > 0;
  return changed ? d : undefined;
}

/** The difference between snapshots `a` and `b` (see the module doc for the rules). */
export function marketDelta(a: MarketSnapshot, b: MarketSnapshot): MarketDelta {
  const ua = a.underlyings(), ub = b.underlyings();
  const all = a.asOfMs !== b.asOfMs || !sameRates(a, b) || ua.length !== ub.length || ua.some((u, i) => u !== ub[i]);
  const underlyings = new Map<string, UnderlyingDelta>();
  if (!all) for (const u of ua) { const d = underlyingDelta(a, b, u); if (d) underlyings.set(u, d); }
  const affects = (inst: DeltaInstrument): boolean => {
    if (all) return true;
    const settle = underlyings.get(inst.settlementCurrency.toUpperCase());
    if (settle?.index) return true;
    const d = underlyings.get(inst.underlying);
    if (!d) return false;
    if (d.index) return true;
    if (inst.expiryMs === undefined) return false; // perpetual, spot: the index only
    const t = a.yearFraction(inst.expiryMs);
    if (d.forwardNodes || inside(t, d.forwardIntervals)) return true;
    if (inst.kind !== 'option') return false;
    return d.volNodes || inside(t, d.volIntervals);
  };
  return { all, underlyings, affects, empty: !all && underlyings.size === 0 };
}
