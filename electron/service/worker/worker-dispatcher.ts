/**
 * Runs the service in a worker thread and forwards requests to it. If the worker dies, pending
 * calls are answered with an internal error and a fresh worker is started on the same database.
 */
import { Worker } from 'node:worker_threads';
import type { OpenAppServiceOptions } from '../compose';
import { jsonEnvelope, type Dispatcher, type JsonDispatcher, type JsonEnvelope, type WorkerProgress, type WorkerRequest, type WorkerResponse } from './worker-protocol';
import type { IpcResult } from '../../../shared/ipc/result';
import type { JobProgressDto } from '../../../shared/ipc/job-contract';

/** A running service worker. */
export interface ServiceWorkerHandle {
  dispatch: Dispatcher;
  /** The same, answered with the envelope's JSON text (serialized in the worker: the web host's path). */
  dispatchJson: JsonDispatcher;
  close(): Promise<void>;
}

/** The TypeScript source (web host, tests) needs tsx's loader inside a worker too; the built `.js` needs nothing. */
export function workerExecArgv(entry: URL | string): string[] | undefined {
  const isSource = String(entry).endsWith('.ts');
  return isSource && !process.execArgv.some((a) => a.includes('tsx')) ? [...process.execArgv, '--import', 'tsx'] : undefined;
}

/** What the host hears from the worker besides answers. */
export interface ServiceWorkerHooks {
  /** The worker's uncaught errors and failed restarts (default `console.error`). */
  log?: (message: string) => void;
  /** The worker died after it was ready and a new one is serving: tell the user (`message` says so). */
  onRestarted?: (message: string) => void;
  /** A long job moved on (Electron main shows it on the taskbar). */
  onProgress?: (progress: JobProgressDto) => void;
}

/** Start the worker from `entry` (the built `service-worker.js`, or the `.ts` source under tsx). */
export async function startServiceWorker(entry: URL | string, options: OpenAppServiceOptions, hooks: ServiceWorkerHooks = {}): Promise<ServiceWorkerHandle> {
  const log = hooks.log ?? console.error;
  let nextId = 1;
  let closing = false;
  const pending = new Map<number, (r: WorkerResponse) => void>();
  let worker: Worker;

  const spawn = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(entry, { workerData: options, execArgv: workerExecArgv(entry) });
      let ready = false;
      w.once('message', (m) => {
        ready = m === 'ready';
        if (ready) resolve();
        else reject(new Error(`unexpected first message ${String(m)}`));
      });
      w.on('message', (m: WorkerResponse | WorkerProgress | string) => {
        if (typeof m === 'string') return;
        if ('progress' in m) return void hooks.onProgress?.(m.progress);
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      });
      // A failure before 'ready' (database refused: newer schema, corrupt file) rejects the start
      // with the store's message; it is not retried.
      w.once('error', (e) => {
        if (ready) log(`[service-worker] ${e.stack ?? e.message}`);
        reject(e);
      });
      w.once('exit', (code) => {
        for (const [id, answer] of pending) answer({ id, result: { ok: false, error: { code: 'internal', message: `internal error: service worker exited (${code})` } } });
        pending.clear();
        if (!closing && ready) {
          void spawn().then(
            () => hooks.onRestarted?.(`pmdesk's service stopped on an internal error (exit code ${code}) and was restarted; every accepted edit is kept in the database (reopen the portfolio to continue)`),
            (e: unknown) => log(`[service-worker] restart failed: ${String(e)}`),
          );
        }
      });
      worker = w;
    });

  await spawn();
  const send = (channel: string, raw: unknown, json: boolean): Promise<WorkerResponse> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const req: WorkerRequest = json ? { id, channel, raw, json } : { id, channel, raw };
      try {
        worker.postMessage(req);
      } catch (e) {
        pending.delete(id);
        resolve({ id, result: { ok: false, error: { code: 'validation', message: `request cannot be sent: ${e instanceof Error ? e.message : String(e)}` } } });
      }
    });
  const asResult = (r: WorkerResponse): IpcResult<unknown> => ('result' in r ? r.result : JSON.parse(r.json) as IpcResult<unknown>);
  const asJson = (r: WorkerResponse): JsonEnvelope => ('result' in r ? jsonEnvelope(r.result) : { json: r.json, ok: r.ok, ...(r.code ? { code: r.code } : {}) });
  return {
    dispatch: async (channel, raw) => asResult(await send(channel, raw, false)),
    dispatchJson: async (channel, raw) => asJson(await send(channel, raw, true)),
    // Ask the worker to close the database, then stop it; terminate anyway after 5 s.
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        const w = worker;
        const timer = setTimeout(() => void w.terminate(), 5_000);
        w.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        w.on('message', (m) => {
          if (m === 'closed') void w.terminate();
        });
        w.postMessage('close');
      }),
  };
}
