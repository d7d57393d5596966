/**
 * The position difference of two books (two portfolios, or two revisions when the store's own
 * `portfolio:diff` is not used): rows matched by position id, as the store's revision diff
 * matches them (electron/db/revision-diff.ts); a row in both whose instrument, size, average
 * price or note differs is changed, with the fields named. Sizes and prices compare as decimals
 * (`1.50` equals `1.5`). Pure; the same shape as `PortfolioDiffDto.positions`.
 */
import Decimal from 'decimal.js';
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { RowDiffDto } from '../../../../shared/domain/dto/storage.dto';

const FIELDS = ['instrument', 'size', 'averagePrice', 'note'] as const;

function sameDecimal(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try { return new Decimal(a).eq(new Decimal(b)); } catch { return a === b; }
}

/** Rows of `b` not in `a` (added), of `a` not in `b` (removed), and those that differ (changed). */
export function positionDiff(a: readonly PositionDto[], b: readonly PositionDto[]): RowDiffDto<PositionDto> {
  const byId = new Map(a.map((p) => [p.id, p]));
  const inB = new Set<string>();
  const out: RowDiffDto<PositionDto> = { added: [], removed: [], changed: [] };
  for (const q of b) {
    inB.add(q.id);
    const p = byId.get(q.id);
    if (!p) { out.added.push(q); continue; }
    const fields = FIELDS.filter((f) => (f === 'size' || f === 'averagePrice' ? !sameDecimal(p[f], q[f]) : p[f] !== q[f]));
    if (fields.length > 0) out.changed.push({ key: q.id, fields: [...fields], old: p, new: q });
  }
  for (const p of a) if (!inB.has(p.id)) out.removed.push(p);
  return out;
}

/**
 * One differing row as trades on book A that turn it into B's row: an added row is bought, a
 * removed one sold back, a resized one traded by the size change, a row whose instrument changed
 * closes the old and opens the new. Empty when only the average price or note changed (no
 * margin effect). The what-if of these trades on A is the margin the row moved on its own.
 */
export function rowTrades(kind: 'added' | 'removed' | 'changed', a: PositionDto | undefined, b: PositionDto | undefined): { instrument: string; size: string }[] {
  const negate = (s: string) => new Decimal(s).neg().toFixed();
  if (kind === 'added' && b) return [{ instrument: b.instrument, size: b.size }];
  if (kind === 'removed' && a) return [{ instrument: a.instrument, size: negate(a.size) }];
  if (!a || !b) return [];
  if (a.instrument !== b.instrument) return [{ instrument: a.instrument, size: negate(a.size) }, { instrument: b.instrument, size: b.size }];
  const d = new Decimal(b.size).minus(a.size);
  return d.isZero() ? [] : [{ instrument: a.instrument, size: d.toFixed() }];
}
