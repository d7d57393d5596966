/** The desktop window's remembered state (migration 6), one JSON object per window key. */
import type Database from 'better-sqlite3';
import { isoNow } from './ids';

/** Window-state repository: the stored object of a key, merged on save. */
export interface WindowStateRepository {
  get(key: string): Record<string, unknown> | undefined;
  /** Merge `patch` into the stored object of `key` (fields set to `null` are removed). */
  merge(key: string, patch: Record<string, unknown>): Record<string, unknown>;
}

/** Build the repository on an open, migrated connection. */
export function createWindowStateRepository(db: Database.Database, now: () => Date): WindowStateRepository {
  const get = db.prepare(`SELECT state FROM window_state WHERE key = ?`).pluck();
  const put = db.prepare(`INSERT INTO window_state (key, state, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
  const read = (key: string) => {
    const t = get.get(key) as string | undefined;
    return t === undefined ? undefined : (JSON.parse(t) as Record<string, unknown>);
  };
  return {
    get: read,
    merge: (key, patch) =>
      db.transaction(() => {
        const next: Record<string, unknown> = { ...read(key) };
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) delete next[k];
          else if (v !== undefined) next[k] = v;
        }
        put.run(key, JSON.stringify(next), isoNow(now));
        return next;
      }).immediate(),
  };
}
