/**
 * Runs the service in a worker thread and forwards requests to it. If the worker dies, pending
 * calls are answered with an internal error and a fresh worker is started on the same database.
 */
import { Worker } from 'node:worker_threads';
import type { OpenAppServiceOptions } from '../compose';
import type { Dispatcher, WorkerRequest, WorkerResponse } from './worker-protocol';

/** A running service worker. */
export interface ServiceWorkerHandle {
  dispatch: Dispatcher;
  close(): Promise<void>;
}

/** Start the worker from `entry` (the built `service-worker.js`, or the `.ts` source under tsx). */
export async function startServiceWorker(entry: URL | string, options: OpenAppServiceOptions, log: (m: string) => void = console.error): Promise<ServiceWorkerHandle> {
  let nextId = 1;
  let closing = false;
  const pending = new Map<number, (r: WorkerResponse['result']) => void>();
  let worker: Worker;

  const spawn = () =>
    new Promise<void>((resolve, reject) => {
      // The TypeScript source (web host, tests) needs tsx's loader inside the worker too.
      const isSource = String(entry).endsWith('.ts');
      const execArgv = isSource && !process.execArgv.some((a) => a.includes('tsx')) ? [...process.execArgv, '--import', 'tsx'] : undefined;
      const w = new Worker(entry, { workerData: options, execArgv });
      let ready = false;
      w.once('message', (m) => {
        ready = m === 'ready';
        if (ready) resolve();
        else reject(new Error(`unexpected first message ${String(m)}`));
      });
      w.on('message', (m: WorkerResponse | string) => {
        if (typeof m === 'string') return;
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      });
      // A failure before 'ready' (database refused: newer schema, corrupt file) rejects the start
      // with the store's message; it is not retried.
      w.once('error', (e) => {
        if (ready) log(`[service-worker] ${e.stack ?? e.message}`);
        reject(e);
      });
      w.once('exit', (code) => {
        for (const answer of pending.values()) answer({ ok: false, error: { code: 'internal', message: `internal error: service worker exited (${code})` } });
        pending.clear();
        if (!closing && ready) void spawn().catch((e: unknown) => log(`[service-worker] restart failed: ${String(e)}`));
      });
      worker = w;
    });

  await spawn();
  return {
    dispatch: (channel, raw) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        const req: WorkerRequest = { id, channel, raw };
        try {
          worker.postMessage(req);
        } catch (e) {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'validation', message: `request cannot be sent: ${e instanceof Error ? e.message : String(e)}` } });
        }
      }),
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
