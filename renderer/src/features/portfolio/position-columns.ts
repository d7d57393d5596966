/**
 * Column definitions of the positions grid (issue 9 §2): instrument, kind, underlying, expiry,
 * strike, C/P, size, average price, mark (coin and USD), IV, delta/gamma/vega/theta (coin and
 * USD), margin group, P&L in the binding scenario, marginal IM per shown method, note. Numbers are
 * right-aligned at fixed decimals with thousands separators (decimal-format.ts, exact); sizes and
 * prices show every digit entered. The derived columns read the session's per-row figures
 * (`RowFiguresDto`), subtotal rows their `sub.sums`.
 */
import type { CellClassRules, ColDef, ICellEditorParams, ValueGetterParams, ValueSetterParams } from 'ag-grid-community';
import type { PatchField } from '../../../../shared/domain/book-patch';
import type { RowFiguresDto } from '../../../../shared/domain/dto/session.dto';
import { compareDecimal, formatDecimal, formatDecimalAuto, formatPercent } from '../../lib/format/decimal-format';
import { SetFilter, type SetFilterParams } from '../../lib/grid/set-filter';
import { marginalColId, type GridRow } from './grid-groups';
import { InstrumentEditor } from './instrument-editor';

/**
 * Parsed decimal texts, so a sort of 20,000 rows (~300,000 comparisons) parses each text once
 * (bounded: cleared past 400,000 texts).
 */
const parsedNumbers = new Map<string, number>();
function asNumber(s: string): number {
  let v = parsedNumbers.get(s);
  if (v === undefined) {
    if (parsedNumbers.size >= 400_000) parsedNumbers.clear();
    v = Number(s);
    parsedNumbers.set(s, v);
  }
  return v;
}

/**
 * Exact numeric order of decimal strings, fast: compared as doubles first (the double of a
 * decimal string is monotone in its value), decimal.js only when the doubles tie. A 20,000-row
 * sort then costs milliseconds, not a Decimal per comparison. Empty values sort first.
 */
export function compareDecimalFast(a: string | undefined | null, b: string | undefined | null): number {
  const ea = a === undefined || a === null || a === '', eb = b === undefined || b === null || b === '';
  if (ea || eb) return ea === eb ? 0 : ea ? -1 : 1;
  const x = asNumber(a!), y = asNumber(b!);
  if (x < y) return -1;
  if (x > y) return 1;
  return a === b ? 0 : compareDecimal(a!, b!);
}

/** What the columns read besides the row's own fields. */
export interface ColumnContext {
  figures: ReadonlyMap<string, RowFiguresDto>;
  /** Methods whose marginal IM is shown, with their labels. */
  methods: readonly { id: string; label: string }[];
  /** Symbols offered by the instrument editor. */
  symbols: () => readonly string[];
  /** The refusal shown at a cell, if any. */
  refusal: (rowId: string, colId: string) => string | undefined;
  /** Whether a cell is in the range selection. */
  inRange: (rowIndex: number, colId: string) => boolean;
  /**
   * An edited cell's text, to be validated and sent as a patch. The grid never writes the value
   * itself (the valueSetter answers false): the row changes when the workspace applies the patch,
   * so a refused value leaves the old one in place.
   */
  commit: (rowId: string, field: PatchField, raw: string) => void;
}

/** The valueSetter of an editable field: hands the text to `ctx.commit`, never writes the row. */
function setter(ctx: ColumnContext, field: PatchField) {
  return (p: ValueSetterParams<GridRow>): boolean => {
    if (p.data && !p.data.sub) ctx.commit(p.data.id, field, p.newValue === null || p.newValue === undefined ? '' : String(p.newValue));
    return false;
  };
}

type FigureKey = keyof RowFiguresDto;

const isSub = (d: GridRow | undefined): boolean => d?.sub !== undefined;
export const passSubtotals = (d: unknown): boolean => isSub(d as GridRow | undefined);

/** A read-only figure column (text or decimal). */
function figureColumn(ctx: ColumnContext, colId: string, key: FigureKey, headerName: string, headerTooltip: string, format: ((v: string | undefined) => string) | null, width: number): ColDef<GridRow> {
  const getter = (p: ValueGetterParams<GridRow>) => {
    const d = p.data;
    if (!d) return undefined;
    if (d.sub) return d.sub.sums[colId];
    const v = ctx.figures.get(d.id)?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  const base: ColDef<GridRow> = { colId, headerName, headerTooltip, editable: false, valueGetter: getter, width, cellClass: 'derived' };
  if (!format) return base;
  return {
    ...base,
    type: 'rightAligned',
    cellClass: 'num derived',
    valueFormatter: (p) => format(p.value as string | undefined),
    comparator: compareDecimalFast,
    filter: 'agNumberColumnFilter',
    filterValueGetter: (p) => { const v = getter(p); return v === undefined ? null : Number(v); },
  };
}

/** A set-filtered text column of the figures. */
function setColumn(ctx: ColumnContext, colId: string, key: FigureKey, headerName: string, headerTooltip: string, width: number): ColDef<GridRow> {
  return {
    ...figureColumn(ctx, colId, key, headerName, headerTooltip, null, width),
    valueGetter: (p) => (p.data?.sub ? undefined : (ctx.figures.get(p.data?.id ?? '')?.[key] as string | undefined)),
    filter: SetFilter,
    filterParams: { passAlways: passSubtotals } satisfies SetFilterParams,
  };
}

const dp = (n: number) => (v: string | undefined) => formatDecimal(v, n);

/** The grid's columns (marginal IM: one per shown method). */
export function positionColumns(ctx: ColumnContext): ColDef<GridRow>[] {
  const editor = { cellEditor: InstrumentEditor, cellEditorParams: (p: ICellEditorParams<GridRow>) => ({ ...p, symbols: ctx.symbols() }) };
  const cols: ColDef<GridRow>[] = [
    {
      field: 'instrument', headerName: 'Instrument', editable: (p) => !isSub(p.data), width: 230, cellClass: 'mono',
      valueGetter: (p) => (p.data?.sub ? `Σ ${p.data.sub.label} · ${p.data.sub.count} position${p.data.sub.count === 1 ? '' : 's'}${p.data.sub.currency ? ` · ${p.data.sub.currency}` : ''}` : p.data?.instrument),
      filter: 'agTextColumnFilter', ...editor, valueSetter: setter(ctx, 'instrument'),
    },
    setColumn(ctx, 'kind', 'kind', 'Kind', 'Spot, future, perpetual or option', 90),
    setColumn(ctx, 'underlying', 'underlying', 'Underlying', 'The underlying coin', 100),
    { ...setColumn(ctx, 'expiry', 'expiry', 'Expiry', 'Expiry date (08:00 UTC venue expiry)', 110) },
    figureColumn(ctx, 'strike', 'strike', 'Strike', 'Option strike (USD)', (v) => formatDecimalAuto(v, 0, 2), 100),
    setColumn(ctx, 'optionType', 'optionType', 'C/P', 'Call or put', 60),
    {
      field: 'size', headerName: 'Size', editable: (p) => !isSub(p.data), type: 'rightAligned', cellClass: 'num', width: 120, valueSetter: setter(ctx, 'size'),
      headerTooltip: 'In the venue unit: USD for inverse futures and perpetuals, base coin for options, linear contracts and spot',
      // Sizes show every digit entered (exact; never rounded for display).
      valueFormatter: (p) => formatDecimalAuto(p.value as string | undefined, 0, 18),
      comparator: compareDecimalFast, filter: 'agNumberColumnFilter',
      filterValueGetter: (p) => (p.data?.sub ? null : Number(p.data?.size ?? NaN)),
    },
    {
      field: 'averagePrice', headerName: 'Avg price', editable: (p) => !isSub(p.data), type: 'rightAligned', cellClass: 'num', width: 110, valueSetter: setter(ctx, 'averagePrice'),
      valueFormatter: (p) => formatDecimalAuto(p.value as string | undefined, 2, 8),
      comparator: compareDecimalFast, filter: 'agNumberColumnFilter',
      filterValueGetter: (p) => (p.data?.averagePrice === undefined ? null : Number(p.data.averagePrice)),
    },
    figureColumn(ctx, 'markCoin', 'markCoin', 'Mark (coin)', 'Mark per unit: option premium in the settlement currency', dp(4), 105),
    figureColumn(ctx, 'markUsd', 'markUsd', 'Mark (USD)', 'Mark per unit in USD (futures and perpetuals: the forward)', dp(2), 110),
    figureColumn(ctx, 'iv', 'iv', 'IV', 'Implied volatility used for the mark', (v) => formatPercent(v, 1), 75),
    figureColumn(ctx, 'deltaCoin', 'deltaCoin', 'Δ coin', 'Delta of the position in the settlement currency', dp(4), 105),
    figureColumn(ctx, 'gammaCoin', 'gammaCoin', 'Γ coin', 'Gamma of the position in the settlement currency', dp(6), 105),
    figureColumn(ctx, 'vegaCoin', 'vegaCoin', 'Vega coin', 'Vega of the position (per vol point) in the settlement currency', dp(4), 105),
    figureColumn(ctx, 'thetaCoin', 'thetaCoin', 'Θ coin', 'Theta of the position (per day) in the settlement currency', dp(4), 105),
    figureColumn(ctx, 'deltaUsd', 'deltaUsd', 'Δ USD', 'Delta of the position in USD', dp(2), 120),
    figureColumn(ctx, 'gammaUsd', 'gammaUsd', 'Γ USD', 'Gamma of the position in USD', dp(4), 105),
    figureColumn(ctx, 'vegaUsd', 'vegaUsd', 'Vega USD', 'Vega of the position in USD', dp(2), 110),
    figureColumn(ctx, 'thetaUsd', 'thetaUsd', 'Θ USD', 'Theta of the position in USD', dp(2), 110),
    { ...figureColumn(ctx, 'group', 'group', 'Margin group', 'Settlement currency _ underlying: the portfolio-margin group the position is netted in', null, 110) },
    figureColumn(ctx, 'pnlInBinding', 'pnlInBinding', 'P&L in binding', "P&L of the position in its group's binding scenario, in the group's settlement currency (before pnl offset and dampener)", dp(6), 130),
    ...ctx.methods.map((m): ColDef<GridRow> => {
      const colId = marginalColId(m.id);
      const col = figureColumn(ctx, colId, 'marginalIm', `Marginal IM ${m.label}`, `IM of the book with the position minus IM without it under ${m.label}, in the group's settlement currency`, dp(6), 130);
      return {
        ...col,
        valueGetter: (p) => (p.data?.sub ? p.data.sub.sums[colId] : ctx.figures.get(p.data?.id ?? '')?.marginalIm?.[m.id]),
        filterValueGetter: (p) => { const v = p.data?.sub ? undefined : ctx.figures.get(p.data?.id ?? '')?.marginalIm?.[m.id]; return v === undefined ? null : Number(v); },
      };
    }),
    { field: 'note', headerName: 'Note', editable: (p) => !isSub(p.data), width: 160, valueSetter: setter(ctx, 'note'), filter: 'agTextColumnFilter', cellEditor: 'agTextCellEditor', cellEditorParams: { maxLength: 500 } },
  ];
  // Each rule costs a class toggle on every cell AG Grid renders (a scroll of the 20k book renders
  // ~30 rows × the visible columns per step), so a column carries only the rules it can meet:
  // a refusal only on a field the user edits, the unpriced mark only on the instrument.
  const inRange: CellClassRules<GridRow>[string] = (p) => p.node.rowIndex !== null && ctx.inRange(p.node.rowIndex, p.column.getColId());
  const refused: CellClassRules<GridRow>[string] = (p) => p.data !== undefined && ctx.refusal(p.data.id, p.column.getColId()) !== undefined;
  // A valid symbol the market cannot price (no data for its underlying): accepted, marked at the
  // instrument cell, the reason in its tooltip (the row's figure error).
  const unpriced: CellClassRules<GridRow>[string] = (p) => p.data !== undefined && !p.data.sub && ctx.figures.get(p.data.id)?.error !== undefined;
  const rulesOf = (c: ColDef<GridRow>): CellClassRules<GridRow> => ({
    'pm-in-range': inRange,
    ...(c.editable ? { 'pm-refused': refused } : {}),
    ...((c.colId ?? c.field) === 'instrument' ? { 'pm-unpriced': unpriced } : {}),
  });
  return cols.map((c) => ({
    ...c,
    cellClassRules: rulesOf(c),
    tooltipValueGetter: (p) => {
      const colId = p.column && 'getColId' in p.column ? p.column.getColId() : '';
      return p.data ? ctx.refusal(p.data.id, colId) ?? (p.data.sub ? undefined : ctx.figures.get(p.data.id)?.error) : undefined;
    },
  }));
}
