/**
 * Portfolios with immutable revisions. Every save writes a whole new revision (name, balances,
 * positions as rows; decimals as the TEXT the user gave) in one transaction.
 */
import type Database from 'better-sqlite3';
import type { PortfolioDto, PortfolioSummaryDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { NotFoundError, StoreValidationError } from './errors';
import { isoNow } from './ids';
import { validatePortfolio } from './portfolio-validation';
import { diffPortfolios, type PortfolioDiff } from './revision-diff';
import type { RevisionInfo } from './revision-types';

/** History entry of a portfolio revision. */
export interface PortfolioRevisionInfo extends RevisionInfo {
  positionCount: number;
}

/** A portfolio `check` validated (only the repository that issued it accepts it). */
export interface CheckedPortfolio { readonly value: PortfolioDto }

/** Portfolio repository (see `createPortfolioRepository`). */
export interface PortfolioRepository {
  /** Every portfolio at its latest revision, by name. */
  list(): PortfolioSummaryDto[];
  /** A portfolio at `revision` (default: latest), or `undefined` if absent. */
  get(id: string, revision?: number): PortfolioDto | undefined;
  /**
   * Save `dto` as a new revision (creating the portfolio if its id is new or empty). Validates
   * every field first; throws `StoreValidationError` listing all problems and writes nothing.
   */
  save(dto: PortfolioDto, note?: string): PortfolioSummaryDto;
  /**
   * Validate `dto` as `save` does, writing nothing (throws `StoreValidationError`): the value to
   * hand to `saveChecked`. Lets a large import validate before it takes the write lock, so other
   * writers do not wait seconds behind the validation of 200,000 rows.
   */
  check(dto: PortfolioDto): CheckedPortfolio;
  /** Save a value `check` returned by this repository (not validated again). */
  saveChecked(checked: CheckedPortfolio, note?: string): PortfolioSummaryDto;
  /** Revision history, newest first. Throws `NotFoundError` for an unknown id. */
  history(id: string): PortfolioRevisionInfo[];
  /** Added / removed / changed rows between two revisions. */
  diff(id: string, from: number, to: number): PortfolioDiff;
  /** Save the content of an old revision as a new revision (history is never rewritten). */
  restore(id: string, revision: number, note?: string): PortfolioSummaryDto;
  /** Latest revision number, or `undefined` if the portfolio does not exist. */
  headRevision(id: string): number | undefined;
}

/** A position row as selected: id, instrument, size, average_price, note. */
type PositionRowTuple = [string, string, string, string | null, string | null];

/** Field names of a position in the order of `PositionRowTuple[1..4]`. */
const POSITION_FIELDS = ['instrument', 'size', 'averagePrice', 'note'] as const;

function toPosition(row: PositionRowTuple): PositionDto {
  const p: PositionDto = { id: row[0], instrument: row[1], size: row[2] };
  if (row[3] !== null) p.averagePrice = row[3];
  if (row[4] !== null) p.note = row[4];
  return p;
}

interface RevisionRow {
  rev_key: number | bigint; portfolio_id: string; revision: number; name: string; saved_at: string; note: string | null; restored_from: number | null; position_count: number;
}

/**
 * Build the repository on an open, migrated connection. `now` supplies save times.
 * `schemaVersion` < 4 selects the pre-`rev_key` row layout (only reachable with
 * `openDatabase(…, { targetVersion })`, i.e. migration tests).
 */
export function createPortfolioRepository(db: Database.Database, now: () => Date, schemaVersion = Infinity): PortfolioRepository {
  const legacy = schemaVersion < 4;
  const rowKey = legacy ? 'portfolio_id = ? AND revision = ?' : 'rev_key = ?';
  const q = {
    list: db.prepare(`SELECT r.* FROM portfolio p JOIN portfolio_revision r ON r.portfolio_id = p.id AND r.revision = p.head_revision ORDER BY r.name, p.id`),
    head: db.prepare(`SELECT head_revision FROM portfolio WHERE id = ?`).pluck(),
    revision: db.prepare(`SELECT * FROM portfolio_revision WHERE portfolio_id = ? AND revision = ?`),
    positions: db.prepare(`SELECT id, instrument, size, average_price, note FROM position WHERE ${rowKey} ORDER BY ord`).raw(),
    balances: db.prepare(`SELECT currency, amount FROM balance WHERE ${rowKey} ORDER BY ord`),
    history: db.prepare(`SELECT * FROM portfolio_revision WHERE portfolio_id = ? ORDER BY revision DESC`),
    insertPortfolio: db.prepare(`INSERT INTO portfolio (id, created_at, head_revision) VALUES (?, ?, ?)`),
    setHead: db.prepare(`UPDATE portfolio SET head_revision = ? WHERE id = ?`),
    insertRevision: db.prepare(`INSERT INTO portfolio_revision (portfolio_id, revision, name, saved_at, note, restored_from, position_count) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertPosition: legacy
      ? db.prepare(`INSERT INTO position (portfolio_id, revision, ord, id, instrument, size, average_price, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      : db.prepare(`INSERT INTO position (rev_key, ord, id, instrument, size, average_price, note) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertBalance: legacy
      ? db.prepare(`INSERT INTO balance (portfolio_id, revision, ord, currency, amount) VALUES (?, ?, ?, ?, ?)`)
      : db.prepare(`INSERT INTO balance (rev_key, ord, currency, amount) VALUES (?, ?, ?, ?)`),
  };

  const toSummary = (r: RevisionRow): PortfolioSummaryDto => ({ id: r.portfolio_id, name: r.name, revision: r.revision, savedAt: r.saved_at, positionCount: r.position_count });

  const writeRevision = db.transaction((dto: PortfolioDto, note: string | undefined, restoredFrom: number | undefined): RevisionRow => {
    const savedAt = isoNow(now);
    const head = q.head.get(dto.id) as number | undefined;
    const revision = (head ?? 0) + 1;
    if (head === undefined) q.insertPortfolio.run(dto.id, savedAt, revision);
    else q.setHead.run(revision, dto.id);
    const revKey = q.insertRevision.run(dto.id, revision, dto.name, savedAt, note ?? null, restoredFrom ?? null, dto.positions.length).lastInsertRowid;
    const key: unknown[] = legacy ? [dto.id, revision] : [revKey];
    dto.balances.forEach((b, i) => q.insertBalance.run(...key, i, b.currency, b.amount));
    const ins = q.insertPosition;
    const ps = dto.positions;
    if (legacy) {
      for (let i = 0; i < ps.length; i++) ins.run(dto.id, revision, i, ps[i].id, ps[i].instrument, ps[i].size, ps[i].averagePrice ?? null, ps[i].note ?? null);
    } else {
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i];
        ins.run(revKey, i, p.id, p.instrument, p.size, p.averagePrice ?? null, p.note ?? null);
      }
    }
    return { rev_key: revKey, portfolio_id: dto.id, revision, name: dto.name, saved_at: savedAt, note: note ?? null, restored_from: restoredFrom ?? null, position_count: ps.length };
  });

  function rawRevision(id: string, revision: number): { name: string; rows: PositionRowTuple[]; balances: { currency: string; amount: string }[] } {
    const r = q.revision.get(id, revision) as RevisionRow | undefined;
    if (!r) throw new NotFoundError(`portfolio ${id} revision ${revision}`);
    const key = legacy ? [id, revision] : [r.rev_key];
    return { name: r.name, rows: q.positions.all(...key) as PositionRowTuple[], balances: q.balances.all(...key) as { currency: string; amount: string }[] };
  }

  function get(id: string, revision?: number): PortfolioDto | undefined {
    const rev = revision ?? (q.head.get(id) as number | undefined);
    if (rev === undefined) return undefined;
    const r = q.revision.get(id, rev) as RevisionRow | undefined;
    if (!r) return undefined;
    const key = legacy ? [id, rev] : [r.rev_key];
    const rows = q.positions.all(...key) as unknown[][];
    const positions: PositionDto[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) positions[i] = toPosition(rows[i] as PositionRowTuple);
    const balances = q.balances.all(...key) as { currency: string; amount: string }[];
    return { id, name: r.name, balances, positions };
  }

  function mustGet(id: string, revision: number): PortfolioDto {
    const p = get(id, revision);
    if (!p) throw new NotFoundError(`portfolio ${id} revision ${revision}`);
    return p;
  }

  function checkNote(note: unknown): string | undefined {
    if (note === undefined || note === null || note === '') return undefined;
    if (typeof note !== 'string' || note.length > 2000) throw new StoreValidationError([{ path: 'note', code: 'invalid-note', message: 'note must be text of at most 2000 characters' }]);
    return note;
  }

  /** Values `check` gave out and not yet saved. */
  const issued = new WeakSet<CheckedPortfolio>();
  return {
    list: () => (q.list.all() as RevisionRow[]).map(toSummary),
    get,
    save(dto, note) {
      const { value, issues } = validatePortfolio(dto);
      const n = checkNote(note);
      if (issues.length > 0) throw new StoreValidationError(issues);
      return toSummary(writeRevision.immediate(value, n, undefined));
    },
    check(dto) {
      const { value, issues } = validatePortfolio(dto);
      if (issues.length > 0) throw new StoreValidationError(issues);
      const checked: CheckedPortfolio = Object.freeze({ value });
      issued.add(checked);
      return checked;
    },
    saveChecked(checked, note) {
      if (!issued.has(checked)) throw new Error('saveChecked: not a value this repository checked');
      issued.delete(checked);
      return toSummary(writeRevision.immediate(checked.value, checkNote(note), undefined));
    },
    history(id) {
      const rows = q.history.all(id) as RevisionRow[];
      if (rows.length === 0) throw new NotFoundError(`portfolio ${id}`);
      return rows.map((r) => {
        const h: PortfolioRevisionInfo = { revision: r.revision, savedAt: r.saved_at, name: r.name, positionCount: r.position_count };
        if (r.note !== null) h.note = r.note;
        if (r.restored_from !== null) h.restoredFrom = r.restored_from;
        return h;
      });
    },
    diff(id, from, to) {
      // Fast path: compare raw row arrays and build DTOs only for rows that differ.
      const a = rawRevision(id, from);
      const b = rawRevision(id, to);
      const before = new Map<string, PositionRowTuple>();
      for (const r of a.rows) before.set(r[0], r);
      const added: PositionDto[] = [];
      const removed: PositionDto[] = [];
      const changed: PortfolioDiff['positions']['changed'] = [];
      const seen = new Set<string>();
      for (const r of b.rows) {
        seen.add(r[0]);
        const o = before.get(r[0]);
        if (o === undefined) { added.push(toPosition(r)); continue; }
        if (o[1] === r[1] && o[2] === r[2] && o[3] === r[3] && o[4] === r[4]) continue;
        const fields: string[] = [];
        POSITION_FIELDS.forEach((f, k) => { if (o[k + 1] !== r[k + 1]) fields.push(f); });
        changed.push({ key: r[0], fields, old: toPosition(o), new: toPosition(r) });
      }
      for (const r of a.rows) if (!seen.has(r[0])) removed.push(toPosition(r));
      const balances = diffPortfolios(
        { id, name: a.name, balances: a.balances, positions: [] },
        { id, name: b.name, balances: b.balances, positions: [] },
        from, to,
      );
      return { ...balances, positions: { added, removed, changed } };
    },
    restore(id, revision, note) {
      const old = mustGet(id, revision);
      const n = checkNote(note) ?? `restored from revision ${revision}`;
      return toSummary(writeRevision.immediate(old, n, revision));
    },
    headRevision: (id) => q.head.get(id) as number | undefined,
  };
}
