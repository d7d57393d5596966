/**
 * Static-arbitrage checks of a market snapshot's implied-vol surface, reported as warnings (the
 * market editor shows them; nothing is changed or "fixed" here).
 *
 * 1. **Calendar**: total implied variance w(k, T) = σ(k, T)²·T must be non-decreasing in T at
 *    fixed log-moneyness k = ln(K/F(T)) (Gatheral & Jacquier, "Arbitrage-free SVI volatility
 *    surfaces", Quantitative Finance 14(1), 2014, Lemma 2.1 / Definition 2.1: ∂w/∂T ≥ 0; the
 *    same condition in Gatheral, "The Volatility Surface", Wiley 2006, ch. 2). Checked for each
 *    pair of adjacent quoted expiries at every quoted strike of either expiry whose k lies inside
 *    both smiles' quoted k-range, reading each smile as the engine prices it
 *    (`MarketSnapshot.vol` at a quoted expiry returns that expiry's own smile at K = F·eᵏ).
 * 2. **Butterfly**: undiscounted call prices C(K) = F·N(d₁) − K·N(d₂) (Black 1976) must be convex
 *    in K — the risk-neutral density ∂²C/∂K² ≥ 0 (Breeden & Litzenberger, J. Business 51(4),
 *    1978), whose discrete form on quoted strikes K₁ < K₂ < K₃ is a non-negative butterfly
 *    B = [(K₃−K₂)·C₁ + (K₂−K₁)·C₃]/(K₃−K₁) − C₂ ≥ 0 (Carr & Madan, "A note on sufficient
 *    conditions for no arbitrage", Finance Research Letters 2, 2005, condition on butterfly
 *    spreads). In total-variance terms this is Gatheral & Jacquier (2014) eq. (2.1),
 *    g(k) = (1 − k·w′/(2w))² − (w′²/4)(1/w + 1/4) + w″/2 ≥ 0, since the density is
 *    g(k)/√(2πw)·exp(−d₂²/2) (ibid. §2.2); the discrete price form needs no derivative of the
 *    interpolated smile, so a warning names exactly the three quotes that cause it.
 *    Discounting multiplies every C by the same e^{−rT} > 0, so the sign does not depend on rates.
 *
 * Tolerances: a violation must exceed float64 noise, relative 1e-12 of the compared quantity
 * (the quoted inputs have at most ~16 significant digits; no published tolerance applies).
 */
import type { MarketSnapshot } from '../market-data';
import { black76Value } from '../pricing';

/** Relative size below which a violation is float64 noise. */
export const ARBITRAGE_RELATIVE_TOLERANCE = 1e-12;

/** Total variance decreasing between two adjacent expiries at one log-moneyness. */
export interface CalendarWarning {
  kind: 'calendar';
  underlying: string;
  /** The earlier and the later expiry (epoch ms). */
  earlierExpiryMs: number;
  laterExpiryMs: number;
  /** The quote the point comes from: its expiry (one of the two) and strike. */
  expiryMs: number;
  strike: number;
  /** k = ln(K/F(T)) of that quote. */
  logMoneyness: number;
  /** w = σ²T at k on the earlier and on the later expiry (later < earlier: the violation). */
  earlierTotalVariance: number;
  laterTotalVariance: number;
}

/** A negative butterfly on three adjacent quoted strikes of one expiry. */
export interface ButterflyWarning {
  kind: 'butterfly';
  underlying: string;
  expiryMs: number;
  /** K₁ < K₂ < K₃; the middle one is the quote that is too rich. */
  strikes: [number, number, number];
  /** B = [(K₃−K₂)C₁ + (K₂−K₁)C₃]/(K₃−K₁) − C₂ in the quote currency per unit, undiscounted (< 0). */
  butterfly: number;
}

/** Slack on the quoted k-range: float64 noise of ln(K/F), never a real strike distance. */
const K_SLACK = 1e-12;

export type ArbitrageWarning = CalendarWarning | ButterflyWarning;

/** Every calendar and butterfly violation of `snapshot`'s vol surfaces, by underlying, expiry, strike. */
export function surfaceArbitrage(snapshot: MarketSnapshot): ArbitrageWarning[] {
  const out: ArbitrageWarning[] = [];
  for (const u of snapshot.underlyings()) {
    if (!snapshot.hasVols(u)) continue;
    const slices = slicesOf(snapshot, u);
    for (const s of slices) out.push(...butterflies(u, s));
    for (let i = 1; i < slices.length; i++) out.push(...calendar(snapshot, u, slices[i - 1]!, slices[i]!));
  }
  return out;
}

interface Slice { expiryMs: number; years: number; forward: number; strikes: number[]; vols: number[]; kMin: number; kMax: number }

function slicesOf(snapshot: MarketSnapshot, u: string): Slice[] {
  const byExpiry = new Map<number, { strikes: number[]; vols: number[] }>();
  for (const q of snapshot.volQuotes(u)) {
    let s = byExpiry.get(q.expiryMs);
    if (!s) { s = { strikes: [], vols: [] }; byExpiry.set(q.expiryMs, s); }
    s.strikes.push(q.strike); // volQuotes is sorted by expiry then strike
    s.vols.push(q.vol);
  }
  return [...byExpiry.entries()].map(([expiryMs, s]) => {
    const forward = snapshot.forward(u, expiryMs);
    return {
      expiryMs, years: snapshot.yearFraction(expiryMs), forward, ...s,
      kMin: Math.log(s.strikes[0]! / forward), kMax: Math.log(s.strikes[s.strikes.length - 1]! / forward),
    };
  });
}

function butterflies(underlying: string, s: Slice): ButterflyWarning[] {
  const out: ButterflyWarning[] = [];
  const c = s.strikes.map((k, i) => black76Value(1, s.forward, k, s.years, s.vols[i]!, 1));
  for (let i = 1; i + 1 < s.strikes.length; i++) {
    const k1 = s.strikes[i - 1]!, k2 = s.strikes[i]!, k3 = s.strikes[i + 1]!;
    const b = ((k3 - k2) * c[i - 1]! + (k2 - k1) * c[i + 1]!) / (k3 - k1) - c[i]!;
    if (b < -ARBITRAGE_RELATIVE_TOLERANCE * s.forward) out.push({ kind: 'butterfly', underlying, expiryMs: s.expiryMs, strikes: [k1, k2, k3], butterfly: b });
  }
  return out;
}

function calendar(snapshot: MarketSnapshot, underlying: string, a: Slice, b: Slice): CalendarWarning[] {
  const out: CalendarWarning[] = [];
  const lo = Math.max(a.kMin, b.kMin), hi = Math.min(a.kMax, b.kMax);
  const points = [...a.strikes.map((strike) => ({ from: a, strike })), ...b.strikes.map((strike) => ({ from: b, strike }))];
  for (const { from, strike } of points) {
    const k = Math.log(strike / from.forward);
    // Inside both quoted ranges (k of the same quote recomputed from another forward may differ by an ulp).
    if (k < lo - K_SLACK || k > hi + K_SLACK) continue;
    const va = snapshot.vol(underlying, a.expiryMs, a.forward * Math.exp(k));
    const vb = snapshot.vol(underlying, b.expiryMs, b.forward * Math.exp(k));
    const wa = va * va * a.years, wb = vb * vb * b.years;
    if (wb < wa - ARBITRAGE_RELATIVE_TOLERANCE * wa) {
      out.push({
        kind: 'calendar', underlying, earlierExpiryMs: a.expiryMs, laterExpiryMs: b.expiryMs, expiryMs: from.expiryMs, strike,
        logMoneyness: k, earlierTotalVariance: wa, laterTotalVariance: wb,
      });
    }
  }
  return out;
}
