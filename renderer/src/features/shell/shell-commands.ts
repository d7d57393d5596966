/**
 * Every renderer command of the shared table (`kind: 'renderer'` in shared/commands/command-table.ts)
 * mapped to its handler, in one place: the desktop shell's own work plus the handlers App owns.
 * The map is a full `Record<RendererCommandId, …>`, so a command added to the table without a
 * handler does not compile, and `shell-commands.test.ts` checks the built registry at run time
 * (a command answering "not available here" from the menu is how File → New portfolio slipped through).
 */
import type { RendererCommandId } from '../../../../shared/commands/command-table';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { FilePurpose } from '../../../../shared/ipc/shell-contract';
import type { CommandHandler } from '../../lib/commands/command-registry';

/** The commands App carries out (they need views or state the shell does not own). */
export const APP_COMMAND_IDS = ['file.save-revision', 'margin.recompute', 'portfolio.compare', 'file.export-report', 'view.risk', 'view.market-editor', 'view.scenario-sets', 'view.sweep'] as const satisfies readonly RendererCommandId[];
export type AppCommandId = (typeof APP_COMMAND_IDS)[number];
export type AppCommandActions = Record<AppCommandId, CommandHandler>;

/** What the shell's own commands act on. */
export interface ShellCommandDeps {
  /** Undo/redo in the text field being typed in; false if none has focus (then the grid's history). */
  textEdit(kind: 'undo' | 'redo'): boolean;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Ask for the new portfolio's name (the dialog creates and opens it). */
  newPortfolio(): void;
  openSwitcher(): void;
  openFile(purpose: FilePurpose): Promise<void>;
  toggleHelp(): void;
  toggleTheme(): void;
  runAll(): void;
  /** Esc: stop the running job, else close the run panel. */
  cancel(): Promise<void>;
}

/** The handler of every renderer command. */
export function shellCommandHandlers(d: ShellCommandDeps, app: AppCommandActions): Record<RendererCommandId, CommandHandler> {
  return {
    'edit.undo': () => (d.textEdit('undo') ? undefined : d.undo()),
    'edit.redo': () => (d.textEdit('redo') ? undefined : d.redo()),
    'file.new-portfolio': () => d.newPortfolio(),
    'file.open-portfolio': () => d.openSwitcher(),
    'portfolio.switch': () => d.openSwitcher(),
    'file.import-positions': () => d.openFile('positions'),
    'file.import-market': () => d.openFile('market'),
    'help.shortcuts': () => d.toggleHelp(),
    'view.toggle-theme': () => d.toggleTheme(),
    'margin.run-all': () => d.runAll(),
    'margin.cancel': () => d.cancel(),
    ...app,
  };
}

/** The new, empty book of File → New portfolio (no positions, no balances). */
export function emptyPortfolio(name: string, id: string): PortfolioDto {
  return { id, name: name.trim(), positions: [], balances: [] };
}
