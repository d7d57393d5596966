/** Test helpers: temporary database files under the OS temp folder (never mocks). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Store } from './index';

/** A fresh temp directory and a database path inside it; `cleanup()` removes both. */
export function tempDbPath(prefix = 'pmdesk-db-'): { dir: string; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: join(dir, 'pmdesk.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every row of every user table, as JSON text per table: used to prove "nothing changed". */
export function dumpTables(path: string): Record<string, string> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    const out: Record<string, string> = {};
    for (const t of tables) out[t] = JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all()); // rowid or primary-key order
    return out;
  } finally {
    db.close();
  }
}

/** A store on a fresh temp file; `close()` closes it and removes the folder. */
export function openTempStore(): { store: Store; path: string; close: () => void } {
  const t = tempDbPath();
  const store = openDatabase(t.path);
  return { store, path: t.path, close: () => { store.close(); t.cleanup(); } };
}
