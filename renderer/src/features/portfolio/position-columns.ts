/** Column definitions of the positions grid (typed helpers; decimals right-aligned, Decimal-aware sort). */
import type { ColDef } from 'ag-grid-community';
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import { compareDecimal, formatDecimal } from '../../lib/format/decimal-format';

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

/** The grid's columns: instrument, size, average price, note. */
export function positionColumns(): ColDef<PositionDto>[] {
  return [
    { field: 'instrument', headerName: 'Instrument', editable: true, flex: 2, minWidth: 200, cellClass: 'mono' },
    { ...decimalColumn('size', 'Size', 4, true), flex: 1, minWidth: 120 },
    { ...decimalColumn('averagePrice', 'Avg price', 2, true), flex: 1, minWidth: 110 },
    { field: 'note', headerName: 'Note', editable: true, flex: 2, minWidth: 140 },
  ];
}
