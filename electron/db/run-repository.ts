/**
 * Saved margin runs: the method, options and result of a run plus the exact revisions of every
 * input it used (portfolio, snapshot, optional parameter and scenario sets), so it can be re-run.
 */
import type Database from 'better-sqlite3';
import { NotFoundError, StoreValidationError } from './errors';
import { isoNow, newId } from './ids';

/** A pinned input: a document or portfolio id and one of its revisions. */
export interface PinnedRevision {
  id: string;
  revision: number;
}

/** What a caller saves for a run. `options` and `result` must be JSON-serialisable. */
export interface SavedRunInput {
  name: string;
  note?: string;
  method: string;
  portfolio: PinnedRevision;
  snapshot: PinnedRevision;
  parameterSet?: PinnedRevision;
  scenarioSet?: PinnedRevision;
  options?: unknown;
  result: unknown;
}

/** A saved run as stored. */
export interface SavedRun extends SavedRunInput {
  id: string;
  savedAt: string;
  options: unknown;
}

/** Summary row of a saved run in lists. */
export interface SavedRunSummary {
  id: string;
  name: string;
  method: string;
  savedAt: string;
  portfolio: PinnedRevision;
  snapshot: PinnedRevision;
}

/** Saved-run repository (see `createRunRepository`). */
export interface RunRepository {
  /** Save a run; the pinned revisions must exist (`StoreValidationError` otherwise). */
  save(run: SavedRunInput): SavedRunSummary;
  get(id: string): SavedRun | undefined;
  /** Runs newest first, optionally only those of one portfolio. */
  list(portfolioId?: string): SavedRunSummary[];
}

interface Row {
  id: string; saved_at: string; name: string; note: string | null; method: string;
  portfolio_id: string; portfolio_revision: number; snapshot_id: string; snapshot_revision: number;
  parameter_set_id: string | null; parameter_set_revision: number | null; scenario_set_id: string | null; scenario_set_revision: number | null;
  options: string; result: string;
}

/** Build the repository on an open, migrated connection. */
export function createRunRepository(db: Database.Database, now: () => Date): RunRepository {
  const insert = db.prepare(`INSERT INTO saved_run (id, saved_at, name, note, method, portfolio_id, portfolio_revision, snapshot_id, snapshot_revision,
    parameter_set_id, parameter_set_revision, scenario_set_id, scenario_set_revision, options, result)
    VALUES (@id, @saved_at, @name, @note, @method, @portfolio_id, @portfolio_revision, @snapshot_id, @snapshot_revision,
    @parameter_set_id, @parameter_set_revision, @scenario_set_id, @scenario_set_revision, @options, @result)`);
  const getOne = db.prepare(`SELECT * FROM saved_run WHERE id = ?`);
  const listAll = db.prepare(`SELECT * FROM saved_run ORDER BY saved_at DESC, id`);
  const listFor = db.prepare(`SELECT * FROM saved_run WHERE portfolio_id = ? ORDER BY saved_at DESC, id`);

  const summary = (r: Row): SavedRunSummary => ({
    id: r.id, name: r.name, method: r.method, savedAt: r.saved_at,
    portfolio: { id: r.portfolio_id, revision: r.portfolio_revision },
    snapshot: { id: r.snapshot_id, revision: r.snapshot_revision },
  });

  return {
    save(run) {
      const issues = [];
      if (typeof run.name !== 'string' || run.name.trim() === '') issues.push({ path: 'name', code: 'required', message: 'is required' });
      if (typeof run.method !== 'string' || run.method.trim() === '') issues.push({ path: 'method', code: 'required', message: 'is required' });
      if (issues.length) throw new StoreValidationError(issues);
      const row: Row = {
        id: newId(), saved_at: isoNow(now), name: run.name.trim(), note: run.note ?? null, method: run.method,
        portfolio_id: run.portfolio.id, portfolio_revision: run.portfolio.revision,
        snapshot_id: run.snapshot.id, snapshot_revision: run.snapshot.revision,
        parameter_set_id: run.parameterSet?.id ?? null, parameter_set_revision: run.parameterSet?.revision ?? null,
        scenario_set_id: run.scenarioSet?.id ?? null, scenario_set_revision: run.scenarioSet?.revision ?? null,
        options: JSON.stringify(run.options ?? {}), result: JSON.stringify(run.result),
      };
      try {
        insert.run(row);
      } catch (e) {
        if (e instanceof Error && /FOREIGN KEY/.test(e.message)) {
          throw new StoreValidationError([{ path: 'inputs', code: 'unknown-revision', message: 'a pinned input revision does not exist' }]);
        }
        throw e;
      }
      return summary(row);
    },
    get(id) {
      const r = getOne.get(id) as Row | undefined;
      if (!r) return undefined;
      const out: SavedRun = {
        ...summary(r), options: JSON.parse(r.options), result: JSON.parse(r.result),
      };
      if (r.note !== null) out.note = r.note;
      if (r.parameter_set_id !== null) out.parameterSet = { id: r.parameter_set_id, revision: r.parameter_set_revision as number };
      if (r.scenario_set_id !== null) out.scenarioSet = { id: r.scenario_set_id, revision: r.scenario_set_revision as number };
      return out;
    },
    list: (portfolioId) => ((portfolioId === undefined ? listAll.all() : listFor.all(portfolioId)) as Row[]).map(summary),
  };
}

/** Convenience for callers that need a run or a clear error. */
export function mustGetRun(repo: RunRepository, id: string): SavedRun {
  const r = repo.get(id);
  if (!r) throw new NotFoundError(`saved run ${id}`);
  return r;
}
