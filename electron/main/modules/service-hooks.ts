/**
 * What main does with the service worker's side messages: its errors go to the rotating log, and a
 * restart after an uncaught error is logged and told to every window (`shell:notice`), whose
 * renderer reopens its portfolio from the journal.
 */
import { BrowserWindow } from 'electron';
import type { ServiceWorkerHooks } from '../../service/worker/worker-dispatcher';
import type { RotatingLog } from './log-file';
import { sendToRenderer } from './shell-ipc';

/** Hooks for `startServiceWorker` that log to `log` and notify the open windows. */
export function serviceHooks(log: RotatingLog): ServiceWorkerHooks {
  return {
    log: (m) => log.write(m),
    onRestarted: (message) => {
      log.write(`[service-worker] ${message}`);
      for (const w of BrowserWindow.getAllWindows()) sendToRenderer(w, 'shell:notice', { message });
    },
  };
}
