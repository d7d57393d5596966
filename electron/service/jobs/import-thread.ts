/**
 * Worker-thread entry of an import job (`job:import`): the same `portfolio:import` /
 * `document:import` code the service runs (storage-service.ts), on a connection of its own to the
 * same database file, so the service keeps answering progress polls, the cancel and the grid's
 * edits while a large file is read. It posts the rows checked as it goes.
 *
 * Nothing half-written, whenever Cancel comes: the write is one SQLite transaction, and the last
 * step inside it claims the job's gate (a shared Int32: 0 running, 1 cancelled, 2 committing) with a
 * compare-and-swap. If Cancel claimed it first, the transaction throws and rolls back; if the thread
 * is terminated mid-transaction, SQLite never saw a COMMIT and discards it; once the thread holds
 * the gate, Cancel is refused and the import completes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/index';
import type { ImportJobRequestDto } from '../../../shared/ipc/job-contract';
import type { ImportResultDto } from '../../../shared/domain/dto/storage.dto';
import type { ImportProgress } from '../../io/index';
import { documentImport, portfolioImport } from '../storage-service';
import { CancelledImport, gatedStore } from './import-gate';

/** The import itself (the job request without its id). */
export type ImportJob = { kind: 'positions'; request: Extract<ImportJobRequestDto, { kind: 'positions' }>['request'] } | { kind: 'document'; request: Extract<ImportJobRequestDto, { kind: 'document' }>['request'] };

/** What the thread is given. */
export interface ImportThreadInput {
  databasePath: string;
  job: ImportJob;
  gate: SharedArrayBuffer;
}

/** What it posts. */
export type ImportThreadMessage =
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'end'; result: ImportResultDto }
  | { kind: 'cancelled' }
  /** `name` lets the service re-raise a not-found or input error as itself. */
  | { kind: 'error'; name: string; message: string };

const port = parentPort;
if (!port) throw new Error('import-thread must run in a worker thread');
{
  const input = workerData as ImportThreadInput;
  const gate = new Int32Array(input.gate);
  // The service checked the file at its own start; a second full check here would only cost time.
  const store = openDatabase(input.databasePath, { integrityCheck: 'off' });
  const post = (m: ImportThreadMessage) => port.postMessage(m);
  try {
    const gated = gatedStore(store, gate);
    const job = input.job;
    const result = job.kind === 'positions'
      ? portfolioImport(gated, job.request, (progress) => post({ kind: 'progress', progress }))
      : documentImport(gated, job.request);
    post({ kind: 'end', result });
  } catch (e) {
    if (e instanceof CancelledImport) post({ kind: 'cancelled' });
    else post({ kind: 'error', name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    store.close();
  }
}
