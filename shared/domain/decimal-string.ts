/**
 * Decimal strings: how every exact quantity (sizes, balances, entered prices, margins) travels
 * between processes and files. Plain JSON-safe strings, never floats, never Decimal instances.
 */

/** A finite base-10 number written as text, e.g. `"-10"`, `"0.152464127"`, `"1.5e-7"`. */
export type DecimalString = string & { readonly __decimalString?: never };

/** Plain decimal or scientific notation; no thousands separators, no NaN/Infinity, no hex. */
export const DECIMAL_STRING_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Largest accepted length of a decimal string (guards against pathological inputs). */
export const DECIMAL_STRING_MAX_LENGTH = 64;

/** Whether `s` is an acceptable decimal string (syntax only; magnitude is checked by the parser). */
export function isDecimalString(s: unknown): s is DecimalString {
  return typeof s === 'string' && s.length > 0 && s.length <= DECIMAL_STRING_MAX_LENGTH && DECIMAL_STRING_PATTERN.test(s);
}
