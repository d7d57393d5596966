/**
 * What main does with the service worker's side messages: its errors go to the rotating log, and a
 * restart after an uncaught error is logged and told to every window (`shell:notice`), whose
 * renderer reopens its portfolio from the journal; a long job's progress goes on the taskbar /
 * dock icon of every window (`setProgressBar`), removed when the job ends or is cancelled.
 */
import { BrowserWindow } from 'electron';
import type { ServiceWorkerHooks } from '../../service/worker/worker-dispatcher';
import type { JobProgressDto } from '../../../shared/ipc/job-contract';
import type { RotatingLog } from './log-file';
import { sendToRenderer } from './shell-ipc';

/** The taskbar value of a job's progress: 0…1 while it runs, -1 (no bar) once it ended. */
export function taskbarProgress(p: JobProgressDto): number {
  if (p.state !== 'running') return -1;
  return p.total > 0 ? Math.min(1, p.done / p.total) : 0;
}

/** Hooks for `startServiceWorker` that log to `log` and notify the open windows. */
export function serviceHooks(log: RotatingLog): ServiceWorkerHooks {
  return {
    log: (m) => log.write(m),
    onRestarted: (message) => {
      log.write(`[service-worker] ${message}`);
      for (const w of BrowserWindow.getAllWindows()) sendToRenderer(w, 'shell:notice', { message });
    },
    onProgress: (p) => {
      const value = taskbarProgress(p);
      for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.setProgressBar(value);
    },
  };
}
