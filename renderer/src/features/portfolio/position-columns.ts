/** Column definitions of the positions grid (typed helpers; decimals right-aligned, Decimal-aware sort). */
import type { ColDef } from 'ag-grid-community';
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { compareDecimal, formatDecimal, formatDecimalAuto } from '../../lib/format/decimal-format';

/** A right-aligned decimal column shown at `dp` places, sorted numerically, edited as text. */
export function decimalColumn(field: 'size' | 'averagePrice', headerName: string, dp: number, editable: boolean): ColDef<PositionDto> {
  return {
    field,
    headerName,
    editable,
    type: 'rightAligned',
    cellClass: 'num',
    valueFormatter: (p) => formatDecimal(p.value as string | undefined, dp),
    comparator: (a: string | undefined, b: string | undefined) => compareDecimal(a, b),
    filter: 'agNumberColumnFilter',
    filterValueGetter: (p) => Number(p.data?.[field] ?? NaN),
  };
}

/** A read-only column of the explanation (a decimal string per position id), right-aligned. */
function explanationColumn(colId: string, headerName: string, headerTooltip: string, pick: (id: string) => string | undefined, dp: number): ColDef<PositionDto> {
  return {
    colId,
    headerName,
    headerTooltip,
    editable: false,
    type: 'rightAligned',
    cellClass: 'num derived',
    valueGetter: (p) => (p.data ? pick(p.data.id) : undefined),
    valueFormatter: (p) => formatDecimal(p.value as string | undefined, dp),
    comparator: (a: string | undefined, b: string | undefined) => compareDecimal(a, b),
    flex: 1,
    minWidth: 120,
  };
}

/** What the explanation columns read: the chosen method's contribution per position. */
export interface ContributionLookup {
  group(id: string): string | undefined;
  pnlInBinding(id: string): string | undefined;
  marginalInitialMargin(id: string): string | undefined;
}

/** The grid's columns: instrument, size, average price, note, then the explanation of the chosen method. */
export function positionColumns(lookup: ContributionLookup): ColDef<PositionDto>[] {
  return [
    { field: 'instrument', headerName: 'Instrument', editable: true, flex: 2, minWidth: 200, cellClass: 'mono' },
    // Sizes show every digit entered (exact; never rounded for display).
    { ...decimalColumn('size', 'Size', 4, true), valueFormatter: (p) => formatDecimalAuto(p.value as string | undefined, 0, 18), flex: 1, minWidth: 120 },
    { ...decimalColumn('averagePrice', 'Avg price', 2, true), valueFormatter: (p) => formatDecimalAuto(p.value as string | undefined, 2, 8), flex: 1, minWidth: 100 },
    { colId: 'group', headerName: 'Margin group', headerTooltip: 'Settlement currency _ underlying: the portfolio-margin group the position is netted in', valueGetter: (p) => (p.data ? lookup.group(p.data.id) : undefined), flex: 1, minWidth: 110, cellClass: 'derived' },
    explanationColumn('pnlInBinding', 'P&L in binding', 'P&L of the position in its group\'s binding scenario, in the group\'s settlement currency (before pnl offset and dampener)', lookup.pnlInBinding, 6),
    explanationColumn('marginalIm', 'Marginal IM', 'IM of the book with the position minus IM without it, in the group\'s settlement currency', lookup.marginalInitialMargin, 6),
    { field: 'note', headerName: 'Note', editable: true, flex: 1, minWidth: 120 },
  ];
}
