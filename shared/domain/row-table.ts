/**
 * The wire form of row figures (issue 9): columns of values aligned with a list of row ids, so
 * 20,000 rows do not repeat 20 field names each. `readRowTable` folds a table into the renderer's
 * figures by id (updating the objects in place: the grid's value getters read the new values on
 * the next refresh); `null` in a column means the field is absent for that row.
 */
import type { RowFiguresDto } from './dto/session.dto';

/** Every RowFiguresDto field that travels as a column (all but `id` and `marginalIm`). */
export type RowFigureField = Exclude<keyof RowFiguresDto, 'id' | 'marginalIm'>;

export interface RowTableDto {
  ids: string[];
  /** Columns present in this table (a delta of margin figures carries only the margin columns). */
  columns: Partial<Record<RowFigureField, (string | null)[]>>;
  /** Marginal IM per shown method, aligned with `ids`. */
  marginalIm?: Record<string, (string | null)[]>;
}

/** The columns of a mark table (instrument terms, mark, greeks, error). */
export const MARK_FIELDS = [
  'kind', 'underlying', 'currency', 'expiry', 'strike', 'optionType', 'markCoin', 'markUsd', 'iv',
  'deltaCoin', 'gammaCoin', 'vegaCoin', 'thetaCoin', 'deltaUsd', 'gammaUsd', 'vegaUsd', 'thetaUsd', 'error',
] as const satisfies readonly RowFigureField[];

/** The columns of a margin table (besides `marginalIm`). */
export const MARGIN_FIELDS = ['group', 'pnlInBinding'] as const satisfies readonly RowFigureField[];

/** Fold `table` into `into` (by id, in place); returns the ids it touched. */
export function readRowTable(into: Map<string, RowFiguresDto>, table: RowTableDto): string[] {
  const { ids, columns, marginalIm } = table;
  const rows: RowFiguresDto[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    let r = into.get(ids[i]);
    if (!r) { r = { id: ids[i] }; into.set(ids[i], r); }
    rows[i] = r;
  }
  for (const [field, col] of Object.entries(columns) as [RowFigureField, (string | null)[]][]) {
    for (let i = 0; i < ids.length; i++) {
      const v = col[i];
      if (v === null || v === undefined) delete rows[i][field];
      else (rows[i] as unknown as Record<string, string>)[field] = v;
    }
  }
  if (marginalIm) {
    for (const [method, col] of Object.entries(marginalIm)) {
      for (let i = 0; i < ids.length; i++) {
        const v = col[i];
        const r = rows[i];
        if (v === null || v === undefined) { if (r.marginalIm) delete r.marginalIm[method]; }
        else (r.marginalIm ??= {})[method] = v;
      }
    }
  }
  return ids;
}

/** Rows' figures as one table with the given columns (tests, and the service's encoder). */
export function writeRowTable(rows: readonly RowFiguresDto[], fields: readonly RowFigureField[], methods: readonly string[] = []): RowTableDto {
  const columns: RowTableDto['columns'] = {};
  for (const f of fields) columns[f] = rows.map((r) => (r[f] as string | undefined) ?? null);
  const out: RowTableDto = { ids: rows.map((r) => r.id), columns };
  if (methods.length > 0) {
    out.marginalIm = {};
    for (const m of methods) out.marginalIm[m] = rows.map((r) => r.marginalIm?.[m] ?? null);
  }
  return out;
}
