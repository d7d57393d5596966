/**
 * Single instance: a second launch focuses the first window and exits. Its command line (a report
 * double-clicked on Windows or Linux while pmdesk runs) is handed to the first instance's
 * `onArgv` (opened-files.ts).
 */
import { app, BrowserWindow } from 'electron';

/** Returns false when another instance holds the lock (the caller should quit). */
export function enableSingleInstance(onArgv?: (argv: string[], workingDirectory: string) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv: string[], workingDirectory: string) => {
    onArgv?.(argv, workingDirectory);
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}
