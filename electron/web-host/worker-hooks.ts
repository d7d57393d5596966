/**
 * What the web host does with the service worker's side messages (the browser counterpart of
 * `electron/main/modules/service-hooks.ts`): errors go to the terminal, and a restart after an
 * uncaught error is printed and put on the notice board, so every open tab shows it and reopens
 * its portfolio from the journal, as an Electron window does on `shell:notice`. Job progress needs
 * nothing here: the tab long-polls `job:progress` itself.
 */
import type { ServiceWorkerHooks } from '../service/worker/worker-dispatcher';
import type { NoticeBoard } from './notice-board';

export function webHostHooks(notices: NoticeBoard, log: (m: string) => void = (m) => console.error(m)): ServiceWorkerHooks {
  return {
    log,
    onRestarted: (message) => {
      log(`[service-worker] ${message}`);
      notices.push(message);
    },
  };
}
