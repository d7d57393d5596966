/**
 * Lower the scheduling priority of the calling thread only (not its process), so background work
 * on a thread of its own yields the cores to the edit path (the service thread, the renderer).
 *
 * Linux schedules threads as tasks with their own nice value: setpriority(PRIO_PROCESS, tid, n)
 * with a thread id changes that thread alone (setpriority(2), "BUGS": "the nice value is a
 * per-thread attribute" on Linux/NPTL). Node exposes setpriority as `os.setPriority(pid, n)` and
 * no gettid, so the thread id is read from the `/proc/thread-self` link (`<pid>/task/<tid>`,
 * proc(5), Linux 3.17+). Elsewhere (macOS, Windows) a pid-based call would lower the whole
 * process, so nothing is done there and `false` is returned.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value of background threads (19: the lowest priority; an unprivileged thread may raise its own nice only). */
export const BACKGROUND_NICE = 19;

/** The calling thread's kernel id on Linux, or undefined where it cannot be read. */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const m = /\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Run the calling thread at `nice` (Linux); true when applied. Never throws. */
export function lowerThreadPriority(nice = BACKGROUND_NICE): boolean {
  const tid = currentThreadId();
  if (tid === undefined) return false;
  try {
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
