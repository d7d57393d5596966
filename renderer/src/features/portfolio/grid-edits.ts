/**
 * What a range action on the positions grid turns into: Ctrl+D fill down, Delete clear, Ctrl+C
 * copy and Ctrl+V paste, as book patch operations (shared/domain/book-patch.ts) for one batch
 * (one undo step) and the problems to show. Pure: the grid passes a view of what it displays.
 *
 * Delete on a range clears the optional fields (average price, note). Instrument and size have no
 * empty value (a position needs both), so Delete refuses them with a visible reason instead of
 * inventing one: type 0 to flatten a size, or delete the row.
 */
import { fieldProblem, type PatchField, type PatchOp } from '../../../../shared/domain/book-patch';
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { detectVenueFormat, syntaxFieldChecks, venuePositions, type CsvRecord, type VenueIssue } from '../../../../shared/domain/venue-positions';
import type { CellBounds } from './grid-range';
import type { ClipLine } from './tsv';

/** The grid as displayed: rows in display order (null for subtotal rows) and column ids in order. */
export interface GridView {
  rowCount: number;
  rowAt(index: number): PositionDto | null;
  cols: readonly string[];
}

/** Column ids that are editable fields (the column id is the field). */
export const EDITABLE_FIELDS: readonly PatchField[] = ['instrument', 'size', 'averagePrice', 'note'];
export function editableField(colId: string): PatchField | null {
  return (EDITABLE_FIELDS as readonly string[]).includes(colId) ? (colId as PatchField) : null;
}

/** A refused cell: its row, field and why. */
export interface CellProblem {
  rowId: string;
  field: string;
  reason: string;
}

/**
 * Ctrl+D: the top row of the range copied into the rows below it (editable columns of the range);
 * a one-row range copies from the nearest book row above (as in spreadsheets).
 */
export function fillDownOps(b: CellBounds, view: GridView): PatchOp[] {
  const rows: PositionDto[] = [];
  for (let r = b.r0; r <= b.r1; r++) { const p = view.rowAt(r); if (p) rows.push(p); }
  let source: PositionDto | null = null;
  let targets = rows;
  if (rows.length >= 2) { source = rows[0]; targets = rows.slice(1); }
  else for (let r = b.r0 - 1; r >= 0 && !source; r--) source = view.rowAt(r);
  if (!source) return [];
  const ops: PatchOp[] = [];
  for (let c = b.c0; c <= b.c1; c++) {
    const field = editableField(view.cols[c] ?? '');
    if (!field) continue;
    const value = source[field] ?? '';
    for (const t of targets) if ((t[field] ?? '') !== value) ops.push({ op: 'set', id: t.id, field, value });
  }
  return ops;
}

/** Delete: clear the optional fields of the range; instrument and size cells are refused with a reason. */
export function clearOps(b: CellBounds, view: GridView): { ops: PatchOp[]; refused: CellProblem[] } {
  const ops: PatchOp[] = [];
  const refused: CellProblem[] = [];
  for (let r = b.r0; r <= b.r1; r++) {
    const p = view.rowAt(r);
    if (!p) continue;
    for (let c = b.c0; c <= b.c1; c++) {
      const field = editableField(view.cols[c] ?? '');
      if (field === 'averagePrice' || field === 'note') { if ((p[field] ?? '') !== '') ops.push({ op: 'set', id: p.id, field, value: '' }); }
      else if (field === 'size') refused.push({ rowId: p.id, field, reason: 'a size cannot be empty: type 0 to flatten the position, or delete the row (Ctrl+Shift+Delete)' });
      else if (field === 'instrument') refused.push({ rowId: p.id, field, reason: 'an instrument cannot be empty: delete the row instead (Ctrl+Shift+Delete)' });
    }
  }
  return { ops, refused };
}

/** Ctrl+C: the range's cells as text rows (`text` gives a cell's copy text). */
export function copyBlock(b: CellBounds, view: GridView, text: (row: PositionDto | null, rowIndex: number, colId: string) => string): string[][] {
  const out: string[][] = [];
  for (let r = b.r0; r <= b.r1; r++) {
    const row = view.rowAt(r);
    const line: string[] = [];
    for (let c = b.c0; c <= b.c1; c++) line.push(text(row, r, view.cols[c] ?? ''));
    out.push(line);
  }
  return out;
}

// ------------------------------------------------------------------ paste

/** A pasted line that is not applied, and why. */
export interface LineProblem {
  line: number;
  reason: string;
}

/** What a paste would do: one batch, the lines it takes, and the lines it refuses. */
export interface PastePlan {
  ops: PatchOp[];
  /** Line number of each row of the `add` op (same order), and of each `set` op (by op index). */
  lineOfOp: number[];
  lineOfAdded: number[];
  problems: LineProblem[];
  /** Lines that would be applied. */
  validLines: number;
  updatedCells: number;
  addedRows: number;
  /** Columns of the block landing on read-only (computed) columns, ignored. */
  ignoredColumns: string[];
  /** How the text was read. */
  mode: 'block' | 'records';
  /** Venue the header looks like, when the text is an exchange export. */
  source?: string;
  /** Lines of a venue export left out on purpose (flat positions), with why; not problems. */
  skipped: LineProblem[];
}

/** Header names (lower case) of each field, from pmdesk's own CSV and the venues' exports. */
const HEADER_ALIASES: Record<PatchField | 'side', string[]> = {
  instrument: ['instrument', 'instrument_name', 'symbol', 'instid', 'contract', 'ticker', 'name'],
  size: ['size', 'qty', 'quantity', 'pos', 'amount', 'position', 'contracts'],
  averagePrice: ['averageprice', 'average_price', 'avg price', 'avgprice', 'avgpx', 'avg', 'entry', 'entry price', 'entryprice', 'price'],
  note: ['note', 'comment', 'notes', 'memo'],
  side: ['side', 'direction'],
};

/** Field of each header cell (or undefined), when the line is a header (names instrument and size). */
export function headerFields(cells: string[]): (PatchField | 'side' | undefined)[] | null {
  const fields = cells.map((c) => {
    const k = c.trim().toLowerCase();
    return (Object.keys(HEADER_ALIASES) as (PatchField | 'side')[]).find((f) => HEADER_ALIASES[f].includes(k));
  });
  // Keep the first column per field (a venue export may carry several price columns).
  const seen = new Set<string>();
  const first = fields.map((f) => (f && !seen.has(f) ? (seen.add(f), f) : undefined));
  return first.includes('instrument') && first.includes('size') ? first : null;
}

/**
 * A pasted number as a decimal string: thousands separators (`1,948.34`, `1 948.34`) and a
 * leading `+` removed, `(12.5)` accounting negatives read as `-12.5`. Anything else is left for
 * `fieldProblem` to refuse (never guessed).
 */
export function cleanNumber(raw: string): string {
  let s = raw.trim().replace(/[\u00a0\u202f]/g, ' ');
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) s = `-${paren[1].trim()}`;
  if (/^[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/[, ]/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  return s;
}

/** A pasted value for `field` as it would be stored (instrument upper-cased, numbers cleaned). */
export function pastedValue(field: PatchField, raw: string): string {
  if (field === 'instrument') return raw.trim().toUpperCase();
  if (field === 'size' || field === 'averagePrice') return cleanNumber(raw);
  return raw;
}

function sideSign(raw: string): 1 | -1 | null {
  const s = raw.trim().toLowerCase();
  if (['buy', 'long', 'b'].includes(s)) return 1;
  if (['sell', 'short', 's'].includes(s)) return -1;
  return null;
}

/**
 * Plan a paste. Text with a header row naming at least instrument and size (a spreadsheet with
 * headings, pmdesk's CSV, a venue export) is read as records and added as new rows after the
 * last row. Text without one is a block: it overwrites the cells from `anchor` right and down
 * (editable columns only) and the lines past the last row become new rows.
 */
export function planPaste(lines: ClipLine[], anchor: { row: number; col: number } | null, view: GridView, newId: () => string): PastePlan {
  const plan: PastePlan = { ops: [], lineOfOp: [], lineOfAdded: [], problems: [], validLines: 0, updatedCells: 0, addedRows: 0, ignoredColumns: [], mode: 'block', skipped: [] };
  if (lines.length === 0) { plan.problems.push({ line: 1, reason: 'nothing to paste: the clipboard holds no text' }); return plan; }
  const venue = detectVenueFormat(lines[0].cells);
  const header = venue ? null : headerFields(lines[0].cells);
  const added: PositionDto[] = [];
  if (venue) {
    plan.mode = 'records';
    venueRecords(lines, venue, plan, added, newId);
  } else if (header) {
    plan.mode = 'records';
    for (const l of lines.slice(1)) {
      const row = recordRow(l, header, newId);
      if ('reason' in row) plan.problems.push({ line: l.line, reason: row.reason });
      else { added.push(row); plan.lineOfAdded.push(l.line); plan.validLines++; }
    }
  } else {
    const start = anchor ?? { row: view.rowCount, col: Math.max(0, view.cols.indexOf('instrument')) };
    const width = Math.max(...lines.map((l) => l.cells.length));
    const targets = Array.from({ length: width }, (_, k) => view.cols[start.col + k]);
    targets.forEach((c, k) => {
      if (c === undefined) plan.ignoredColumns.push(`column ${k + 1} (past the last column)`);
      else if (!editableField(c)) plan.ignoredColumns.push(c);
    });
    // Displayed book rows from the anchor down (subtotal rows are skipped, never written).
    let r = start.row;
    for (const l of lines) {
      let target: PositionDto | null = null;
      while (r < view.rowCount && !(target = view.rowAt(r))) r++;
      r++;
      const values: Partial<Record<PatchField, string>> = {};
      let problem: string | null = null;
      l.cells.forEach((cell, k) => {
        const field = editableField(targets[k] ?? '');
        if (!field || problem) return;
        const v = pastedValue(field, cell);
        const p = fieldProblem(field, v);
        if (p) problem = `${field === 'averagePrice' ? 'average price' : field} "${cell}": ${p}`;
        else values[field] = v;
      });
      if (problem) { plan.problems.push({ line: l.line, reason: problem }); continue; }
      if (target) {
        let n = 0;
        for (const f of EDITABLE_FIELDS) {
          const v = values[f];
          if (v === undefined || (target[f] ?? '') === v) continue;
          plan.ops.push({ op: 'set', id: target.id, field: f, value: v });
          plan.lineOfOp.push(l.line);
          n++;
        }
        plan.updatedCells += n;
        plan.validLines++;
      } else {
        if (values.instrument === undefined || values.size === undefined) {
          plan.problems.push({ line: l.line, reason: `a new row needs an instrument and a size (the block ${values.instrument === undefined ? 'has no instrument column' : 'has no size column'} here)` });
          continue;
        }
        const row: PositionDto = { id: newId(), instrument: values.instrument, size: values.size };
        if (values.averagePrice) row.averagePrice = values.averagePrice;
        if (values.note) row.note = values.note;
        added.push(row);
        plan.lineOfAdded.push(l.line);
        plan.validLines++;
      }
    }
  }
  if (added.length > 0) {
    plan.ops.push({ op: 'add', rows: added });
    plan.addedRows = added.length;
  }
  return plan;
}

/**
 * A venue export read exactly as the importer reads the same file (electron/io/csv-positions.ts
 * with the format of shared/domain/venue-positions.ts): symbols mapped, OKX contracts converted,
 * the side applied, flat rows skipped; a line whose field count differs from the header's, a
 * repeated column and an instrument on two lines are refused as the importer refuses them.
 */
function venueRecords(lines: ClipLine[], venue: NonNullable<ReturnType<typeof detectVenueFormat>>, plan: PastePlan, added: PositionDto[], newId: () => string): void {
  const format = venuePositions(venue, syntaxFieldChecks);
  plan.source = format.label;
  const head = lines[0];
  const index = new Map<string, number>();
  for (const [i, h] of head.cells.entries()) {
    const k = h.trim().toLowerCase();
    if (k === '') continue;
    if (index.has(k)) { plan.problems.push({ line: head.line, reason: `column ${h} appears twice in the header: nothing can be read (${format.label})` }); return; }
    index.set(k, i);
  }
  const seen = new Map<string, number>();
  for (const l of lines.slice(1)) {
    if (l.cells.length !== head.cells.length) {
      plan.problems.push({ line: l.line, reason: `${l.cells.length} fields, the header has ${head.cells.length}` });
      continue;
    }
    const rec: CsvRecord = {
      row: l.line,
      get(column) {
        const i = index.get(column.toLowerCase());
        return i === undefined ? undefined : l.cells[i];
      },
    };
    const issues: VenueIssue[] = [];
    const p = format.convert(rec, issues);
    if (p === 'skip') { plan.skipped.push({ line: l.line, reason: 'a flat position (size 0 or no side): skipped, as the import skips it' }); continue; }
    if (p === undefined) { plan.problems.push({ line: l.line, reason: issues.map((i) => i.message).join('; ') }); continue; }
    const first = seen.get(p.instrument);
    if (first !== undefined) { plan.problems.push({ line: l.line, reason: `${p.instrument} already appears on line ${first} (a venue export holds one net row per instrument)` }); continue; }
    seen.set(p.instrument, l.line);
    added.push({ id: newId(), ...p });
    plan.lineOfAdded.push(l.line);
    plan.validLines++;
  }
}

function recordRow(l: ClipLine, header: (PatchField | 'side' | undefined)[], newId: () => string): PositionDto | { reason: string } {
  const get = (f: PatchField | 'side') => {
    const i = header.indexOf(f);
    return i < 0 ? undefined : (l.cells[i] ?? '');
  };
  const instrument = pastedValue('instrument', get('instrument') ?? '');
  let size = pastedValue('size', get('size') ?? '');
  const avg = pastedValue('averagePrice', get('averagePrice') ?? '');
  const note = get('note') ?? '';
  const p = fieldProblem('instrument', instrument);
  if (p) return { reason: p };
  const ps = fieldProblem('size', size);
  if (ps) return { reason: ps };
  const side = get('side');
  if (side !== undefined && side.trim() !== '') {
    const sign = sideSign(side);
    if (sign === null) return { reason: `side "${side}" is not buy or sell` };
    const negative = size.startsWith('-');
    // Signed sizes (Deribit) must agree with the side; unsigned ones take its sign.
    if (sign === 1 && negative) return { reason: `size ${size} is negative but the side is ${side}` };
    if (sign === -1 && !negative && !/^\+?0*\.?0*$/.test(size)) size = `-${size}`;
  }
  const pa = fieldProblem('averagePrice', avg);
  if (pa) return { reason: pa };
  const pn = fieldProblem('note', note);
  if (pn) return { reason: pn };
  const row: PositionDto = { id: newId(), instrument, size };
  if (avg !== '') row.averagePrice = avg;
  if (note !== '') row.note = note;
  return row;
}

/** The plan without the given lines (after the service refused them): re-planned by the caller. */
export function linesOfRefusals(plan: PastePlan, refusals: { op: number; row?: number }[]): number[] {
  const addAt = plan.ops.findIndex((o) => o.op === 'add');
  return refusals.map((r) => (r.op === addAt && r.row !== undefined ? plan.lineOfAdded[r.row] : plan.lineOfOp[r.op])).filter((n): n is number => n !== undefined);
}
