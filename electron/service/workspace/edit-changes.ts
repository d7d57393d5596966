/**
 * The journal's edits with their changes, for the History panel (issue 9 §1: "the journal's edits
 * are still listed in the revision they went into"): each batch's operations read back from its
 * stored ops and inverse — a `set`'s old value is in the inverse, a deleted row's content in the
 * inverse's re-insert — with the instrument of each row named where the book knows it.
 */
import type { PatchOp } from '../../../shared/domain/book-patch';
import type { SessionEditChangeDto, SessionEditDto } from '../../../shared/domain/dto/session.dto';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import type { WorkingEditRow } from '../../db/working-edit-repository';
import type { SessionStore } from './session-store';

/** Changes listed per batch (a pasted block of 1,000 rows lists these and counts the rest). */
export const MAX_LISTED_CHANGES = 50;

/** The changes of one journal row, in the order its operations ran. */
export function changesOf(ops: PatchOp[], inverse: PatchOp[]): SessionEditChangeDto[] {
  // Old values: each op's inverse was put first (unshift), so the first op's is last; a cell set
  // twice in one batch had the earlier op's value before the later op.
  const firstOld = new Map<string, string>();
  const deleted = new Map<string, { instrument: string; size: string }>();
  for (const o of inverse) {
    if (o.op === 'set') firstOld.set(`${o.id}\u0000${o.field}`, o.value);
    else if (o.op === 'balance') firstOld.set(`\u0001${o.currency}`, o.amount);
    else if (o.op === 'add') for (const r of o.rows) deleted.set(r.id, { instrument: r.instrument, size: r.size });
  }
  const current = new Map<string, string>();
  const out: SessionEditChangeDto[] = [];
  const was = (key: string): string | undefined => current.get(key) ?? firstOld.get(key);
  for (const o of ops) {
    switch (o.op) {
      case 'set': {
        const key = `${o.id}\u0000${o.field}`;
        const old = was(key);
        out.push({ op: 'set', rowId: o.id, field: o.field, ...(old !== undefined ? { old } : {}), new: o.value });
        current.set(key, o.value);
        break;
      }
      case 'add':
        for (const r of o.rows) out.push({ op: 'add', rowId: r.id, instrument: r.instrument, field: 'size', new: r.size });
        break;
      case 'delete':
        for (const id of o.ids) {
          const r = deleted.get(id);
          out.push({ op: 'delete', rowId: id, ...(r ? { instrument: r.instrument, field: 'size', old: r.size } : {}) });
        }
        break;
      case 'move':
        o.ids.forEach((id, k) => out.push({ op: 'move', rowId: id, field: 'row', new: String(o.index + k + 1) }));
        break;
      case 'balance': {
        const key = `\u0001${o.currency}`;
        const old = was(key);
        out.push({ op: 'balance', field: o.currency, ...(old !== undefined ? { old } : {}), new: o.amount });
        current.set(key, o.amount);
        break;
      }
    }
  }
  return out;
}

/**
 * Journal rows of `portfolioId` (pending, or those of `revision`) with their changes; rows are
 * named by instrument from `book` (the revision's book; for pending edits the session's book when
 * open) where the change itself does not carry it.
 */
export function listEditsWithChanges(store: SessionStore, portfolioId: string, revision: number | undefined, openBook?: PortfolioDto): SessionEditDto[] {
  const rows: WorkingEditRow[] = store.workingEdits.list(portfolioId, revision);
  if (rows.length === 0) return [];
  const book = revision !== undefined ? store.portfolios.get(portfolioId, revision) : openBook ?? store.portfolios.get(portfolioId);
  let instrumentOf: Map<string, string> | undefined;
  const name = (c: SessionEditChangeDto): SessionEditChangeDto => {
    if (c.instrument !== undefined || c.rowId === undefined || !book) return c;
    instrumentOf ??= new Map(book.positions.map((p) => [p.id, p.instrument]));
    const instrument = instrumentOf.get(c.rowId);
    return instrument !== undefined ? { ...c, instrument } : c;
  };
  return rows.map((r) => {
    const all = changesOf(JSON.parse(r.ops) as PatchOp[], JSON.parse(r.inverse) as PatchOp[]);
    return {
      seq: r.seq, kind: r.kind, label: r.label, at: r.at, opCount: r.opCount, ...(r.revision !== null ? { revision: r.revision } : {}),
      changes: all.slice(0, MAX_LISTED_CHANGES).map(name),
      ...(all.length > MAX_LISTED_CHANGES ? { moreChanges: all.length - MAX_LISTED_CHANGES } : {}),
    };
  });
}
