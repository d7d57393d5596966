/**
 * Cell range selection of the positions grid (AG Grid's range selection is enterprise: this is
 * ours). A range is an anchor cell and a focus cell in displayed coordinates (row index among the
 * displayed rows, column index among the displayed columns); shift+arrows and shift+click move
 * the focus, a plain click or arrow moves both.
 */

/** A cell in displayed coordinates. */
export interface CellPos {
  row: number;
  col: number;
}

/** The selection: where it started and where the focus is now. */
export interface RangeSelection {
  anchor: CellPos;
  focus: CellPos;
}

/** Inclusive bounds of a range. */
export interface CellBounds {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export function bounds(sel: RangeSelection): CellBounds {
  return {
    r0: Math.min(sel.anchor.row, sel.focus.row),
    r1: Math.max(sel.anchor.row, sel.focus.row),
    c0: Math.min(sel.anchor.col, sel.focus.col),
    c1: Math.max(sel.anchor.col, sel.focus.col),
  };
}

export function inBounds(b: CellBounds | null, row: number, col: number): boolean {
  return b !== null && row >= b.r0 && row <= b.r1 && col >= b.c0 && col <= b.c1;
}

/** Whether the range is more than one cell. */
export function isMultiCell(sel: RangeSelection | null): boolean {
  return sel !== null && (sel.anchor.row !== sel.focus.row || sel.anchor.col !== sel.focus.col);
}

/** Extend the selection's focus by (dRow, dCol), clamped to the grid of `rows` × `cols`. */
export function extend(sel: RangeSelection, dRow: number, dCol: number, rows: number, cols: number): RangeSelection {
  return {
    anchor: sel.anchor,
    focus: {
      row: clamp(sel.focus.row + dRow, 0, rows - 1),
      col: clamp(sel.focus.col + dCol, 0, cols - 1),
    },
  };
}

/** A one-cell selection. */
export function single(cell: CellPos): RangeSelection {
  return { anchor: cell, focus: cell };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
