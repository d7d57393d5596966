/**
 * Composition used by both hosts (Electron main and the web host): open the SQLite store,
 * seed the demo data on first start, and build the service over the store and the engine.
 */
import { openDatabase } from '../db/index';
import { createAppService } from './app-service';
import { seedDemoData } from './demo-data';
import type { AppService } from './dispatch';
import { createMarginEngine } from './margin-engine';
import { createStorageService } from './storage-service';
import { createWorkspaceService } from './workspace/workspace-service';
import { createJobService } from './jobs/job-service';
import type { JobProgressDto } from '../../shared/ipc/job-contract';

/** Options of `openAppService`. */
export interface OpenAppServiceOptions {
  databasePath: string;
  host: 'electron' | 'web';
  version: string;
  /** Seed the bundled demo book and snapshot into an empty database (default true). */
  seedDemo?: boolean;
}

/** Open the store and build the service (`onProgress` hears every job's progress). `close()` closes the database. */
export function openAppService(opts: OpenAppServiceOptions, hooks: { onProgress?: (p: JobProgressDto) => void } = {}): { service: AppService; close: () => void } {
  const store = openDatabase(opts.databasePath);
  if (opts.seedDemo !== false) seedDemoData(store);
  // One engine per service: its incremental-run sessions (margin-session.ts) live with it.
  const engine = createMarginEngine();
  const workspace = createWorkspaceService(store, engine);
  const storage = createStorageService(store, engine);
  const jobs = createJobService({ store, methods: engine.methods, openBook: (id) => workspace.sessions.get(id)?.book, onProgress: hooks.onProgress, databasePath: opts.databasePath, storage, appVersion: opts.version });
  const service = createAppService({ store, engine, storage, workspace, jobs, host: opts.host, databasePath: opts.databasePath, version: opts.version, windowState: store.windowState });
  return { service, close: () => store.close() };
}
