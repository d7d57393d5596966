/** The main window: hardened webPreferences, set explicitly even where they are Electron's defaults. */
import { BrowserWindow, type WebPreferences } from 'electron';

/** The security baseline of every pmdesk window (Electron security checklist; house style E2). */
export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/**
 * Create and show the main window on the renderer at `url`: `app://pmdesk/index.html` (the built
 * renderer, served by `modules/app-protocol.ts`; never `file://`), or the electron-vite dev server
 * in development.
 */
export async function createMainWindow(preloadPath: string, url: string, restore: { bounds?: { x: number; y: number; width: number; height: number }; maximized?: boolean } = {}): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    ...restore.bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'pmdesk',
    backgroundColor: '#11161f',
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => {
    if (restore.maximized) win.maximize();
    win.show();
  });
  await win.loadURL(url);
  return win;
}
