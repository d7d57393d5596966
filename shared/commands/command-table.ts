/**
 * The one declarative table of pmdesk's commands: id, label, accelerator and menu placement are
 * declared here once. Electron main builds the application menu from it (`electron/main/modules/
 * menu.ts`) and the renderer builds its shortcut help overlay and keyboard fallback from it, so a
 * label or a shortcut can never differ between the menu and the help.
 *
 * Accelerators use Electron's syntax (`CmdOrCtrl+Shift+Z`; https://www.electronjs.org/docs/latest/api/accelerator).
 */

/** The top-level menus, in menu-bar order (macOS adds the app menu before them). */
export const MENUS = ['file', 'edit', 'view', 'portfolio', 'margin', 'window', 'help'] as const;
export type MenuId = (typeof MENUS)[number];

/** Menu-bar labels (`&` marks the Alt mnemonic on Windows and Linux). */
export const MENU_LABELS: Record<MenuId, string> = {
  file: '&File', edit: '&Edit', view: '&View', portfolio: '&Portfolio', margin: '&Margin', window: '&Window', help: '&Help',
};

/**
 * Who carries a command out:
 * - `renderer`: main sends it over the `shell:command` event; the renderer's command registry runs it;
 * - `main`: main runs it (native dialog, open folder, about box);
 * - `role`: an Electron menu role (native copy/paste/zoom/full screen/window management); the
 *   page sees the resulting DOM events (copy/paste reach the grid's clipboard handlers).
 */
export type CommandKind = 'renderer' | 'main' | 'role';

/** Electron menu roles used by the table (a subset of `MenuItemConstructorOptions['role']`). */
export type CommandRole =
  | 'cut' | 'copy' | 'paste' | 'selectAll' | 'zoomIn' | 'zoomOut' | 'resetZoom' | 'togglefullscreen'
  | 'minimize' | 'zoom' | 'close' | 'front' | 'quit';

/** `process.platform` values (main) or the renderer's guess from the user agent. */
export type Platform = 'darwin' | 'linux' | 'win32' | (string & {});

/** One command of the table. */
export interface CommandSpec {
  readonly id: string;
  readonly label: string;
  readonly menu: MenuId;
  /** Separator-delimited group inside its menu (ascending). */
  readonly group: number;
  readonly kind: CommandKind;
  readonly role?: CommandRole;
  /** Electron accelerator; `undefined` = no shortcut. */
  readonly accelerator?: string;
  /**
   * Shown beside the menu item but not registered with the menu (`registerAccelerator: false`):
   * keys the page itself must keep receiving, like Esc in text fields.
   */
  readonly pageKey?: boolean;
  /** Where the item lives on macOS when it moves to the app menu (About, Quit). */
  readonly macAppMenu?: boolean;
  /** Only on these platforms (default: all). */
  readonly platforms?: readonly Platform[];
  /** One line for the help overlay. */
  readonly help: string;
}

/** Every command, in menu order. */
export const COMMANDS = [
  // File
  { id: 'file.new-portfolio', label: 'New portfolio', menu: 'file', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+N', help: 'Create an empty portfolio and open it' },
  { id: 'file.open-portfolio', label: 'Open portfolio…', menu: 'file', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+O', help: 'Switch to another stored portfolio' },
  { id: 'file.import-positions', label: 'Import positions…', menu: 'file', group: 2, kind: 'renderer', accelerator: 'CmdOrCtrl+I', help: 'Import positions from a CSV or venue export file' },
  { id: 'file.import-market', label: 'Import market snapshot…', menu: 'file', group: 2, kind: 'renderer', accelerator: 'CmdOrCtrl+Shift+I', help: 'Import a market snapshot JSON file' },
  { id: 'file.export-report', label: 'Export report…', menu: 'file', group: 2, kind: 'renderer', accelerator: 'CmdOrCtrl+E', help: 'Save the margin report of the open book' },
  { id: 'file.save-revision', label: 'Save revision with note…', menu: 'file', group: 3, kind: 'renderer', accelerator: 'CmdOrCtrl+S', help: 'Cut a revision of the pending edits, with an optional note' },
  { id: 'file.quit', label: 'Quit', menu: 'file', group: 9, kind: 'role', role: 'quit', accelerator: 'CmdOrCtrl+Q', macAppMenu: true, help: 'Quit pmdesk (asks about unsaved edits)' },
  // Edit
  { id: 'edit.undo', label: 'Undo', menu: 'edit', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+Z', help: 'Undo the last edit (grid history, or the text field being typed in)' },
  { id: 'edit.redo', label: 'Redo', menu: 'edit', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+Shift+Z', help: 'Redo the last undone edit' },
  { id: 'edit.cut', label: 'Cut', menu: 'edit', group: 2, kind: 'role', role: 'cut', accelerator: 'CmdOrCtrl+X', help: 'Cut the selection' },
  { id: 'edit.copy', label: 'Copy', menu: 'edit', group: 2, kind: 'role', role: 'copy', accelerator: 'CmdOrCtrl+C', help: 'Copy the selected cells (TSV) or text' },
  { id: 'edit.paste', label: 'Paste', menu: 'edit', group: 2, kind: 'role', role: 'paste', accelerator: 'CmdOrCtrl+V', help: 'Paste cells into the grid, or text into a field' },
  { id: 'edit.select-all', label: 'Select all', menu: 'edit', group: 2, kind: 'role', role: 'selectAll', accelerator: 'CmdOrCtrl+A', help: 'Select all' },
  // View
  { id: 'view.toggle-theme', label: 'Toggle dark theme', menu: 'view', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+Shift+L', help: 'Switch between the dark and the light theme' },
  { id: 'view.zoom-in', label: 'Zoom in', menu: 'view', group: 2, kind: 'role', role: 'zoomIn', accelerator: 'CmdOrCtrl+=', help: 'Larger text' },
  { id: 'view.zoom-out', label: 'Zoom out', menu: 'view', group: 2, kind: 'role', role: 'zoomOut', accelerator: 'CmdOrCtrl+-', help: 'Smaller text' },
  { id: 'view.zoom-reset', label: 'Actual size', menu: 'view', group: 2, kind: 'role', role: 'resetZoom', accelerator: 'CmdOrCtrl+0', help: 'Reset the zoom' },
  { id: 'view.full-screen', label: 'Toggle full screen', menu: 'view', group: 3, kind: 'role', role: 'togglefullscreen', accelerator: 'F11', help: 'Full screen on or off' },
  { id: 'view.risk', label: 'Risk view', menu: 'view', group: 4, kind: 'renderer', accelerator: 'CmdOrCtrl+Shift+X', help: 'Explain the margin (scenario and margin heatmaps, contributions), payoff chart, compare methods; ←/→ step through a focused chart' },
  { id: 'view.market-editor', label: 'Market editor', menu: 'view', group: 4, kind: 'renderer', accelerator: 'CmdOrCtrl+Alt+M', help: 'Edit the snapshot: index, forwards, vol surface; the margin re-runs on the draft' },
  { id: 'view.scenario-sets', label: 'Scenario sets', menu: 'view', group: 4, kind: 'renderer', accelerator: 'CmdOrCtrl+Alt+S', help: 'Custom multi-underlying stress scenarios and their P&L per position' },
  { id: 'view.sweep', label: 'Parameter sweep', menu: 'view', group: 4, kind: 'renderer', accelerator: 'CmdOrCtrl+Alt+W', help: 'Margin by parameter value for every method that has it; edit parameter sets' },
  // Portfolio
  { id: 'portfolio.switch', label: 'Switch portfolio…', menu: 'portfolio', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+P', help: 'Pick the portfolio to work on' },
  { id: 'portfolio.compare', label: 'Compare…', menu: 'portfolio', group: 2, kind: 'renderer', accelerator: 'CmdOrCtrl+Shift+C', help: 'Compare two books or two revisions side by side (Risk → Compare)' },
  // Margin
  { id: 'margin.recompute', label: 'Recompute', menu: 'margin', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+R', help: 'Recompute the margin of the open book' },
  { id: 'margin.run-all', label: 'Run every method', menu: 'margin', group: 1, kind: 'renderer', accelerator: 'CmdOrCtrl+Shift+R', help: 'Run every margin method on the open book, with progress' },
  { id: 'margin.cancel', label: 'Cancel running work', menu: 'margin', group: 2, kind: 'renderer', accelerator: 'Escape', pageKey: true, help: 'Stop the running import, run or report; nothing is half-written' },
  // Window
  { id: 'window.minimize', label: 'Minimize', menu: 'window', group: 1, kind: 'role', role: 'minimize', accelerator: 'CmdOrCtrl+M', help: 'Minimize the window' },
  { id: 'window.zoom', label: 'Zoom', menu: 'window', group: 1, kind: 'role', role: 'zoom', platforms: ['darwin'], help: 'Fill the screen (macOS)' },
  { id: 'window.close', label: 'Close window', menu: 'window', group: 1, kind: 'role', role: 'close', accelerator: 'CmdOrCtrl+W', help: 'Close the window (asks about unsaved edits)' },
  { id: 'window.front', label: 'Bring all to front', menu: 'window', group: 2, kind: 'role', role: 'front', platforms: ['darwin'], help: 'Bring every pmdesk window to the front (macOS)' },
  // Help
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', menu: 'help', group: 1, kind: 'renderer', accelerator: 'F1', help: 'Show this list (also ?)' },
  { id: 'help.open-data-folder', label: 'Open data folder', menu: 'help', group: 2, kind: 'main', help: 'Open the folder with the database and the logs' },
  { id: 'help.about', label: 'About pmdesk', menu: 'help', group: 3, kind: 'main', macAppMenu: true, help: 'Version, database path, licences' },
] as const satisfies readonly CommandSpec[];

/** Every command id. */
export type CommandId = (typeof COMMANDS)[number]['id'];

/** The ids main sends to the renderer (kind `renderer`). */
export type RendererCommandId = Extract<(typeof COMMANDS)[number], { kind: 'renderer' }>['id'];

/** Renderer command ids, for the IPC event schema. */
export const RENDERER_COMMAND_IDS = COMMANDS.filter((c) => c.kind === 'renderer').map((c) => c.id) as RendererCommandId[];

/** Not shown on `platform` (e.g. macOS-only window items). */
export function isOnPlatform(c: CommandSpec, platform: Platform): boolean {
  return c.platforms === undefined || c.platforms.includes(platform);
}

/** The command with `id`. */
export function commandById(id: string): CommandSpec | undefined {
  return (COMMANDS as readonly CommandSpec[]).find((c) => c.id === id);
}
