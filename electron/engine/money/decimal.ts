/**
 * The decimal boundary of the engine. `Dec` is the only decimal constructor the project uses:
 * a `decimal.js` clone with 40 significant digits and half-even rounding for intermediate
 * arithmetic, so no global `Decimal.set` is ever touched (toolchain.md, house style E5).
 *
 * Where values cross into float64: `toFloat` (kernel inputs). Where they come back:
 * `fromFloat` followed by the named rounding step `roundHalfEven` at the currency's precision.
 */
import Decimal from 'decimal.js';
import { isDecimalString, type DecimalString } from '../../../shared/domain/decimal-string';

/** Decimal constructor for all engine/edge arithmetic: 40 significant digits, ROUND_HALF_EVEN. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** Largest magnitude accepted from user input (sizes, prices, balances): 1e15. */
export const MAX_INPUT_MAGNITUDE = new Dec('1e15');

/** Error raised when a decimal string is malformed or out of range; `reason` is user-facing. */
export class DecimalParseError extends Error {
  constructor(readonly input: unknown, readonly reason: string) {
    super(`invalid decimal ${JSON.stringify(input)?.slice(0, 80)}: ${reason}`);
    this.name = 'DecimalParseError';
  }
}

/**
 * Parse user input into an exact decimal. Accepts a decimal string (or a finite JSON number,
 * converted through its shortest round-trip text). Rejects NaN, Infinity, empty, and |x| > 1e15.
 */
export function parseDecimal(input: unknown): Dec {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new DecimalParseError(input, 'not a finite number');
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new DecimalParseError(input, `expected a decimal string, got ${input === null ? 'null' : typeof input}`);
  }
  if (!isDecimalString(text)) throw new DecimalParseError(input, 'not a decimal number');
  const d = new Dec(text);
  if (d.abs().gt(MAX_INPUT_MAGNITUDE)) throw new DecimalParseError(input, 'magnitude above 1e15');
  return d;
}

/** Canonical text of a decimal (no exponent for ordinary magnitudes, `-0` normalised to `0`). */
export function toDecimalString(d: Dec): DecimalString {
  if (d.isZero()) return '0';
  return d.toFixed();
}

/** The float64 nearest to `d`: the one place exact values enter the pricing kernel. */
export function toFloat(d: Dec): number {
  return d.toNumber();
}

/** Exact decimal of a float64 kernel result (its shortest round-trip text). Round it next. */
export function fromFloat(x: number): Dec {
  if (!Number.isFinite(x)) throw new DecimalParseError(x, 'kernel produced a non-finite value');
  return new Dec(String(x));
}

/** Named rounding step for displayed and exported values: half-even to `dp` places. */
export function roundHalfEven(d: Dec, dp: number): Dec {
  return d.toDecimalPlaces(dp, Dec.ROUND_HALF_EVEN);
}
