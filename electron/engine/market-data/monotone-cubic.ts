/**
 * Monotone piecewise-cubic Hermite interpolation (Fritsch & Carlson, "Monotone piecewise cubic
 * interpolation", SIAM J. Numer. Anal. 17(2) 1980 238–246), with zero end slopes and flat
 * extrapolation: C¹ everywhere (also where it joins the flat wings), exact at the nodes, and no
 * overshoot between them, so a quoted smile gets no spurious kinks or wiggles.
 */

/** Precomputed interpolant over strictly increasing `xs`. */
export interface MonotoneCubic {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly slopes: Float64Array;
}

/** Build the interpolant; `xs` must be strictly increasing and the same length as `ys` (≥ 1). */
export function monotoneCubic(xs: ArrayLike<number>, ys: ArrayLike<number>): MonotoneCubic {
  const n = xs.length;
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const m = new Float64Array(n);
  if (n >= 3) {
    const delta = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) delta[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
    for (let i = 1; i < n - 1; i++) m[i] = delta[i - 1] * delta[i] > 0 ? (delta[i - 1] + delta[i]) / 2 : 0;
    // Fritsch–Carlson step 5: keep (α, β) inside the circle of radius 3.
    for (let i = 0; i < n - 1; i++) {
      if (delta[i] === 0) { m[i] = 0; m[i + 1] = 0; continue; }
      const a = m[i] / delta[i];
      const b = m[i + 1] / delta[i];
      const s = a * a + b * b;
      if (s > 9) {
        const tau = 3 / Math.sqrt(s);
        m[i] = tau * a * delta[i];
        m[i + 1] = tau * b * delta[i];
      }
    }
  }
  return { xs: x, ys: y, slopes: m };
}

/** Evaluate at `t`: Hermite cubic inside, the end value outside (flat extrapolation). */
export function evalMonotoneCubic(f: MonotoneCubic, t: number): number {
  const { xs, ys, slopes } = f;
  const n = xs.length;
  if (n === 1 || t <= xs[0]) return ys[0];
  if (t >= xs[n - 1]) return ys[n - 1];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= t) lo = mid; else hi = mid;
  }
  const h = xs[hi] - xs[lo];
  const s = (t - xs[lo]) / h;
  const s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * ys[lo] + (s3 - 2 * s2 + s) * h * slopes[lo] + (-2 * s3 + 3 * s2) * ys[hi] + (s3 - s2) * h * slopes[hi];
}
