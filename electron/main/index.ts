/** Electron main: the composition root only (lifecycle + modules). All work lives in the service. */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { startServiceWorker } from '../service/worker/worker-dispatcher';
import { registerHandlers } from './ipc/register-handlers';
import { APP_INDEX_URL, enableAppProtocol, registerAppScheme } from './modules/app-protocol';
import { enableSecurity, type AppLocation } from './modules/security';
import { captureProcessOutput, openRotatingLog } from './modules/log-file';
import { runMainCommand } from './modules/main-commands';
import { enableMenu } from './modules/menu';
import { serviceHooks } from './modules/service-hooks';
import { guardClose, registerShellHandlers, sendToRenderer } from './modules/shell-ipc';
import { enableSingleInstance } from './modules/single-instance';
import { enableOpenedFiles, openedFiles, reportPathsFromArgv } from './modules/opened-files';
import { loadWindowState, trackWindowState } from './modules/window-state';
import { createMainWindow } from './modules/window';

// The dev server is honoured only in development: a packaged app never loads or trusts it.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
// The built renderer is served as app://pmdesk/… from this folder (checklist item 18: no file://).
const rendererRoot = join(import.meta.dirname, '../renderer');
const where: AppLocation = { indexUrl: APP_INDEX_URL, devServerUrl };

// Reports the OS opens with pmdesk (double-click, `open-file`, argv): read by main, taken by the renderer.
const opened = openedFiles(() => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) sendToRenderer(win, 'shell:files-opened', {});
}, (message) => dialog.showErrorBox('pmdesk cannot open the file', message));

if (!enableSingleInstance((argv, cwd) => void opened.open(reportPathsFromArgv(argv, cwd)))) {
  app.quit();
} else {
  enableOpenedFiles(opened); // before ready: macOS sends open-file early
  registerAppScheme(); // before ready, or the scheme gets no privileges
  enableSecurity(where);
  const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
  const rendererUrl = devServerUrl ?? APP_INDEX_URL;

  app.whenReady().then(async () => {
    enableAppProtocol(rendererRoot);
    // Main's and the worker's messages (the worker's stderr reaches main's) go to a local rotating file.
    const log = openRotatingLog(join(app.getPath('userData'), 'logs'));
    captureProcessOutput(log);
    const databasePath = process.env['PMDESK_DB'] ?? join(app.getPath('userData'), 'pmdesk.db');
    log.write(`[main] pmdesk ${app.getVersion()} started (${process.platform}); database ${databasePath}`);
    // The store and engine live in a worker thread: a long margin run never freezes the window.
    let worker: Awaited<ReturnType<typeof startServiceWorker>>;
    try {
      worker = await startServiceWorker(join(import.meta.dirname, 'service-worker.js'), { databasePath, host: 'electron', version: app.getVersion() }, serviceHooks(log));
    } catch (e) {
      // Newer schema or damaged file: refuse with the store's message (it says what to do); nothing was changed.
      dialog.showErrorBox('pmdesk cannot open its database', e instanceof Error ? e.message : String(e));
      app.quit();
      return;
    }
    registerHandlers(worker.dispatch, where);
    registerShellHandlers(where, worker.dispatch, opened);
    const commandContext = { databasePath, userDataPath: app.getPath('userData') };
    enableMenu(process.platform, app.name, {
      toRenderer: (id) => {
        const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
        if (win) sendToRenderer(win, 'shell:command', { id });
      },
      inMain: (id) => void runMainCommand(id, commandContext),
    });
    app.on('will-quit', () => void worker.close());
    const open = async () => {
      const win = await createMainWindow(preloadPath, rendererUrl, await loadWindowState(worker.dispatch));
      guardClose(win);
      trackWindowState(win, worker.dispatch);
    };
    await open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void open();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
