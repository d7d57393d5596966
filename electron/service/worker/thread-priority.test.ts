import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { currentThreadId } from './thread-priority';

/** Field 19 of /proc/<pid>/task/<tid>/stat is the task's nice value (proc(5)). */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('lowerThreadPriority (Linux: one thread, not the process)', () => {
  it('a worker thread that lowers itself runs at nice 19 while the main thread keeps its nice', async () => {
    const mainTid = currentThreadId();
    expect(mainTid).toBe(process.pid); // the main thread's tid is the pid
    const before = niceOf(mainTid!);
    // The module itself, loaded in a worker thread through tsx (as the slow lane's source entry is).
    const mod = JSON.stringify(new URL('./thread-priority.ts', import.meta.url).href);
    const src = `
      const { parentPort } = require('node:worker_threads');
      import(${mod}).then((m) => {
        const applied = m.lowerThreadPriority();
        parentPort.postMessage({ tid: m.currentThreadId(), applied });
        setTimeout(() => {}, 500);
      });
    `;
    const w = new Worker(src, { eval: true, execArgv: ['--import', 'tsx'] });
    const { tid, applied } = await new Promise<{ tid: number; applied: boolean }>((ok) => w.once('message', ok));
    expect(applied).toBe(true);
    expect(tid).not.toBe(process.pid);
    expect(niceOf(tid)).toBe(19);
    expect(niceOf(mainTid!)).toBe(before);
    await w.terminate();
  });
});
