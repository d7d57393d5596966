/**
 * The menu commands main carries out itself (kind `main` in the command table): open the data
 * folder (database and logs) in the file manager, and the About box (version, database path,
 * licences). Offline: nothing here touches the network.
 */
import { app, BrowserWindow, dialog, shell } from 'electron';
import type { MainCommandId } from './menu';

/** What the About box and the data folder need to know. */
export interface MainCommandContext {
  databasePath: string;
  userDataPath: string;
}

/** The About box text. */
export function aboutDetail(version: string, ctx: MainCommandContext, electronVersion: string): string {
  return [
    `Version ${version} (Electron ${electronVersion})`,
    `Database: ${ctx.databasePath}`,
    `Data folder: ${ctx.userDataPath}`,
    '',
    'Licences: pmdesk is private software. Bundled open-source components: Electron, Chromium and Node.js (MIT / BSD), Svelte (MIT), AG Grid Community (MIT), better-sqlite3 and SQLite (MIT / public domain), decimal.js (MIT), valibot (MIT), papaparse (MIT), uPlot (MIT).',
  ].join('\n');
}

/** Run a main-side command. */
export async function runMainCommand(id: MainCommandId, ctx: MainCommandContext): Promise<void> {
  if (id === 'help.open-data-folder') {
    const error = await shell.openPath(ctx.userDataPath);
    if (error) dialog.showErrorBox('Cannot open the data folder', `${ctx.userDataPath}: ${error}`);
    return;
  }
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = { type: 'info' as const, title: 'About pmdesk', message: 'pmdesk', detail: aboutDetail(app.getVersion(), ctx, process.versions['electron'] ?? '?'), buttons: ['OK'] };
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}
