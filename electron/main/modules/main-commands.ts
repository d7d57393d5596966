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

/**
 * What pmdesk ships that others wrote, for the About box: the platform, Svelte (compiled into the
 * renderer), SQLite (inside better-sqlite3), and every runtime dependency of package.json with the
 * licence its package.json declares (main-commands.test.ts checks both against node_modules).
 */
export const BUNDLED_COMPONENTS: readonly { name: string; licence: string; npm?: true }[] = [
  { name: 'Electron, Chromium and Node.js', licence: 'MIT / BSD' },
  { name: 'Svelte', licence: 'MIT' },
  { name: 'SQLite', licence: 'public domain' },
  { name: 'ag-grid-community', licence: 'MIT', npm: true },
  { name: 'better-sqlite3', licence: 'MIT', npm: true },
  { name: 'decimal.js', licence: 'MIT', npm: true },
  { name: 'exceljs', licence: 'MIT', npm: true },
  { name: 'fflate', licence: 'MIT', npm: true },
  { name: 'papaparse', licence: 'MIT', npm: true },
  { name: 'uplot', licence: 'MIT', npm: true },
  { name: 'valibot', licence: 'MIT', npm: true },
];

/**
 * The licences of the packages those depend on (exceljs brings archiver, jszip, unzipper, sax, …),
 * as their package.json files declare them; the test walks node_modules, so a new dependency
 * under another licence fails until it is named here.
 */
export const DEPENDENCY_LICENCES = ['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'BlueOak-1.0.0', 'Zlib', 'Unlicense', 'MIT/X11', 'MIT OR GPL-3.0-or-later'] as const;

/** The About box text. */
export function aboutDetail(version: string, ctx: MainCommandContext, electronVersion: string): string {
  return [
    `Version ${version} (Electron ${electronVersion})`,
    `Database: ${ctx.databasePath}`,
    `Data folder: ${ctx.userDataPath}`,
    '',
    `Licences: pmdesk is private software. Bundled open-source components: ${BUNDLED_COMPONENTS.map((c) => `${c.name} (${c.licence})`).join(', ')}.`,
    `The packages they depend on are under ${DEPENDENCY_LICENCES.join(', ')} (jszip: MIT, chosen from MIT OR GPL-3.0); each licence text is in the app's node_modules.`,
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
