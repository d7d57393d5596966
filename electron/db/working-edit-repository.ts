/**
 * The working-session journal (migration 5, `working_edit`): one row per accepted edit batch of an
 * open book, written in its own transaction before the edit is acknowledged (WAL with
 * `synchronous=FULL`: durable at commit). Rows are small — the batch's operations and inverse as
 * JSON — so a one-cell edit writes O(changed rows), not O(book). `cut` stamps the pending rows with
 * the revision they went into, in the same transaction as that revision's save.
 */
import type Database from 'better-sqlite3';
import { isoNow } from './ids';

/** One journal row as the service reads it (ops/inverse as stored JSON text). */
export interface WorkingEditRow {
  portfolioId: string;
  seq: number;
  kind: 'edit' | 'undo' | 'redo';
  /** undo/redo: the seq of the edit entry undone or redone. */
  target: number | null;
  baseRevision: number;
  label: string;
  ops: string;
  inverse: string;
  opCount: number;
  at: string;
  /** The revision the row went into; null while pending. */
  revision: number | null;
}

/** What `append` needs (seq is assigned: one more than the portfolio's last). */
export type WorkingEditInput = Omit<WorkingEditRow, 'seq' | 'at' | 'revision'>;

export interface WorkingEditRepository {
  /** Append one row durably; returns its seq. */
  append(e: WorkingEditInput): number;
  /** Pending rows (not yet in a revision), oldest first. */
  pending(portfolioId: string): WorkingEditRow[];
  /** The last `limit` rows of a portfolio (pending or not), oldest first: the undo history. */
  recent(portfolioId: string, limit: number): WorkingEditRow[];
  /** Rows that went into `revision` (or pending ones when undefined), oldest first. */
  list(portfolioId: string, revision?: number): WorkingEditRow[];
  /** Stamp every pending row with `revision`; returns how many. */
  cut(portfolioId: string, revision: number): number;
  /** Drop pending rows (e.g. discarded edits); returns how many. */
  discardPending(portfolioId: string): number;
}

interface Row {
  portfolio_id: string; seq: number; kind: 'edit' | 'undo' | 'redo'; target: number | null; base_revision: number;
  label: string; ops: string; inverse: string; op_count: number; at: string; revision: number | null;
}

const toRow = (r: Row): WorkingEditRow => ({
  portfolioId: r.portfolio_id, seq: r.seq, kind: r.kind, target: r.target, baseRevision: r.base_revision, label: r.label,
  ops: r.ops, inverse: r.inverse, opCount: r.op_count, at: r.at, revision: r.revision,
});

export function createWorkingEditRepository(db: Database.Database, now: () => Date): WorkingEditRepository {
  const q = {
    last: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM working_edit WHERE portfolio_id = ?'),
    insert: db.prepare('INSERT INTO working_edit (portfolio_id, seq, kind, target, base_revision, label, ops, inverse, op_count, at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)'),
    pending: db.prepare<[string], Row>('SELECT * FROM working_edit WHERE portfolio_id = ? AND revision IS NULL ORDER BY seq'),
    recent: db.prepare<[string, number], Row>('SELECT * FROM (SELECT * FROM working_edit WHERE portfolio_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq'),
    inRevision: db.prepare<[string, number], Row>('SELECT * FROM working_edit WHERE portfolio_id = ? AND revision = ? ORDER BY seq'),
    cut: db.prepare('UPDATE working_edit SET revision = ? WHERE portfolio_id = ? AND revision IS NULL'),
    discard: db.prepare('DELETE FROM working_edit WHERE portfolio_id = ? AND revision IS NULL'),
  };
  const append = db.transaction((e: WorkingEditInput): number => {
    const seq = (q.last.get(e.portfolioId)?.seq ?? 0) + 1;
    q.insert.run(e.portfolioId, seq, e.kind, e.target, e.baseRevision, e.label, e.ops, e.inverse, e.opCount, isoNow(now));
    return seq;
  });
  return {
    append: (e) => append.immediate(e),
    pending: (id) => q.pending.all(id).map(toRow),
    recent: (id, limit) => q.recent.all(id, limit).map(toRow),
    list: (id, revision) => (revision === undefined ? q.pending.all(id) : q.inRevision.all(id, revision)).map(toRow),
    cut: (id, revision) => q.cut.run(revision, id).changes,
    discardPending: (id) => q.discard.run(id).changes,
  };
}
