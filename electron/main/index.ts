/** Electron main: the composition root only (lifecycle + modules). All work lives in the service. */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { startServiceWorker } from '../service/worker/worker-dispatcher';
import { registerHandlers } from './ipc/register-handlers';
import { enableSecurity } from './modules/security';
import { enableSingleInstance } from './modules/single-instance';
import { createMainWindow, type RendererSource } from './modules/window';

const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

if (!enableSingleInstance()) {
  app.quit();
} else {
  enableSecurity(devServerUrl);
  const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
  const source: RendererSource = devServerUrl
    ? { kind: 'url', url: devServerUrl }
    : { kind: 'file', path: join(import.meta.dirname, '../renderer/index.html') };

  app.whenReady().then(async () => {
    const databasePath = process.env['PMDESK_DB'] ?? join(app.getPath('userData'), 'pmdesk.db');
    // The store and engine live in a worker thread: a long margin run never freezes the window.
    const worker = await startServiceWorker(join(import.meta.dirname, 'service-worker.js'), { databasePath, host: 'electron', version: app.getVersion() });
    registerHandlers(worker.dispatch, devServerUrl);
    app.on('will-quit', () => void worker.close());
    await createMainWindow(preloadPath, source);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createMainWindow(preloadPath, source);
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
