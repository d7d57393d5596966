/** Applies pending migrations, each in one transaction, after backing the file up with `VACUUM INTO`. */
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { SchemaTooNewError } from './errors';
import { migrations as allMigrations, type Migration } from './migrations';

/** What `migrate` did. */
export interface MigrationReport {
  fromVersion: number;
  toVersion: number;
  /** Backup files written before migrating (one per applied migration on a non-empty database). */
  backups: string[];
}

/** Current `PRAGMA user_version` of the connection. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Bring the schema up to `targetVersion` (default: the latest). Refuses a file newer than this
 * build (`SchemaTooNewError`, file untouched). Before each migration of a database that already
 * holds a schema, writes `<path>.v<from>-<stamp>.bak` via `VACUUM INTO` (skipped for `:memory:`).
 */
export function migrate(
  db: Database.Database,
  path: string,
  opts: { targetVersion?: number; now?: () => Date; migrations?: readonly Migration[] } = {},
): MigrationReport {
  const list = opts.migrations ?? allMigrations;
  const latest = list[list.length - 1].version;
  const target = opts.targetVersion ?? latest;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(path, from, latest);
  const backups: string[] = [];
  for (const m of list) {
    if (m.version <= schemaVersion(db) || m.version > target) continue;
    const current = schemaVersion(db);
    if (from > 0 && path !== ':memory:' && path !== '') {
      const stamp = (opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      let backup = `${path}.v${current}-${stamp}.bak`;
      for (let n = 2; existsSync(backup); n++) backup = `${path}.v${current}-${stamp}-${n}.bak`;
      db.prepare('VACUUM INTO ?').run(backup);
      backups.push(backup);
    }
    db.transaction(() => {
      // Another process may have applied it since the version was read (two pmdesk processes
      // opening a new file at once, issue 11): under the write lock, re-read and skip.
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { fromVersion: from, toVersion: schemaVersion(db), backups };
}
