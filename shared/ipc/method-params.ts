/**
 * What `app:info` tells the renderer about each method's numeric parameters (issue 13 §5): the
 * path in the method's parameter-set JSON, the allowed range (the bound the method's parser
 * applies, `MarginMethod.numericParams`), the default value and where the defaults come from.
 * The sweep view lists these; registry-params.test.ts checks every method's answer against
 * `MethodParamsSchema`.
 */
import * as v from 'valibot';

/** One numeric parameter of a method. */
export interface MethodParamDto {
  /** Declared path; a `<name>` segment is any key the set chooses (`currency_pair.<pair>.price_range`). */
  path: string;
  /** The path with every `<name>` filled in as the defaults have it (`currency_pair.btc_usd.price_range`). */
  example: string;
  /** Lower end of the range; null when unbounded below. */
  min: number | null;
  /** Upper end of the range; null when unbounded above (∞ is not JSON). */
  max: number | null;
  minOpen: boolean;
  maxOpen: boolean;
  integer: boolean;
  /** The range as the method's error messages say it: `(0, 1)`, `[0, ∞)`, `an integer in 0..18`. */
  range: string;
  /** The default value at `example` (plain decimal text), or null when the defaults have none there. */
  default: string | null;
}

/** The numeric parameters of one method and the source of its default values. */
export interface MethodParamsDto {
  /** Where the defaults come from (document and version), as the method's parameter module cites it. */
  source: string;
  params: MethodParamDto[];
}

const Bound = v.nullable(v.pipe(v.number(), v.finite()));
export const MethodParamSchema = v.strictObject({
  path: v.pipe(v.string(), v.minLength(1)),
  example: v.pipe(v.string(), v.minLength(1)),
  min: Bound,
  max: Bound,
  minOpen: v.boolean(),
  maxOpen: v.boolean(),
  integer: v.boolean(),
  range: v.string(),
  default: v.nullable(v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i))),
});
export const MethodParamsSchema = v.strictObject({ source: v.pipe(v.string(), v.minLength(1)), params: v.array(MethodParamSchema) });
