/** Pure diffs between two revisions: portfolio rows keyed by id/currency, JSON documents by leaf path. */
import type { BalanceDto, PortfolioDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';

/** A row present in both revisions whose fields differ; `fields` names them. */
export interface ChangedRow<T extends object> {
  key: string;
  fields: string[];
  old: T;
  new: T;
}

/** Added / removed / changed rows of one kind. Values are compared as stored text (exact). */
export interface RowDiff<T extends object> {
  added: T[];
  removed: T[];
  changed: ChangedRow<T>[];
}

/** Difference between two portfolio revisions (`from` → `to`). */
export interface PortfolioDiff {
  id: string;
  from: number;
  to: number;
  /** Present when the name changed. */
  name?: { old: string; new: string };
  positions: RowDiff<PositionDto>;
  balances: RowDiff<BalanceDto>;
}

/** One changed leaf of a JSON document; a missing side means added or removed. */
export interface JsonChange {
  /**
   * Path of the leaf in JSON Pointer style, e.g. `/underlyings/ETH/index`; list elements matched
   * by key appear as `[expiry=2026-03-27T08:00:00Z,strike=2000]` instead of an index.
   */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
}

/** Difference between two revisions of a JSON document. */
export interface DocumentDiff {
  id: string;
  from: number;
  to: number;
  name?: { old: string; new: string };
  changes: JsonChange[];
}

const POSITION_FIELDS = ['instrument', 'size', 'averagePrice', 'note'] as const;

function diffRows<T extends object>(a: T[], b: T[], key: (r: T) => string, fields: readonly (keyof T & string)[]): RowDiff<T> {
  const before = new Map<string, T>();
  for (const r of a) before.set(key(r), r);
  const out: RowDiff<T> = { added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const r of b) {
    const k = key(r);
    seen.add(k);
    const o = before.get(k);
    if (o === undefined) { out.added.push(r); continue; }
    const prev = o;
    const changed = fields.filter((f) => prev[f] !== r[f]);
    if (changed.length > 0) out.changed.push({ key: k, fields: changed, old: prev, new: r });
  }
  for (const r of a) if (!seen.has(key(r))) out.removed.push(r);
  return out;
}

/** Diff two portfolio revisions: positions keyed by row id, balances by currency. */
export function diffPortfolios(a: PortfolioDto, b: PortfolioDto, from: number, to: number): PortfolioDiff {
  const d: PortfolioDiff = {
    id: b.id,
    from,
    to,
    positions: diffRows(a.positions, b.positions, (p) => p.id, POSITION_FIELDS),
    balances: diffRows(a.balances, b.balances, (x) => x.currency, ['amount']),
  };
  if (a.name !== b.name) d.name = { old: a.name, new: b.name };
  return d;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Fields that identify an element of a list of objects, tried in order (first unique wins). */
const ROW_KEYS: readonly (readonly string[])[] = [['id'], ['expiry', 'strike'], ['expiry'], ['currency'], ['instrument']];

/**
 * Segment names for the elements of `list`: `[expiry=…,strike=…]`-style keys when every element
 * is an object carrying identifying fields that are unique in the list (so an inserted vol point
 * shows as one added row, not as every later row changed), else the index.
 */
function elementKeys(list: unknown[]): string[] {
  if (list.length > 0 && list.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
    for (const fields of ROW_KEYS) {
      const rows = list as Record<string, unknown>[];
      if (!rows.every((r) => fields.every((f) => typeof r[f] === 'string' || typeof r[f] === 'number'))) continue;
      const keys = rows.map((r) => `[${fields.map((f) => `${f}=${String(r[f])}`).join(',')}]`);
      if (new Set(keys).size === keys.length) return keys.map(escapePointer);
    }
  }
  return list.map((_, i) => String(i));
}

function flatten(v: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(path, []);
    const keys = elementKeys(v);
    v.forEach((x, i) => flatten(x, `${path}/${keys[i]}`, out));
  } else if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    if (keys.length === 0) out.set(path, {});
    for (const k of keys) flatten((v as Record<string, unknown>)[k], `${path}/${escapePointer(k)}`, out);
  } else {
    out.set(path, v);
  }
}

/**
 * Leaf-by-leaf diff of two JSON values. Lists of objects are matched by identifying fields
 * (`id`, `expiry`+`strike`, `expiry`, `currency`, `instrument`) when unique, else by index.
 */
export function diffJson(a: unknown, b: unknown): JsonChange[] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const changes: JsonChange[] = [];
  for (const [p, nv] of fb) {
    if (!fa.has(p)) changes.push({ path: p, kind: 'added', new: nv });
    else if (JSON.stringify(fa.get(p)) !== JSON.stringify(nv)) changes.push({ path: p, kind: 'changed', old: fa.get(p), new: nv });
  }
  for (const [p, ov] of fa) if (!fb.has(p)) changes.push({ path: p, kind: 'removed', old: ov });
  return changes;
}
