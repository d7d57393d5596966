/**
 * The slow lane in a thread of its own (see electron/service/workspace/slow-lane.ts), started on
 * the first job. If the thread dies, its jobs fail and the next job starts a new one (which has no
 * mirrors yet: the session then sends the whole book).
 */
import { Worker } from 'node:worker_threads';
import type { SlowJob, SlowLane, SlowResult } from '../workspace/slow-lane';

/** A slow lane running `entry` (the built `slow-lane-worker.js`, or its `.ts` source under tsx). */
export function threadSlowLane(entry: URL | string, log: (m: string) => void = console.error): SlowLane {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: SlowResult) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    // The TypeScript source (web host, tests) needs tsx's loader inside the thread too.
    const isSource = String(entry).endsWith('.ts');
    const execArgv = isSource && !process.execArgv.some((a) => a.includes('tsx')) ? [...process.execArgv, '--import', 'tsx'] : undefined;
    const w = new Worker(entry, { execArgv });
    w.unref();
    w.on('message', (m: { id: number; result?: SlowResult; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (m.error !== undefined) p.reject(new Error(`slow lane: ${m.error}`));
      else p.resolve(m.result!);
    });
    w.on('error', (e) => log(`[slow-lane] ${e.stack ?? e.message}`));
    w.once('exit', (code) => {
      if (worker === w) worker = undefined;
      for (const p of pending.values()) p.reject(new Error(`slow lane thread exited (${code})`));
      pending.clear();
    });
    return w;
  };
  return {
    mirrors: true,
    run: (job: SlowJob) => new Promise<SlowResult>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        (worker ??= start()).postMessage({ id, job });
      } catch (e) {
        pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }),
    close: () => { void worker?.terminate(); worker = undefined; },
  };
}
