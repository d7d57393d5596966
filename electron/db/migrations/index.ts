/**
 * The numbered schema migrations, oldest first. Kept as TypeScript string constants (not .sql
 * files) so they survive bundling by electron-vite unchanged. Never edit a released migration:
 * add the next number.
 */
import { migration0001 } from './0001-init';
import { migration0002 } from './0002-library-and-runs';
import { migration0003 } from './0003-clustered-rows';
import { migration0004 } from './0004-revision-keys';
import { migration0005 } from './0005-working-edits';
import { migration0006 } from './0006-window-state';

/** One schema step: applied in its own transaction, which also sets `PRAGMA user_version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order; `version` equals its 1-based position. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];

/** The schema version this build writes and the newest it can open. */
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version;
