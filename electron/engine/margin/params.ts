/**
 * Method-independent parameter parsing: the error every method's parser throws, the collector
 * that lets one parse report every bad field at once, and numeric ranges with their message
 * text. Each method's own parameter file (`methods/<id>/…-params.ts`) builds on these.
 */

/**
 * Error for malformed parameter input. Each problem names its field path; a parameter set with
 * several problems reports all of them (`problems`, and the message joins them with "; ").
 */
export class ParamsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(list.join('; '));
    this.name = 'ParamsError';
    this.problems = list;
  }
}

/** Collects the problems of independent fields, so one parse reports every bad field at once. */
export class Problems {
  readonly list: string[] = [];
  /** Run `f`; a `ParamsError` it throws is recorded (other errors propagate). */
  check(f: () => void): void {
    try { f(); } catch (e) { if (e instanceof ParamsError) this.list.push(...e.problems); else throw e; }
  }
  /** Throw every recorded problem as one `ParamsError`. */
  throwIfAny(): void { if (this.list.length > 0) throw new ParamsError(this.list); }
}

/**
 * Allowed range of a numeric parameter: `[min, max]`, either end open, optionally integers only.
 * Every bound and its reason is in docs/margin-methods.md (each method's "Parameters").
 */
export interface ParamBound { min: number; max: number; minOpen?: boolean; maxOpen?: boolean; integer?: boolean }

/** Decimal places of a rounded figure: an integer in 0..18. */
export const DECIMALS_BOUND: Readonly<ParamBound> = Object.freeze({ min: 0, max: 18, integer: true });

/** `(0, 1]`, `[0, ∞)`, `an integer in 1..50`: the allowed range as the error message says it. */
export function boundText(b: ParamBound): string {
  if (b.integer) return b.min === b.max ? `${b.min}` : `an integer in ${b.min}..${b.max}`;
  const hi = b.max === Infinity ? '∞)' : `${b.max}${b.maxOpen ? ')' : ']'}`;
  return `${b.minOpen ? '(' : '['}${b.min}, ${hi}`;
}
