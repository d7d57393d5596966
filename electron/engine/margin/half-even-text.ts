/**
 * The money module's named rounding step for a float kernel result, as text, without decimal.js:
 * `halfEvenText(x, dp)` is exactly `toDecimalString(roundHalfEven(fromFloat(x), dp))` — the
 * float's shortest round-trip text (`String(x)`, the exact decimal `fromFloat` builds) rounded
 * half-even to `dp` decimals and printed plainly without trailing zeros (`-0` → `0`). Methods that
 * print thousands of scenario or per-position figures (okx-pm, tims, hvar: a 1,000-day vector per
 * group) use it instead of three decimal.js calls per figure; the digits are the same string
 * operation decimal.js performs (ROUND_HALF_EVEN on the decimal digits, money/decimal.ts).
 */
import { DecimalParseError, toDecimalString } from '../money';
import { scaledInt, scan } from './exact-sum';
import { floatText } from './float-text';
import { exactSizeText, type MarginPosition } from './margin-input';

/** `toDecimalString(roundHalfEven(fromFloat(x), dp))` for a finite `x` and an integer `dp ≥ 0`. */
export function halfEvenText(x: number, dp: number): string {
  // The error `fromFloat` raises.
  if (!Number.isFinite(x)) throw new DecimalParseError(x, 'kernel produced a non-finite value');
  const s = floatText(x);
  const dot = s.indexOf('.');
  // No more decimals than kept: the text is already canonical (shortest, no trailing zeros).
  if (dot < 0 || s.length - dot - 1 <= dp) return s;
  const neg = s.charCodeAt(0) === 45;
  const start = neg ? 1 : 0;
  // Digits of the integer part and the kept decimals, as one digit string; the first dropped digit and whether any later one is non-zero.
  const kept = s.slice(start, dot) + s.slice(dot + 1, dot + 1 + dp);
  const next = s.charCodeAt(dot + 1 + dp) - 48;
  let up = next > 5;
  if (next === 5) {
    let rest = false;
    for (let i = dot + 2 + dp; i < s.length; i++) if (s.charCodeAt(i) !== 48) { rest = true; break; }
    // A tie (exactly half) goes to the even neighbour.
    up = rest || (kept.charCodeAt(kept.length - 1) - 48) % 2 === 1;
  }
  const digits = up ? increment(kept) : kept;
  // `digits` holds the integer digits then `dp` decimals (one more integer digit after a carry out).
  const intLen = digits.length - dp;
  let end = digits.length;
  while (end > intLen && digits.charCodeAt(end - 1) === 48) end--;
  let intPart = digits.slice(0, intLen);
  // Leading zeros of the integer part ("0" stays): only "0…" can lead with a zero.
  let z = 0;
  while (z < intPart.length - 1 && intPart.charCodeAt(z) === 48) z++;
  if (z > 0) intPart = intPart.slice(z);
  const out = end > intLen ? `${intPart}.${digits.slice(intLen, end)}` : intPart;
  if (out === '0') return '0';
  return neg ? `-${out}` : out;
}

/** A decimal digit string plus one in its last place (a carry out of the first digit adds a digit). */
function increment(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${'0'.repeat(d.length)}`;
  return d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + '0'.repeat(d.length - 1 - i);
}

/**
 * `toDecimalString(p.size)` — the size as an explanation prints it — without building the decimal
 * when the position's own text is exact and already canonical (`-?(0|[1-9]d*)(.d*[1-9])?`, not `-0`),
 * as a parsed size usually is; any other size is printed through decimal.js.
 */
export function sizeDecimalText(p: MarginPosition): string {
  const t = p.sizeText;
  // Canonical first: only then is the text compared with the size (decimal.js refuses e.g. padded text).
  if (t !== undefined && t !== '-0' && !Number.isNaN(scaledInt(t)) && scan.canonical && exactSizeText(p) !== undefined) return t;
  return toDecimalString(p.size);
}
