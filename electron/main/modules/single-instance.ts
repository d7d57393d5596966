/** Single instance: a second launch focuses the first window and exits. */
import { app, BrowserWindow } from 'electron';

/** Returns false when another instance holds the lock (the caller should quit). */
export function enableSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}
