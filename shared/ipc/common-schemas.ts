/**
 * Valibot schemas shared by the contract's request schemas (schemas.ts and the per-domain contract
 * files): ids, decimal strings, positions, balances, portfolios.
 */
import * as v from 'valibot';
import { DECIMAL_STRING_MAX_LENGTH, DECIMAL_STRING_PATTERN } from '../domain/decimal-string';

export const MAX_POSITIONS = 250_000;
export const Id = v.pipe(v.string(), v.minLength(1, 'id must not be empty'), v.maxLength(100, 'id is too long'));
export const Text = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
export const Decimal = v.pipe(
  v.string('must be a decimal string such as "-10" or "0.25"'),
  v.maxLength(DECIMAL_STRING_MAX_LENGTH, 'decimal string is too long'),
  v.regex(DECIMAL_STRING_PATTERN, 'must be a decimal string such as "-10" or "0.25"'),
);
export const Revision = v.pipe(v.number(), v.integer('revision must be an integer'), v.minValue(1, 'revision starts at 1'));

export const BalanceSchema = v.strictObject({
  currency: v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,12}$/, 'currency must be an upper-case code such as BTC or USDC')),
  amount: Decimal,
});

export const PositionSchema = v.strictObject({
  id: Id,
  instrument: v.pipe(v.string(), v.minLength(1, 'instrument must not be empty'), v.maxLength(64, 'instrument is too long')),
  size: Decimal,
  averagePrice: v.optional(Decimal),
  note: v.optional(Text(500)),
});

export const PortfolioSchema = v.strictObject({
  id: Id,
  name: v.pipe(v.string(), v.minLength(1, 'name must not be empty'), v.maxLength(200, 'name is too long')),
  balances: v.pipe(v.array(BalanceSchema), v.maxLength(100, 'too many balances')),
  positions: v.pipe(v.array(PositionSchema), v.maxLength(MAX_POSITIONS, `at most ${MAX_POSITIONS} positions`)),
});
export const MethodId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'method id must be kebab-case'));
export const Methods = v.pipe(v.array(MethodId), v.minLength(1, 'name at least one method'), v.maxLength(20, 'too many methods'));
export const ParameterSets = v.optional(v.pipe(v.record(MethodId, Id), v.check((r) => Object.keys(r).length <= 20, 'too many parameter sets')));
