/**
 * Runtime schemas for every request of the contract (valibot). Main and the web host parse each
 * request with these before it reaches the service; a missing or extra channel fails to compile.
 */
import * as v from 'valibot';
import { DECIMAL_STRING_MAX_LENGTH, DECIMAL_STRING_PATTERN } from '../domain/decimal-string';
import type { InvokeChannel, Req } from './contract';
import { storageRequestSchemas } from './storage-contract';

const MAX_POSITIONS = 250_000;
const Id = v.pipe(v.string(), v.minLength(1, 'id must not be empty'), v.maxLength(100, 'id is too long'));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
const Decimal = v.pipe(
  v.string('must be a decimal string such as "-10" or "0.25"'),
  v.maxLength(DECIMAL_STRING_MAX_LENGTH, 'decimal string is too long'),
  v.regex(DECIMAL_STRING_PATTERN, 'must be a decimal string such as "-10" or "0.25"'),
);
const Revision = v.pipe(v.number(), v.integer('revision must be an integer'), v.minValue(1, 'revision starts at 1'));

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

const MethodId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'method id must be kebab-case'));
const Methods = v.pipe(v.array(MethodId), v.minLength(1, 'name at least one method'), v.maxLength(20, 'too many methods'));
const ParameterSets = v.optional(v.pipe(v.record(MethodId, Id), v.check((r) => Object.keys(r).length <= 20, 'too many parameter sets')));
const Trade = v.strictObject({ instrument: PositionSchema.entries.instrument, size: Decimal });

/** Request schema per channel; `satisfies` ties each to the contract's request type. */
export const requestSchemas = {
  ...storageRequestSchemas,
  'app:info': v.undefined(),
  'portfolio:list': v.undefined(),
  'portfolio:get': v.strictObject({ id: Id, revision: v.optional(Revision) }),
  'portfolio:save': v.strictObject({ portfolio: PortfolioSchema, note: v.optional(Text(500)), baseRevision: v.optional(Revision) }),
  'market:list': v.undefined(),
  'market:get': v.strictObject({ id: Id, revision: v.optional(Revision) }),
  'margin:run': v.strictObject({ portfolio: PortfolioSchema, marketId: Id, methods: Methods, accountFor: v.optional(MethodId), detailFor: v.optional(MethodId), parameterSets: ParameterSets }),
  'margin:what-if': v.strictObject({
    portfolio: PortfolioSchema,
    marketId: Id,
    methods: Methods,
    trades: v.pipe(v.array(Trade), v.minLength(1, 'name at least one trade'), v.maxLength(100, 'at most 100 trades')),
    parameterSets: ParameterSets,
  }),
  'margin:hedge': v.strictObject({
    portfolio: PortfolioSchema,
    marketId: Id,
    method: MethodId,
    candidates: v.pipe(v.array(Trade), v.minLength(1, 'name at least one candidate'), v.maxLength(500, 'at most 500 candidates')),
    parameterSets: ParameterSets,
  }),
} satisfies { [C in InvokeChannel]: v.GenericSchema<unknown, Req<C>> };

/** A request that failed its schema: each issue with its dot path. */
export class RequestValidationError extends Error {
  constructor(readonly channel: string, readonly issues: { path: string; message: string }[]) {
    super(`invalid ${channel} request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

/** Parse a raw request for `channel`, or throw `RequestValidationError` naming every bad field. */
export function parseRequest<C extends InvokeChannel>(channel: C, raw: unknown): Req<C> {
  const schema = requestSchemas[channel] as v.GenericSchema<unknown, Req<C>>;
  const r = v.safeParse(schema, raw);
  if (r.success) return r.output;
  throw new RequestValidationError(channel, r.issues.slice(0, 20).map((i) => ({
    path: v.getDotPath(i) ?? '',
    message: i.message,
  })));
}

/** Whether `c` is a channel of the contract (guards raw channel names from HTTP paths). */
export function isInvokeChannel(c: string): c is InvokeChannel {
  return Object.hasOwn(requestSchemas, c);
}
