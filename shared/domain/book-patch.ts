/**
 * Book patches: how an edit of the open book travels from the renderer to the working session in
 * the service (issue 9). A batch is a list of operations applied in order, all or nothing; the
 * same pure code applies it in the renderer (optimistically, so the grid never waits) and in the
 * service (authoritatively, after validation). Applying a batch also yields its inverse batch,
 * which is what undo applies.
 *
 * Operations:
 * - `set`: one field of one row (`instrument`, `size`, `averagePrice`, `note`); `''` clears the
 *   optional fields (`averagePrice`, `note`).
 * - `add`: rows inserted before `index` (default: at the end), in the given order; ids must be new.
 * - `delete`: rows removed by id.
 * - `move`: rows (kept in their current relative order) moved so the first lands at `index` of
 *   the list without them.
 * - `balance`: set (or with `''` remove) one collateral balance.
 *
 * What is checked here (syntax and identity: decimal strings, known ids, no duplicate ids,
 * lengths). Whether an instrument symbol is a valid venue symbol is the service's check (the
 * symbology lives in the engine); it refuses the batch the same way, naming the row and field.
 */
import type { BalanceDto, PortfolioDto, PositionDto } from './dto/portfolio.dto';
import { isDecimalString } from './decimal-string';

/** Editable fields of a position. */
export type PatchField = 'instrument' | 'size' | 'averagePrice' | 'note';

export const PATCH_FIELDS: readonly PatchField[] = ['instrument', 'size', 'averagePrice', 'note'];

/** One operation of a batch. */
export type PatchOp =
  | { op: 'set'; id: string; field: PatchField; value: string }
  | { op: 'add'; rows: PositionDto[]; index?: number }
  | { op: 'delete'; ids: string[] }
  | { op: 'move'; ids: string[]; index: number }
  | { op: 'balance'; currency: string; amount: string };

/** Why an operation was refused: which operation, row and field, and the reason in words. */
export interface PatchRefusal {
  /** Index of the operation in the batch. */
  op: number;
  rowId?: string;
  field?: string;
  /** For `add`: index of the row within the operation's `rows`. */
  row?: number;
  reason: string;
}

/** A refused batch: every problem found (the book is unchanged). */
export class PatchError extends Error {
  constructor(readonly refusals: PatchRefusal[]) {
    super(`edit refused: ${refusals.slice(0, 5).map(describeRefusal).join('; ')}${refusals.length > 5 ? `; … ${refusals.length - 5} more` : ''}`);
    this.name = 'PatchError';
  }
}

/** One refusal as a sentence ("row r1 size: must be a decimal …"). */
export function describeRefusal(r: PatchRefusal): string {
  const where = [r.rowId !== undefined ? `row ${r.rowId}` : r.row !== undefined ? `new row ${r.row + 1}` : `operation ${r.op + 1}`, r.field].filter(Boolean).join(' ');
  return `${where}: ${r.reason}`;
}

/** Longest accepted instrument symbol and note (as the portfolio schema). */
export const MAX_INSTRUMENT_LENGTH = 64;
export const MAX_NOTE_LENGTH = 500;
const CURRENCY = /^[A-Z0-9]{2,12}$/;

/** The reason a field value is refused, or null. Sizes and prices must be decimal strings (never coerced). */
export function fieldProblem(field: PatchField, value: string): string | null {
  switch (field) {
    case 'instrument':
      if (value.trim() === '') return 'instrument must not be empty';
      if (value.length > MAX_INSTRUMENT_LENGTH) return `instrument is longer than ${MAX_INSTRUMENT_LENGTH} characters`;
      if (value !== value.trim()) return 'instrument must not start or end with spaces';
      return null;
    case 'size':
      return isDecimalString(value) ? null : `size must be a decimal number such as -10 or 0.25 (got "${clip(value)}")`;
    case 'averagePrice':
      return value === '' || isDecimalString(value) ? null : `average price must be a decimal number such as 65000 or 0.0125, or empty (got "${clip(value)}")`;
    case 'note':
      return value.length <= MAX_NOTE_LENGTH ? null : `note is longer than ${MAX_NOTE_LENGTH} characters`;
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** The result of applying a batch. */
export interface AppliedPatch {
  portfolio: PortfolioDto;
  /** The batch that undoes this one (apply it to `portfolio` to get the book back). */
  inverse: PatchOp[];
  /** Ids of rows added or whose fields changed (not removed ones). */
  touched: string[];
  /** Ids of rows removed. */
  removed: string[];
}

/** Problems of a row to be added (ids are checked by the caller). */
function rowProblems(row: PositionDto, op: number, index: number): PatchRefusal[] {
  const out: PatchRefusal[] = [];
  if (typeof row !== 'object' || row === null) return [{ op, row: index, reason: 'row must be an object' }];
  if (typeof row.id !== 'string' || row.id === '' || row.id.length > 100) out.push({ op, row: index, field: 'id', reason: 'id must be 1–100 characters' });
  for (const f of PATCH_FIELDS) {
    const v = row[f];
    if (v === undefined) {
      if (f === 'instrument' || f === 'size') out.push({ op, row: index, rowId: row.id, field: f, reason: `${f} is required` });
      continue;
    }
    if (typeof v !== 'string') { out.push({ op, row: index, rowId: row.id, field: f, reason: `${f} must be text` }); continue; }
    const p = fieldProblem(f, v);
    if (p) out.push({ op, row: index, rowId: row.id, field: f, reason: p });
  }
  return out;
}

/** A row as stored: optional fields absent rather than empty. */
function normalRow(row: PositionDto): PositionDto {
  const out: PositionDto = { id: row.id, instrument: row.instrument, size: row.size };
  if (row.averagePrice !== undefined && row.averagePrice !== '') out.averagePrice = row.averagePrice;
  if (row.note !== undefined && row.note !== '') out.note = row.note;
  return out;
}

/**
 * Apply `ops` to `book` (never mutated) and return the new book with the inverse batch. Throws
 * `PatchError` listing every problem when any operation is refused; nothing is applied then.
 * Cost: O(rows touched) plus one O(n) copy of the positions list per structural operation
 * (`add`, `delete`, `move`) and one per batch of `set`s.
 */
export function applyPatch(book: PortfolioDto, ops: readonly PatchOp[]): AppliedPatch {
  let positions = book.positions;
  let copied = false;
  let balances = book.balances;
  let index: Map<string, number> | null = null;
  // The list passed in may carry a kept index; a copy being changed here is indexed locally.
  const at = (): Map<string, number> => (index ??= copied ? buildIndex(positions) : rowIndex(positions));
  const mutable = (): PositionDto[] => {
    if (!copied) { positions = positions.slice(); copied = true; }
    return positions;
  };
  const inverse: PatchOp[] = [];
  const refusals: PatchRefusal[] = [];
  const touched = new Set<string>();
  const removed = new Set<string>();
  // The rows a `delete` or `move` names, each once and each in the book; null (refusals recorded) otherwise.
  const listedRows = (k: number, list: unknown, ids: Map<string, number>): Set<string> | null => {
    if (!Array.isArray(list) || list.length === 0) { refusals.push({ op: k, reason: `${ops[k]!.op} needs at least one id` }); return null; }
    const seen = new Set<string>();
    for (const id of list as string[]) {
      if (!ids.has(id)) refusals.push({ op: k, rowId: String(id), reason: 'no such row (deleted or never existed)' });
      else if (seen.has(id)) refusals.push({ op: k, rowId: id, reason: 'listed twice' });
      seen.add(id);
    }
    return refusals.length > 0 ? null : seen;
  };
  ops.forEach((o, k) => {
    if (refusals.length > 0) return; // later operations depend on earlier ones: stop at the first refused
    switch (o?.op) {
      case 'set': {
        let i = at().get(o.id);
        if (i !== undefined && positions[i]?.id !== o.id) i = (index = buildIndex(positions)).get(o.id);
        if (i === undefined) { refusals.push({ op: k, rowId: o.id, field: o.field, reason: 'no such row (deleted or never existed)' }); return; }
        if (!PATCH_FIELDS.includes(o.field)) { refusals.push({ op: k, rowId: o.id, field: String(o.field), reason: 'not an editable field' }); return; }
        if (typeof o.value !== 'string') { refusals.push({ op: k, rowId: o.id, field: o.field, reason: 'value must be text' }); return; }
        const problem = fieldProblem(o.field, o.value);
        if (problem) { refusals.push({ op: k, rowId: o.id, field: o.field, reason: problem }); return; }
        const row = positions[i];
        const old = row[o.field] ?? '';
        if (old === o.value) return;
        const next: PositionDto = { ...row };
        if (o.value === '' && (o.field === 'averagePrice' || o.field === 'note')) delete next[o.field];
        else next[o.field] = o.value;
        mutable()[i] = next;
        inverse.unshift({ op: 'set', id: o.id, field: o.field, value: old });
        touched.add(o.id);
        return;
      }
      case 'add': {
        if (!Array.isArray(o.rows) || o.rows.length === 0) { refusals.push({ op: k, reason: 'add needs at least one row' }); return; }
        const ids = at();
        const fresh = new Set<string>();
        o.rows.forEach((r, j) => {
          const p = rowProblems(r, k, j);
          if (p.length === 0 && (ids.has(r.id) || fresh.has(r.id))) p.push({ op: k, row: j, rowId: r.id, field: 'id', reason: 'a row with this id already exists' });
          refusals.push(...p);
          if (r && typeof r.id === 'string') fresh.add(r.id);
        });
        if (refusals.length > 0) return;
        const where = o.index === undefined ? positions.length : o.index;
        if (!Number.isInteger(where) || where < 0 || where > positions.length) { refusals.push({ op: k, reason: `index must be an integer from 0 to ${positions.length}` }); return; }
        const rows = o.rows.map(normalRow);
        const list = mutable();
        list.splice(where, 0, ...rows);
        index = null;
        for (const r of rows) { touched.add(r.id); removed.delete(r.id); }
        inverse.unshift({ op: 'delete', ids: rows.map((r) => r.id) });
        return;
      }
      case 'delete': {
        const ids = at();
        const seen = listedRows(k, o.ids, ids);
        if (!seen) return;
        // Inverse: re-insert each run of consecutive removed rows at its old index (ascending).
        const idx = o.ids.map((id) => ids.get(id)!).sort((a, b) => a - b);
        const restore: PatchOp[] = [];
        for (let s = 0; s < idx.length;) {
          let e = s;
          while (e + 1 < idx.length && idx[e + 1] === idx[e] + 1) e++;
          restore.push({ op: 'add', index: idx[s], rows: positions.slice(idx[s], idx[e] + 1) });
          s = e + 1;
        }
        positions = positions.filter((p) => !seen.has(p.id));
        copied = true;
        index = null;
        for (const id of seen) { removed.add(id); touched.delete(id); }
        inverse.unshift(...restore);
        return;
      }
      case 'move': {
        const ids = at();
        const seen = listedRows(k, o.ids, ids);
        if (!seen) return;
        const rest = positions.filter((p) => !seen.has(p.id));
        if (!Number.isInteger(o.index) || o.index < 0 || o.index > rest.length) { refusals.push({ op: k, reason: `index must be an integer from 0 to ${rest.length}` }); return; }
        const moving = positions.filter((p) => seen.has(p.id));
        // Inverse: take the moved rows out again and put each back at its old index (ascending).
        const restore: PatchOp[] = [{ op: 'delete', ids: moving.map((p) => p.id) }];
        const old = moving.map((p) => ids.get(p.id)!);
        for (let s = 0; s < old.length;) {
          let e = s;
          while (e + 1 < old.length && old[e + 1] === old[e] + 1) e++;
          restore.push({ op: 'add', index: old[s], rows: moving.slice(s, e + 1) });
          s = e + 1;
        }
        rest.splice(o.index, 0, ...moving);
        positions = rest;
        copied = true;
        index = null;
        for (const p of moving) touched.add(p.id);
        inverse.unshift(...restore);
        return;
      }
      case 'balance': {
        if (typeof o.currency !== 'string' || !CURRENCY.test(o.currency)) { refusals.push({ op: k, field: 'currency', reason: 'currency must be an upper-case code such as BTC or USDC' }); return; }
        if (typeof o.amount !== 'string' || (o.amount !== '' && !isDecimalString(o.amount))) { refusals.push({ op: k, field: 'amount', reason: `balance must be a decimal number or empty (got "${clip(String(o.amount))}")` }); return; }
        const j = balances.findIndex((b) => b.currency === o.currency);
        const old = j >= 0 ? balances[j].amount : '';
        if (old === o.amount) return;
        const next: BalanceDto[] = balances.slice();
        if (o.amount === '') next.splice(j, 1);
        else if (j >= 0) next[j] = { currency: o.currency, amount: o.amount };
        else next.push({ currency: o.currency, amount: o.amount });
        balances = next;
        inverse.unshift({ op: 'balance', currency: o.currency, amount: old });
        return;
      }
      default:
        refusals.push({ op: k, reason: `unknown operation "${String((o as { op?: unknown })?.op)}"` });
    }
  });
  if (refusals.length > 0) throw new PatchError(refusals);
  // Field edits keep every row where it was: the new list shares the old one's index.
  if (index !== null && positions !== book.positions) INDEX.set(positions, index);
  return {
    portfolio: positions === book.positions && balances === book.balances ? book : { ...book, positions, balances },
    inverse,
    touched: [...touched],
    removed: [...removed],
  };
}

/**
 * Index of row ids in a position list, kept per list (lists are never changed in place: every
 * patch makes a new one, and one made by field edits only inherits its parent's index), so a
 * one-cell edit of a 20,000-row book does not rebuild a 20,000-entry map. A list found changed in
 * place anyway (an id not at its indexed place) is indexed afresh.
 */
const INDEX = new WeakMap<readonly PositionDto[], Map<string, number>>();

/** The id → position index of `positions` (see `INDEX`). */
export function rowIndex(positions: readonly PositionDto[]): Map<string, number> {
  let index = INDEX.get(positions);
  if (index !== undefined && index.size === positions.length && (positions.length === 0 || (index.get(positions[0].id) === 0 && index.get(positions[positions.length - 1].id) === positions.length - 1))) return index;
  index = buildIndex(positions);
  INDEX.set(positions, index);
  return index;
}

function buildIndex(positions: readonly PositionDto[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < positions.length; i++) index.set(positions[i].id, i);
  return index;
}

/** The row of `positions` with id `id`, or undefined. */
export function rowById(positions: readonly PositionDto[], id: string): PositionDto | undefined {
  const i = rowIndex(positions).get(id);
  const row = i === undefined ? undefined : positions[i];
  return row !== undefined && row.id === id ? row : positions.find((p) => p.id === id);
}

/** Whether a batch changes nothing (every op a no-op against `book`). */
export function isNoop(applied: AppliedPatch): boolean {
  return applied.inverse.length === 0;
}
