/**
 * Exact sums of decimal strings for subtotal and totals rows, in scaled BigInt (no float, no
 * decimal.js per addition: a 20,000-row book sums in a few milliseconds). Accepts the plain and
 * exponent forms of shared/domain/decimal-string.ts.
 */
import { DECIMAL_STRING_PATTERN } from '../../../../shared/domain/decimal-string';

/** `s` as an integer and a count of decimal places (`"-1.25"` → -125n, 2), or null if not a decimal string. */
export function scaled(s: string): { int: bigint; scale: number } | null {
  if (!DECIMAL_STRING_PATTERN.test(s)) return null;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  const [, sign, whole = '', frac = '', exp = '0'] = m;
  let digits = `${whole}${frac}` || '0';
  let scale = frac.length - Number(exp);
  if (scale < 0) { digits += '0'.repeat(-scale); scale = 0; }
  const int = BigInt(digits);
  return { int: sign === '-' ? -int : int, scale };
}

/** The exact sum as a plain decimal string ('' when no value was given). Invalid entries throw. */
export function sumExact(values: Iterable<string | undefined>): string {
  let acc = 0n;
  let scale = 0;
  let any = false;
  for (const v of values) {
    if (v === undefined || v === '') continue;
    const p = scaled(v);
    if (!p) throw new Error(`not a decimal number: "${v}"`);
    any = true;
    if (p.scale > scale) { acc *= 10n ** BigInt(p.scale - scale); scale = p.scale; }
    acc += p.int * 10n ** BigInt(scale - p.scale);
  }
  return any ? plain(acc, scale) : '';
}

/** `int / 10^scale` as a plain decimal string, trailing zeros dropped, `-0` → `0`. */
export function plain(int: bigint, scale: number): string {
  const neg = int < 0n;
  let digits = (neg ? -int : int).toString();
  if (scale === 0) return `${neg ? '-' : ''}${digits}`;
  digits = digits.padStart(scale + 1, '0');
  let out = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
  if (out === '' || /^0?$/.test(out)) out = '0';
  return neg && out !== '0' ? `-${out}` : out;
}
