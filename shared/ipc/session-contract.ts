/**
 * Working-session channels of the IPC contract (issue 9): open a portfolio as a live session in
 * the service, send edits as patch batches, receive deltas, undo/redo, save a revision, follow
 * another window's edits. Merged into `InvokeContract` (contract.ts), the request schemas
 * (schemas.ts) and `AppApi` (api.ts); served by `electron/service/workspace/`.
 */
import * as v from 'valibot';
import type { PortfolioSummaryDto } from '../domain/dto/portfolio.dto';
import type {
  SessionAccountDto, SessionEditDto, SessionPatchResultDto, SessionSinceDto, SessionSnapshotDto, SessionStateDto,
} from '../domain/dto/session.dto';
import type { PatchOp } from '../domain/book-patch';
import { MAX_INSTRUMENT_LENGTH, MAX_NOTE_LENGTH } from '../domain/book-patch';
import { Id, Methods, MethodId, ParameterSets, PositionSchema, Text } from './common-schemas';

/** Longest wait of a `session:since` long poll. */
export const MAX_SINCE_WAIT_MS = 25_000;
/** Most operations in one batch, and most rows one `add` carries (a pasted block). */
export const MAX_BATCH_OPS = 50_000;
export const MAX_ADD_ROWS = 50_000;

/** What the session runs against; every field optional (defaults: first market, every method). */
export interface SessionContextRequestDto {
  marketId?: string;
  methods?: string[];
  parameterSets?: Record<string, string>;
  detailFor?: string;
  shown?: string[];
}

export interface SessionInvokeContract {
  /** Open (or join) the working session of a portfolio; journalled edits are replayed. */
  'session:open': { req: { portfolioId: string } & SessionContextRequestDto; res: SessionSnapshotDto };
  /** Apply one batch based on `version`. */
  'session:patch': { req: { sessionId: string; version: number; seq: number; ops: PatchOp[]; label?: string; writer?: string }; res: SessionPatchResultDto };
  'session:undo': { req: { sessionId: string; version: number; seq: number; writer?: string }; res: SessionPatchResultDto };
  'session:redo': { req: { sessionId: string; version: number; seq: number; writer?: string }; res: SessionPatchResultDto };
  /**
   * What changed since `version`. With `waitMs`, a long poll: it answers when the book moves on or
   * after `waitMs`; given `writer`, only changes made by another writer (or of the whole session:
   * context, reload) end the wait early, so a window's follow poll is not woken by its own edits.
   */
  'session:since': { req: { sessionId: string; version: number; waitMs?: number; writer?: string }; res: SessionSinceDto };
  /**
   * Change the market, methods, parameter sets, detail or shown methods: every row re-marked.
   * Given `writer`, that writer's follow poll from before the change is answered `unchanged`
   * (it has the new snapshot in this answer) instead of with the whole snapshot a second time.
   */
  'session:context': { req: { sessionId: string; writer?: string } & SessionContextRequestDto; res: SessionSnapshotDto };
  /** The account view of the detail method at `version` (the slow lane, after the delta). */
  'session:account': { req: { sessionId: string; version: number }; res: SessionAccountDto };
  /** Cut a revision of the pending edits (Ctrl+S). Nothing pending: the head revision, unchanged. */
  'session:save': { req: { sessionId: string; note?: string; writer?: string }; res: { revision: PortfolioSummaryDto; state: SessionStateDto } };
  /** Close the session; pending edits are cut into a revision first. */
  'session:close': { req: { sessionId: string }; res: { revision?: PortfolioSummaryDto } };
  /** Journalled edits of a portfolio: pending ones, or those that went into `revision`. */
  'session:edits': { req: { portfolioId: string; revision?: number }; res: SessionEditDto[] };
}

export const SESSION_CHANNELS = [
  'session:open', 'session:patch', 'session:undo', 'session:redo', 'session:since', 'session:context',
  'session:account', 'session:save', 'session:close', 'session:edits',
] as const satisfies readonly (keyof SessionInvokeContract)[];

const Version = v.pipe(v.number(), v.integer('version must be an integer'), v.minValue(0, 'version starts at 0'));
const Seq = v.pipe(v.number(), v.integer('seq must be an integer'), v.minValue(0, 'seq starts at 0'));
const RowId = Id;
/** The window (or other client) making a change: a random id it picks once (see `session:since`). */
const Writer = v.optional(Id);
/** Field values are validated by `applyPatch` (naming the row and field); here only their type and length. */
const Value = v.pipe(v.string('value must be text'), v.maxLength(Math.max(MAX_NOTE_LENGTH, MAX_INSTRUMENT_LENGTH), 'value is too long'));
const Ids = v.pipe(v.array(RowId), v.minLength(1, 'name at least one row'), v.maxLength(MAX_ADD_ROWS, `at most ${MAX_ADD_ROWS} rows`));
const Index = v.pipe(v.number(), v.integer('index must be an integer'), v.minValue(0, 'index must not be negative'));

/** Schema of one patch operation. Rows of `add` take the portfolio's position schema. */
export const PatchOpSchema = v.variant('op', [
  v.strictObject({ op: v.literal('set'), id: RowId, field: v.picklist(['instrument', 'size', 'averagePrice', 'note'], 'field must be instrument, size, averagePrice or note'), value: Value }),
  v.strictObject({ op: v.literal('add'), rows: v.pipe(v.array(PositionSchema), v.minLength(1, 'add at least one row'), v.maxLength(MAX_ADD_ROWS, `at most ${MAX_ADD_ROWS} rows`)), index: v.optional(Index) }),
  v.strictObject({ op: v.literal('delete'), ids: Ids }),
  v.strictObject({ op: v.literal('move'), ids: Ids, index: Index }),
  v.strictObject({ op: v.literal('balance'), currency: v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,12}$/, 'currency must be an upper-case code such as BTC or USDC')), amount: v.pipe(v.string(), v.maxLength(64, 'amount is too long')) }),
], 'op must be set, add, delete, move or balance');

const Shown = v.optional(v.pipe(v.array(MethodId), v.maxLength(20, 'too many methods')));
const Context = {
  marketId: v.optional(Id),
  methods: v.optional(Methods),
  parameterSets: ParameterSets,
  detailFor: v.optional(MethodId),
  shown: Shown,
};

export const sessionRequestSchemas = {
  'session:open': v.strictObject({ portfolioId: Id, ...Context }),
  'session:patch': v.strictObject({
    sessionId: Id, version: Version, seq: Seq,
    ops: v.pipe(v.array(PatchOpSchema), v.minLength(1, 'a batch needs at least one operation'), v.maxLength(MAX_BATCH_OPS, `at most ${MAX_BATCH_OPS} operations in a batch`)),
    label: v.optional(Text(200)), writer: Writer,
  }),
  'session:undo': v.strictObject({ sessionId: Id, version: Version, seq: Seq, writer: Writer }),
  'session:redo': v.strictObject({ sessionId: Id, version: Version, seq: Seq, writer: Writer }),
  'session:since': v.strictObject({ sessionId: Id, version: Version, waitMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_SINCE_WAIT_MS, `waitMs is at most ${MAX_SINCE_WAIT_MS}`))), writer: Writer }),
  'session:context': v.strictObject({ sessionId: Id, ...Context, writer: Writer }),
  'session:account': v.strictObject({ sessionId: Id, version: Version }),
  'session:save': v.strictObject({ sessionId: Id, note: v.optional(Text(500)), writer: Writer }),
  'session:close': v.strictObject({ sessionId: Id }),
  'session:edits': v.strictObject({ portfolioId: Id, revision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
};

type Invoke = <C extends keyof SessionInvokeContract>(channel: C, req: SessionInvokeContract[C]['req']) => Promise<SessionInvokeContract[C]['res']>;

/** `api.session.*`: one method per session channel. */
export interface SessionApi {
  open(req: SessionInvokeContract['session:open']['req']): Promise<SessionSnapshotDto>;
  patch(req: SessionInvokeContract['session:patch']['req']): Promise<SessionPatchResultDto>;
  undo(req: SessionInvokeContract['session:undo']['req']): Promise<SessionPatchResultDto>;
  redo(req: SessionInvokeContract['session:redo']['req']): Promise<SessionPatchResultDto>;
  since(req: SessionInvokeContract['session:since']['req']): Promise<SessionSinceDto>;
  context(req: SessionInvokeContract['session:context']['req']): Promise<SessionSnapshotDto>;
  account(req: SessionInvokeContract['session:account']['req']): Promise<SessionAccountDto>;
  save(req: SessionInvokeContract['session:save']['req']): Promise<{ revision: PortfolioSummaryDto; state: SessionStateDto }>;
  close(req: SessionInvokeContract['session:close']['req']): Promise<{ revision?: PortfolioSummaryDto }>;
  edits(req: SessionInvokeContract['session:edits']['req']): Promise<SessionEditDto[]>;
}

export function buildSessionApi(invoke: Invoke): SessionApi {
  return {
    open: (req) => invoke('session:open', req),
    patch: (req) => invoke('session:patch', req),
    undo: (req) => invoke('session:undo', req),
    redo: (req) => invoke('session:redo', req),
    since: (req) => invoke('session:since', req),
    context: (req) => invoke('session:context', req),
    account: (req) => invoke('session:account', req),
    save: (req) => invoke('session:save', req),
    close: (req) => invoke('session:close', req),
    edits: (req) => invoke('session:edits', req),
  };
}
