/**
 * The live working session (issue 9): the service owns the open book; the renderer receives the
 * rows once, then sends patch batches (`shared/domain/book-patch.ts`) and receives small deltas:
 * the new summary and only the rows whose displayed figures changed. See docs/architecture.md
 * § Working session.
 */
import type { PatchOp, PatchRefusal } from '../book-patch';
import type { RowTableDto } from '../row-table';
import type { DecimalString } from '../decimal-string';
import type { AccountViewDto } from './margin-result.dto';
import type { MarginSummaryDto, MethodOutcomeDto } from './margin-run.dto';
import type { PortfolioDto } from './portfolio.dto';

/**
 * What the grid shows for one position besides its own fields. Money and risk figures are decimal
 * strings (display rounding is the renderer's, at fixed decimals). Greeks are the position's
 * (size × per-unit greek of `markInstrument`), in the settlement currency (`…Coin`) and in USD.
 * Absent fields: not applicable (a future has no strike) or not computable (then `error` says why).
 */
export interface RowFiguresDto {
  id: string;
  kind?: 'spot' | 'future' | 'perpetual' | 'option';
  underlying?: string;
  /** Settlement currency of the coin figures. */
  currency?: string;
  /** ISO date of expiry (UTC, 08:00 venue expiry), dated instruments only. */
  expiry?: string;
  strike?: DecimalString;
  optionType?: 'C' | 'P';
  /** Mark per unit: options the premium in `currency`; futures/perpetuals the forward in USD. */
  markCoin?: DecimalString;
  markUsd?: DecimalString;
  /** Implied vol used for the mark (options). */
  iv?: DecimalString;
  deltaCoin?: DecimalString;
  gammaCoin?: DecimalString;
  vegaCoin?: DecimalString;
  thetaCoin?: DecimalString;
  deltaUsd?: DecimalString;
  gammaUsd?: DecimalString;
  vegaUsd?: DecimalString;
  thetaUsd?: DecimalString;
  /** Margin group (`<settlement>_<underlying>`) under the detail method. */
  group?: string;
  /** P&L in the binding scenario of the detail method (settlement currency). */
  pnlInBinding?: DecimalString;
  /** Marginal IM per shown method id (settlement currency of the method's group). */
  marginalIm?: Record<string, DecimalString>;
  /** Why the row's marks could not be computed (unknown underlying in the snapshot, …). */
  error?: string;
}

/** What a session runs against (shared by every window on the portfolio). */
export interface SessionContextDto {
  marketId: string;
  /** Method ids run after every edit (default: every method the engine offers). */
  methods: string[];
  /** Parameter set per method id (else the method's default). */
  parameterSets?: Record<string, string>;
  /** The method explained in full (binding scenario, vectors, per-row P&L in binding). */
  detailFor: string;
  /** Methods whose per-row marginal IM is shown (default: the detail method). */
  shown: string[];
}

/** Undo/redo and save state of a session. */
export interface SessionStateDto {
  /** The session version: +1 per accepted batch, undo, redo or context change. */
  version: number;
  /** Latest stored revision the session's book builds on. */
  baseRevision: number;
  /** Edits not yet in a revision (journalled: durable, but not a revision). */
  dirty: boolean;
  pendingEdits: number;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: string;
  redoLabel?: string;
  /** ISO time of the last revision cut (save, close, autosave). */
  lastSavedAt?: string;
}

/** The margin summary after a change: every method's figures, the detail method explained (without per-position lists). */
export type SessionSummaryDto = MarginSummaryDto;

/** `session:open` and full refreshes: the whole book once, with every row's figures. */
export interface SessionSnapshotDto {
  sessionId: string;
  portfolio: PortfolioDto;
  context: SessionContextDto;
  state: SessionStateDto;
  /** Instrument terms, marks and greeks of every row (book order). */
  marks: RowTableDto;
  /** Margin figures of every row (book order). */
  margin: RowTableDto;
  summary: SessionSummaryDto;
  /** Methods whose figures in `summary` are from before the latest change: `session:account` brings them. */
  pending: string[];
  /** Instrument symbols the snapshot knows (completion in the instrument cell). */
  symbols: string[];
  /** Set when journalled edits (e.g. after a crash) were replayed on open. */
  recovered?: { edits: number };
}

/** An accepted change: what it did and what it changed on screen. */
export interface SessionDeltaDto {
  version: number;
  /** The renderer's batch number, echoed (absent for another window's or the journal's batches). */
  seq?: number;
  /** The operations applied, in order (another window replays these to follow). */
  ops: PatchOp[];
  state: SessionStateDto;
  summary: SessionSummaryDto;
  /**
   * Methods whose figures in `summary` are still the previous ones: costly methods that are not
   * shown per row are run after the delta (the slow lane) and arrive with `session:account`.
   */
  pending: string[];
  /** Marks of rows added or edited (instrument, size). */
  marks: RowTableDto;
  /** Margin figures of rows whose group, P&L in binding or marginal IM changed. */
  margin: RowTableDto;
  /** Ids of rows removed. */
  removed: string[];
}

/** Answer to a patch, undo or redo. */
export type SessionPatchResultDto =
  | ({ kind: 'applied' } & SessionDeltaDto)
  /** Refused: every problem named; nothing changed. */
  | { kind: 'refused'; seq?: number; version: number; refusals: PatchRefusal[]; message: string }
  /** The book moved on (another window edited it): catch up with `session:since`, then retry. */
  | { kind: 'behind'; seq?: number; version: number; message: string };

/** Answer to `session:since`: what happened after `version` (empty when nothing did before the wait ended). */
export type SessionSinceDto =
  | ({ kind: 'changes'; batches: { version: number; ops: PatchOp[] }[] } & Omit<SessionDeltaDto, 'ops' | 'seq'>)
  | { kind: 'unchanged'; version: number }
  /** Too far behind, or the context changed: take the whole snapshot. */
  | ({ kind: 'snapshot' } & SessionSnapshotDto);

/** The account view of the detail method for a session version (computed after the delta: the slow lane). */
export type SessionAccountDto =
  | {
    kind: 'account';
    version: number;
    methodId: string;
    account: AccountViewDto | null;
    error?: string;
    /** The outcomes of the methods the delta listed as `pending`, now computed for `version`. */
    outcomes: MethodOutcomeDto[];
  }
  | { kind: 'stale'; version: number };

/**
 * One change of a journalled batch, as the History panel lists it: the operation, the row (id and,
 * where known, instrument), the field, and the value before and after ('' = empty; a deleted row's
 * old value is its size, an added row's new value its size; a move's new value is the row's new index).
 */
export interface SessionEditChangeDto {
  op: 'set' | 'add' | 'delete' | 'move' | 'balance';
  rowId?: string;
  instrument?: string;
  field?: string;
  old?: string;
  new?: string;
}

/** One journalled edit batch (listed under the revision it went into). */
export interface SessionEditDto {
  seq: number;
  kind: 'edit' | 'undo' | 'redo';
  label: string;
  at: string;
  opCount: number;
  /** The revision the edit went into; undefined while pending. */
  revision?: number;
  /** Its changes (`session:edits` lists the first `MAX_LISTED_CHANGES`; `moreChanges` counts the rest). */
  changes?: SessionEditChangeDto[];
  moreChanges?: number;
}
