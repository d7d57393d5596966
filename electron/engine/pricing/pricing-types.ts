/** Shared input/output types and the error of the pricing module. */

/** Option right: a call pays max(F − K, 0), a put max(K − F, 0) at expiry. */
export type OptionType = 'call' | 'put';

/** +1 for a call, −1 for a put (the φ of the formulas). */
export function optionSign(type: OptionType): 1 | -1 {
  return type === 'call' ? 1 : -1;
}

/**
 * The six first-order risk measures every model returns, in the units of the CLI contract
 * (docs/pricing.md): value in the model's currency; delta ∂V/∂F (Black-76, inverse) or ∂V/∂S
 * (BSM); gamma the second derivative; vega per 1.00 of vol; theta ∂V/∂t per year of calendar
 * time (negative for a long option's decay); rho per 1.00 of rate.
 */
export interface OptionGreeks {
  value: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
}

/** A pricing input that is not a finite number in its allowed range; `field` names it. */
export class PricingError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'PricingError';
  }
}

/** Throws PricingError unless `x` is a finite number > 0. */
export function requirePositive(field: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) throw new PricingError(field, `must be a finite number > 0, got ${String(x)}`);
  return x;
}

/** Throws PricingError unless `x` is a finite number ≥ 0. */
export function requireNonNegative(field: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new PricingError(field, `must be a finite number >= 0, got ${String(x)}`);
  return x;
}

/** Throws PricingError unless `x` is a finite number (defaults `undefined` to 0). */
export function requireFinite(field: string, x: number | undefined): number {
  if (x === undefined) return 0;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new PricingError(field, `must be a finite number, got ${String(x)}`);
  return x;
}

/** Throws PricingError unless `type` is 'call' or 'put'. */
export function requireOptionType(type: unknown): OptionType {
  if (type !== 'call' && type !== 'put') throw new PricingError('type', `must be "call" or "put", got ${JSON.stringify(type)}`);
  return type;
}
