/**
 * Test fixtures of the service tests: an app service on a fresh temporary SQLite file (the demo
 * seeded), closed after each test. Only tests import this file (it registers `afterEach`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase } from '../db/index';
import { tempDbPath } from '../db/test-helpers';
import { createAppService } from './app-service';
import { openAppService } from './compose';
import { seedDemoData } from './demo-data';
import type { AppService } from './dispatch';
import { createMarginEngine } from './margin-engine';
import { createStorageService } from './storage-service';
import { createWorkspaceService } from './workspace/workspace-service';
import type { JobProgressDto } from '../../shared/ipc/job-contract';

/**
 * `open()` starts the composed service (as the worker runs it) on a new file under `prefix`;
 * `progress` collects its progress events. Both are reset after each test.
 */
export function composedServiceFixture(prefix: string): { open: () => AppService; progress: JobProgressDto[] } {
  let opened: { service: AppService; close: () => void } | undefined;
  const progress: JobProgressDto[] = [];
  afterEach(() => {
    opened?.close();
    opened = undefined;
    progress.length = 0;
  });
  const open = () => {
    opened = openAppService({ databasePath: join(mkdtempSync(join(tmpdir(), prefix)), 'pmdesk.db'), host: 'web', version: 'test' }, { onProgress: (p) => progress.push(p) });
    return opened.service;
  };
  return { open, progress };
}

/**
 * `service()` builds the app service by hand on a new demo-seeded file under `prefix` (no
 * autosave, no deferred runs, so every call answers at once); closed after each test.
 */
export function seededServiceFixture(prefix: string): () => AppService {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()!();
  });
  return () => {
    const t = tempDbPath(prefix);
    const store = openDatabase(t.path);
    cleanups.push(t.cleanup, () => store.close());
    seedDemoData(store);
    const engine = createMarginEngine();
    const workspace = createWorkspaceService(store, engine, { autosaveMs: 0, deferAboveMs: Number.MAX_SAFE_INTEGER });
    return createAppService({ store, engine, storage: createStorageService(store, engine), workspace, host: 'web', version: 'test', databasePath: t.path });
  };
}
