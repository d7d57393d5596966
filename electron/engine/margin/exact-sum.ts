/**
 * Exact float64 of a sum of decimal sizes without decimal.js on the hot path: a canonical decimal
 * text `±I.F` is the integer `IF` scaled by `10^-len(F)`. While every scaled integer and the
 * running sum stay below 2^53 they are exact in float64, and one IEEE division by the exact
 * power of ten returns the correctly rounded value — the same float as `toFloat(Σ Dec)`.
 * Callers fall back to decimal.js when `scaledOf` returns null.
 */

/** A size as an exact scaled integer: value = n / 10^dp. */
export interface Scaled { n: number; dp: number }

export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** The scaled form of a plain decimal text, or null when it is not exactly representable. */
export function scaledOf(text: string): Scaled | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  if (frac.length > 22) return null;
  const digits = (m[2] + frac).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return null;
  const n = Number(digits);
  return { n: m[1] === '-' ? -n : n, dp: frac.length };
}

/** The correctly rounded float64 of Σ values, or null if an intermediate would leave 2^53. */
export function exactSum(values: readonly Scaled[]): number | null {
  let dp = 0;
  for (const v of values) if (v.dp > dp) dp = v.dp;
  let sum = 0;
  for (const v of values) {
    const s = v.n * POW10[dp - v.dp];
    if (!Number.isSafeInteger(s)) return null;
    sum += s;
    if (!Number.isSafeInteger(sum)) return null;
  }
  return sum / POW10[dp];
}

/**
 * `scaledOf` without allocation: the scaled integer of `text`, or NaN when `scaledOf` would
 * return null. Its decimal count is left in `scan.dp`, and whether `text` is canonical decimal
 * text (`/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/`, as `toDecimalString` prints) in `scan.canonical`
 * (that one is set for any text of digits with an optional sign and point).
 */
export const scan = { dp: 0, canonical: false };
export function scaledInt(text: string): number {
  scan.canonical = false;
  let i = 0;
  const len = text.length;
  let neg = false;
  if (len > 0 && text.charCodeAt(0) === 45) { neg = true; i = 1; }
  const intStart = i;
  let n = 0, sig = 0, dp = 0;
  for (; i < len; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    if (sig > 0 || c !== 0) { sig++; n = n * 10 + c; }
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  const intCanonical = intDigits === 1 || text.charCodeAt(intStart) !== 48;
  if (i < len) {
    if (text.charCodeAt(i) !== 46) return NaN;
    for (i++; i < len; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      dp++;
      if (sig > 0 || c !== 0) { sig++; n = n * 10 + c; }
    }
    if (dp === 0) return NaN;
    scan.canonical = intCanonical && text.charCodeAt(len - 1) !== 48;
    if (dp > 22) return NaN;
  } else scan.canonical = intCanonical;
  // `scaledOf` keeps one digit of an all-zero text; more than 15 significant digits is not exact.
  if (sig > 15) return NaN;
  scan.dp = dp;
  return neg ? -n : n;
}

/** Sizes as exact scaled integers (`sn` / 10^`sdp`; `sn` NaN when not representable). */
interface HasScaled { sn: number; sdp: number }

/**
 * `exactSum` over already-scaled sizes (no parsing, no allocation): the correctly rounded float64
 * of the exact decimal sum, or null when a size is not scaled or a term or partial sum leaves 2^53.
 */
export function exactScaledSum(ps: readonly HasScaled[]): number | null {
  let dp = 0;
  for (const p of ps) {
    if (Number.isNaN(p.sn)) return null;
    if (p.sdp > dp) dp = p.sdp;
  }
  let sum = 0;
  for (const p of ps) {
    const s = p.sn * POW10[dp - p.sdp];
    if (!Number.isSafeInteger(s)) return null;
    sum += s;
    if (!Number.isSafeInteger(sum)) return null;
  }
  return sum / POW10[dp];
}
