/**
 * Exact float64 of a sum of decimal sizes without decimal.js on the hot path: a canonical decimal
 * text `±I.F` is the integer `IF` scaled by `10^-len(F)`. While every scaled integer and the
 * running sum stay below 2^53 they are exact in float64, and one IEEE division by the exact
 * power of ten returns the correctly rounded value — the same float as `toFloat(Σ Dec)`.
 * Callers fall back to decimal.js when `scaledOf` returns null.
 */

/** A size as an exact scaled integer: value = n / 10^dp. */
export interface Scaled { n: number; dp: number }

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
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
 * `scaledOf` without allocation: the scaled integer of `text` (NaN when `scaledOf` would return
 * null); its decimal count is left in `lastDp`.
 */
let lastDp = 0;
function scaledInt(text: string): number {
  let i = 0;
  const len = text.length;
  let neg = false;
  if (len > 0 && text.charCodeAt(0) === 45) { neg = true; i = 1; }
  let n = 0, sig = 0, intDigits = 0, dp = 0;
  for (; i < len; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    intDigits++;
    if (sig > 0 || c !== 0) { sig++; n = n * 10 + c; }
  }
  if (intDigits === 0) return NaN;
  if (i < len) {
    if (text.charCodeAt(i) !== 46) return NaN;
    for (i++; i < len; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      dp++;
      if (sig > 0 || c !== 0) { sig++; n = n * 10 + c; }
    }
    if (dp === 0 || dp > 22) return NaN;
  }
  // `scaledOf` keeps one digit of an all-zero text; more than 15 significant digits is not exact.
  if (sig > 15) return NaN;
  lastDp = dp;
  return neg ? -n : n;
}

/** Sizes as decimal texts with a `sizeText`. */
interface HasSizeText { sizeText: string }

/**
 * `exactSum` of the sizes' scaled forms, parsed in place (no allocation): the correctly rounded
 * float64 of the exact decimal sum, or null when `scaledOf` or `exactSum` would give null.
 */
export function exactTextSum(ps: readonly HasSizeText[]): number | null {
  let dp = 0;
  for (const p of ps) {
    if (Number.isNaN(scaledInt(p.sizeText))) return null;
    if (lastDp > dp) dp = lastDp;
  }
  let sum = 0;
  for (const p of ps) {
    const n = scaledInt(p.sizeText);
    const s = n * POW10[dp - lastDp];
    if (!Number.isSafeInteger(s)) return null;
    sum += s;
    if (!Number.isSafeInteger(sum)) return null;
  }
  return sum / POW10[dp];
}
