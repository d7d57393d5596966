/**
 * Opening the pmdesk SQLite store. Nothing happens at import time: `openDatabase` opens the file,
 * checks it, sets WAL + `synchronous=FULL` + foreign keys, migrates, and builds the repositories.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { DatabaseCorruptError, SchemaTooNewError } from './errors';
import { migrate, schemaVersion, type MigrationReport } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { createDocumentRepository, type DocumentRepository } from './document-repository';
import { createImportMappingRepository, type ImportMappingRepository } from './import-mapping-repository';
import { createWindowStateRepository, type WindowStateRepository } from './window-state-repository';
import { createPortfolioRepository, type PortfolioRepository } from './portfolio-repository';
import { createRunRepository, type RunRepository } from './run-repository';
import { createWorkingEditRepository, type WorkingEditRepository } from './working-edit-repository';

/** Options of `openDatabase`. */
export interface OpenDatabaseOptions {
  /**
   * `PRAGMA integrity_check` at open: `'full'` (default) checks everything, `'quick'` runs
   * `quick_check`, `'off'` skips it (tests and benchmarks only).
   */
  integrityCheck?: 'full' | 'quick' | 'off';
  /** Migrate only up to this schema version (migration tests); default the latest. */
  targetVersion?: number;
  /** Clock for save times and backup names (tests); default `new Date()`. */
  now?: () => Date;
  /** Milliseconds to wait for another connection's write lock; default 5000. */
  busyTimeoutMs?: number;
}

/** Whether `e` is SQLite's "database is locked/busy" (another connection holds a lock). */
function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Run `fn`, retrying while SQLite answers busy, for up to `timeoutMs`. Needed at open only: a
 * journal-mode switch and the first read of a file another process is creating can answer
 * SQLITE_BUSY without waiting on the busy handler (SQLite's documented exceptions to
 * `busy_timeout`: https://www.sqlite.org/c3ref/busy_handler.html — e.g. while a WAL is being
 * recovered or the rollback journal of a first write is hot). Each step retried is idempotent.
 */
function retryBusy<T>(timeoutMs: number, fn: () => T): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}

/** An open pmdesk database: repositories over one better-sqlite3 connection. */
export interface Store {
  /** File path the store was opened from. */
  readonly path: string;
  /** Schema version after migration. */
  readonly schemaVersion: number;
  /** What migration did at open (backups written, versions). */
  readonly migration: MigrationReport;
  readonly portfolios: PortfolioRepository;
  readonly marketSnapshots: DocumentRepository;
  readonly scenarioSets: DocumentRepository;
  readonly parameterSets: DocumentRepository;
  readonly runs: RunRepository;
  readonly importMappings: ImportMappingRepository;
  /** The working-session journal (schema 5; see working-edit-repository.ts). */
  readonly workingEdits: WorkingEditRepository;
  /** Desktop window bounds and last open portfolio/market (schema 6; window-state-repository.ts). */
  readonly windowState: WindowStateRepository;
  /**
   * Run `fn` in one IMMEDIATE transaction: every repository write inside it commits together
   * or not at all (nested repository transactions become savepoints).
   */
  transaction<T>(fn: () => T): T;
  /** Problems reported by `PRAGMA integrity_check` (empty when the file is sound). */
  integrityCheck(): string[];
  /** Write a consistent copy of the database to `toPath` (`VACUUM INTO`). */
  backupTo(toPath: string): void;
  /** Close the connection (checkpointing the WAL). Idempotent. */
  close(): void;
}

function runIntegrityCheck(db: Database.Database, mode: 'full' | 'quick'): string[] {
  const rows = db.pragma(mode === 'full' ? 'integrity_check' : 'quick_check', { simple: false }) as Record<string, string>[];
  const msgs = rows.map((r) => Object.values(r)[0]);
  return msgs.length === 1 && msgs[0] === 'ok' ? [] : msgs;
}

function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * Open (creating if absent) the database at `path`, verify and migrate it. Throws
 * `DatabaseCorruptError` (with recovery steps) when the integrity check fails and
 * `SchemaTooNewError` when the file comes from a newer pmdesk; in both cases nothing is modified.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Store {
  const now = options.now ?? (() => new Date());
  const existed = path !== ':memory:' && existsSync(path);
  const db = new Database(path, { fileMustExist: false });
  try {
    const busyMs = options.busyTimeoutMs ?? 5000;
    db.pragma(`busy_timeout = ${busyMs}`);
    let version: number;
    try {
      version = retryBusy(busyMs, () => schemaVersion(db));
      const check = options.integrityCheck ?? 'full';
      if (existed && check !== 'off') {
        const problems = retryBusy(busyMs, () => runIntegrityCheck(db, check));
        if (problems.length > 0) throw new DatabaseCorruptError(path, problems);
      }
    } catch (e) {
      if (isCorruption(e)) throw new DatabaseCorruptError(path, [e instanceof Error ? e.message : String(e)]);
      throw e;
    }
    if (version > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(path, version, LATEST_SCHEMA_VERSION);
    retryBusy(busyMs, () => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Each migration re-reads the version under the write lock, so a retry after busy is safe.
    const migration = retryBusy(busyMs, () => migrate(db, path, { targetVersion: options.targetVersion, now }));
    const version2 = schemaVersion(db);
    let closed = false;
    const has = (v: number) => version2 >= v;
    const unavailable = (what: string, v = 2) => new Proxy({}, { get() { throw new Error(`${what} needs schema version ${v}`); } });
    return {
      path,
      schemaVersion: version2,
      migration,
      portfolios: createPortfolioRepository(db, now, version2),
      marketSnapshots: createDocumentRepository(db, 'market-snapshot', now),
      scenarioSets: has(2) ? createDocumentRepository(db, 'scenario-set', now) : (unavailable('scenario sets') as DocumentRepository),
      parameterSets: has(2) ? createDocumentRepository(db, 'parameter-set', now) : (unavailable('parameter sets') as DocumentRepository),
      runs: has(2) ? createRunRepository(db, now) : (unavailable('saved runs') as RunRepository),
      importMappings: has(2) ? createImportMappingRepository(db, now) : (unavailable('import mappings') as ImportMappingRepository),
      workingEdits: has(5) ? createWorkingEditRepository(db, now) : (unavailable('the working-session journal', 5) as WorkingEditRepository),
      windowState: has(6) ? createWindowStateRepository(db, now) : (unavailable('window state', 6) as WindowStateRepository),
      transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
      integrityCheck: () => runIntegrityCheck(db, 'full'),
      backupTo(toPath) { db.prepare('VACUUM INTO ?').run(toPath); },
      close() {
        if (closed) return;
        closed = true;
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
