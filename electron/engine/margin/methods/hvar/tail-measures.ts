/**
 * Historical VaR and expected shortfall of a scenario P&L vector (docs/margin-methods.md 5e).
 * Losses L_k = −P&L_k of the n scenarios, sorted from the largest: L_(1) ≥ L_(2) ≥ … ≥ L_(n)
 * (ties in scenario order). With the tail size τ = n·(1 − c) and w = ⌊τ⌋:
 *
 *   VaR_c = L_(w+1)            — the empirical c-quantile of the loss, inf{ l : F_n(l) ≥ c }
 *                                (n = 1,000, c = 99 %: the 11th largest loss: 990 of the 1,000
 *                                losses are at or below it)
 *   ES_c  = ( Σ_{i=1..w} L_(i) + (τ − w)·L_(w+1) ) / τ
 *                              — Acerbi & Tasche (2002), "On the coherence of expected shortfall",
 *                                J. Banking & Finance 26(7), the sample ES with a fractional
 *                                share of the (w+1)-th loss when τ is not whole
 *                                (n = 1,000, c = 99 %: the mean of the 10 largest losses).
 *
 * So ES_c ≥ VaR_c always, both are positively homogeneous (k × every P&L, k > 0: k × each) and do
 * not depend on the order of the scenarios. τ is rounded to 1e-9 first, so 1,000 × (1 − 0.99) =
 * 10.000000000000009 in floats counts as 10.
 */

/** VaR, ES and the tail behind them. */
export interface TailMeasures {
  valueAtRisk: number;
  expectedShortfall: number;
  /** τ = n(1 − c) and w = ⌊τ⌋. */
  tail: number;
  whole: number;
  /** Scenario indices from the largest loss down, the first min(n, w + 1) of them (the ES tail and the VaR scenario). */
  worst: number[];
  /** The VaR scenario (index into the vector): worst[w]. */
  varIndex: number;
}

/** τ = n·(1 − c), rounded to 1e-9. */
export function tailSize(n: number, confidence: number): number {
  return Math.round(n * (1 - confidence) * 1e9) / 1e9;
}

/**
 * The largest `k` losses of `pnl` (loss = −P&L) as scenario indices, largest first, ties in index
 * order. A partial selection: one pass with a small sorted buffer (k is the tail, n the window).
 */
export function worstIndices(pnl: ArrayLike<number>, k: number): number[] {
  const n = pnl.length;
  const m = Math.min(k, n);
  const out: number[] = [];
  for (let s = 0; s < n; s++) {
    const loss = -pnl[s];
    if (out.length === m && !(loss > -pnl[out[m - 1]])) continue;
    // Insert after every entry with a loss ≥ this one (earlier indices first among ties).
    let j = out.length === m ? m - 1 : out.length;
    while (j > 0 && -pnl[out[j - 1]] < loss) { out[j] = out[j - 1]; j--; }
    out[j] = s;
  }
  return out;
}

/** VaR and ES of the P&L vector `pnl` at confidence `confidence` (see the file comment). `pnl` must not be empty. */
export function tailMeasures(pnl: ArrayLike<number>, confidence: number): TailMeasures {
  const n = pnl.length;
  if (n === 0) throw new Error('tailMeasures: no scenarios');
  const tail = tailSize(n, confidence);
  const whole = Math.min(Math.floor(tail), n - 1);
  const worst = worstIndices(pnl, whole + 1);
  const varIndex = worst[whole];
  const valueAtRisk = -pnl[varIndex];
  let sum = 0;
  for (let i = 0; i < whole; i++) sum += -pnl[worst[i]];
  const frac = tail - whole;
  // τ < 1 (a short window): w = 0 and ES is the largest loss.
  const expectedShortfall = tail > 0 ? (sum + frac * valueAtRisk) / tail : valueAtRisk;
  return { valueAtRisk, expectedShortfall, tail, whole, worst, varIndex };
}
