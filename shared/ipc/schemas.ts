/**
 * Runtime schemas for every request of the contract (valibot). Main and the web host parse each
 * request with these before it reaches the service; a missing or extra channel fails to compile.
 */
import * as v from 'valibot';
import type { InvokeChannel, Req } from './contract';
import { Decimal, Id, Methods, MethodId, ParameterSets, PortfolioSchema, PositionSchema, Revision, Text } from './common-schemas';
import { arrayWhereObjectBelongs } from './plain-objects';
import { analysisRequestSchemas } from './analysis-contract';
import { jobRequestSchemas } from './job-contract';
import { marketEditorRequestSchemas } from './market-editor-contract';
import { scenarioSetRequestSchemas } from './scenario-set-contract';
import { reportRequestSchemas } from './report-contract';
import { sessionRequestSchemas } from './session-contract';
import { storageRequestSchemas } from './storage-contract';
import { windowStateRequestSchemas } from './window-state-contract';

export { BalanceSchema, PortfolioSchema, PositionSchema } from './common-schemas';

const Trade = v.strictObject({ instrument: PositionSchema.entries.instrument, size: Decimal });

/** Request schema per channel; `satisfies` ties each to the contract's request type. */
export const requestSchemas = {
  ...storageRequestSchemas,
  ...sessionRequestSchemas,
  ...analysisRequestSchemas,
  ...windowStateRequestSchemas,
  ...reportRequestSchemas,
  ...jobRequestSchemas,
  ...marketEditorRequestSchemas,
  ...scenarioSetRequestSchemas,
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
  const arrayAt = arrayWhereObjectBelongs(schema as never, raw);
  if (arrayAt !== undefined) throw new RequestValidationError(channel, [{ path: arrayAt, message: 'must be an object, not an array' }]);
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
