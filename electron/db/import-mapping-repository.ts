/** Saved CSV column mappings, one per import source name (e.g. `my-broker`). */
import type Database from 'better-sqlite3';
import { isoNow } from './ids';

/** Mapping repository: JSON mapping objects keyed by source name. */
export interface ImportMappingRepository {
  get(source: string): unknown | undefined;
  /** Insert or replace the mapping of `source`. */
  save(source: string, mapping: unknown): void;
  list(): { source: string; updatedAt: string }[];
}

/** Build the repository on an open, migrated connection. */
export function createImportMappingRepository(db: Database.Database, now: () => Date): ImportMappingRepository {
  const get = db.prepare(`SELECT mapping FROM import_mapping WHERE source = ?`).pluck();
  const put = db.prepare(`INSERT INTO import_mapping (source, mapping, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`);
  const list = db.prepare(`SELECT source, updated_at AS updatedAt FROM import_mapping ORDER BY source`);
  return {
    get(source) {
      const t = get.get(source) as string | undefined;
      return t === undefined ? undefined : JSON.parse(t);
    },
    save(source, mapping) {
      put.run(source, JSON.stringify(mapping), isoNow(now));
    },
    list: () => list.all() as { source: string; updatedAt: string }[],
  };
}
