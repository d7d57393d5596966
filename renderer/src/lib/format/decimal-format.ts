/**
 * Display formatting of decimal strings: exact (decimal.js, never via float), half-even at the
 * shown precision, thousands grouped with a thin space-free comma. Pure and tested.
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** Format a decimal string to `dp` places with grouped thousands; invalid input is returned as-is. */
export function formatDecimal(value: string | undefined | null, dp: number): string {
  if (value === undefined || value === null || value === '') return '';
  let d: Decimal;
  try {
    d = new D(value);
  } catch {
    return String(value);
  }
  if (!d.isFinite()) return String(value);
  const fixed = d.toFixed(dp, Decimal.ROUND_HALF_EVEN);
  const negative = fixed.startsWith('-');
  const [int, frac] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const out = frac !== undefined ? `${grouped}.${frac}` : grouped;
  return negative && !/^[0.,]+$/.test(out) ? `-${out}` : out;
}

/** Compare two decimal strings numerically (for grid sorting); invalid values sort first. */
export function compareDecimal(a: string | undefined, b: string | undefined): number {
  const pa = safe(a);
  const pb = safe(b);
  if (pa === null || pb === null) return pa === pb ? 0 : pa === null ? -1 : 1;
  return pa.comparedTo(pb);
}

function safe(v: string | undefined): Decimal | null {
  try {
    return v === undefined || v === '' ? null : new D(v);
  } catch {
    return null;
  }
}

/** Exact sum of decimal strings (undefined entries skipped); returns a decimal string. */
export function sumDecimals(values: (string | undefined)[]): string {
  let acc = new D(0);
  for (const v of values) if (v !== undefined && v !== '') acc = acc.plus(new D(v));
  return acc.toFixed();
}

/** Format showing the value's own decimals, at least `minDp` and at most `maxDp` (half-even beyond), grouped. */
export function formatDecimalAuto(value: string | undefined | null, minDp: number, maxDp: number): string {
  if (value === undefined || value === null || value === '') return '';
  let own: number;
  try {
    own = new D(value).decimalPlaces();
  } catch {
    return String(value);
  }
  return formatDecimal(value, Math.min(maxDp, Math.max(minDp, own)));
}

/** A decimal fraction as a percentage string (`"0.2345"` → `"23.5%"` at dp 1), exactly; '' for invalid input. */
export function formatPercent(value: string | undefined | null, dp: number): string {
  if (value === undefined || value === null || value === '') return '';
  try {
    return `${formatDecimal(new D(value).times(100).toFixed(), dp)}%`;
  } catch {
    return '';
  }
}

/** Whether a decimal string is exactly zero (false for invalid input). */
export function isZeroDecimal(value: string): boolean {
  try {
    return new D(value).isZero();
  } catch {
    return false;
  }
}
