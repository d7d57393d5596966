/**
 * Fast text for float64 diagnostics (vectors, per-position P&L, marginal margins) so explaining
 * a 20,000-position book does not cost a decimal.js round-trip per number. Margins themselves
 * (add-ons, IM, MM) are still rounded through the money module.
 */
import { fromFloat, toDecimalString } from '../money';

/** Exact shortest round-trip text of a float (plain notation, as `toDecimalString(fromFloat(x))`). */
export function floatText(x: number): string {
  if (x === 0) return '0';
  // `'' + x` is ToString(x) exactly as String(x), and measurably cheaper on V8 for 20,000 calls.
  const s = '' + x;
  return s.includes('e') ? plainOfExponent(s) : s;
}

/**
 * ToString's exponent form of a finite non-zero float (`-?d(.d+)?e[+-]n`: one non-zero leading
 * digit, no trailing zeros) in plain notation — the digits with the point moved — which is what
 * decimal.js's `toFixed()` prints for that text (|x| < 1e-6 or ≥ 1e21, e.g. tiny P&L of deep
 * out-of-the-money options), without building a decimal.
 */
export function plainOfExponent(s: string): string {
  const neg = s.charCodeAt(0) === 45;
  const e = s.indexOf('e');
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  // Digits before the point once the exponent is applied.
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  const out = intLen <= 0 ? `0.${'0'.repeat(-intLen)}${digits}`
    : intLen >= digits.length ? digits + '0'.repeat(intLen - digits.length)
      : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return neg ? `-${out}` : out;
}

/**
 * Named rounding step for float diagnostics: the float rounded to `dp` decimals (nearest to its
 * exact binary value, as `Number.prototype.toFixed`), trailing zeros dropped, `-0` → `0`.
 */
export function roundFloatText(x: number, dp: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite diagnostic ${x}`);
  if (Math.abs(x) >= 1e20) return toDecimalString(fromFloat(x));
  let s = x.toFixed(dp);
  if (dp > 0) {
    // Drop trailing zeros, then a trailing point (toFixed(dp > 0) always prints a point).
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    if (end < s.length) s = s.slice(0, end);
  }
  return s === '-0' ? '0' : s;
}
