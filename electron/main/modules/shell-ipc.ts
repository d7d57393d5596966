/**
 * Main's side of the shell contract (`shared/ipc/shell-contract.ts`): the native file dialogs,
 * the title with the unsaved mark, and the close-with-unsaved flow (Save revision / Discard /
 * Cancel). Every request checks its sender is our renderer and is parsed with its schema.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '../../../shared/ipc/result';
import { parseShellRequest, SHELL_CHANNELS, type ShellChannel, type ShellEventContract, type ShellInvokeContract } from '../../../shared/ipc/shell-contract';
import type { Dispatcher } from '../../service/worker/worker-protocol';
import { openFileWithDialog, saveFileWithDialog } from './file-dialogs';
import type { OpenedFiles } from './opened-files';
import { cancelReport, saveReportWithDialog } from './report-export';
import { isAppUrl, type AppLocation } from './security';

/** What the renderer last said about its document (per window). */
export interface DocumentState {
  portfolio?: string;
  revision?: number;
  dirty: boolean;
}

const documents = new WeakMap<BrowserWindow, DocumentState>();
const closeAllowed = new WeakSet<BrowserWindow>();

/** The window title: portfolio, revision and an unsaved mark. */
export function windowTitle(s: DocumentState, appName = 'pmdesk'): string {
  if (!s.portfolio) return appName;
  const rev = s.revision !== undefined ? ` — revision ${s.revision}` : '';
  return `${s.dirty ? '• ' : ''}${s.portfolio}${rev}${s.dirty ? ' (unsaved)' : ''} — ${appName}`;
}

/** Typed push to one window's renderer. */
export function sendToRenderer<E extends keyof ShellEventContract>(win: BrowserWindow, event: E, payload: ShellEventContract[E]): void {
  if (!win.isDestroyed()) win.webContents.send(event, payload);
}

type ShellHandler<C extends ShellChannel> = (req: ShellInvokeContract[C]['req'], win: BrowserWindow | undefined) => Promise<ShellInvokeContract[C]['res']>;

/** The service `shell:save-report` asks for the report (set by `registerShellHandlers`). */
let reportDispatch: Dispatcher | undefined;
/** Files the OS opened the app with (opened-files.ts), taken by the renderer. */
let openedFileQueue: Pick<OpenedFiles, 'take'> | undefined;

const handlers: { [C in ShellChannel]: ShellHandler<C> } = {
  'shell:open-file': (req, win) => openFileWithDialog(win, req.purpose),
  'shell:save-file': (req, win) => saveFileWithDialog(win, req.purpose, req.suggestedName, req.text, req.encoding),
  'shell:take-opened-files': async () => openedFileQueue?.take() ?? [],
  'shell:save-report': (req, win) => {
    if (!reportDispatch) throw new Error('the report service is not connected');
    return saveReportWithDialog(win, req, { dispatch: reportDispatch });
  },
  'shell:cancel-report': async (req) => cancelReport(req.exportId),
  'shell:document-state': async (req, win) => {
    if (win) {
      documents.set(win, req);
      win.setTitle(windowTitle(req));
      if (process.platform === 'darwin') win.setDocumentEdited(req.dirty);
    }
    return null;
  },
  'shell:close-window': async (_req, win) => {
    if (win) {
      closeAllowed.add(win);
      win.close();
    }
    return null;
  },
};

/**
 * Register the shell channels (`dispatch`: the service, for the report export; `opened`: the
 * queue of files the OS opened the app with); returns the list registered.
 */
export function registerShellHandlers(where: AppLocation, dispatch?: Dispatcher, opened?: Pick<OpenedFiles, 'take'>): string[] {
  reportDispatch = dispatch;
  openedFileQueue = opened;
  for (const channel of SHELL_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, raw: unknown): Promise<IpcResult<unknown>> => {
      const senderUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(senderUrl, where)) return { ok: false, error: { code: 'forbidden', message: `sender ${senderUrl || '(unknown)'} is not the pmdesk renderer` } };
      let req: unknown;
      try {
        req = parseShellRequest(channel, raw);
      } catch (e) {
        return { ok: false, error: { code: 'validation', message: e instanceof Error ? e.message : String(e) } };
      }
      try {
        const win = BrowserWindow.fromWebContents(event.sender) ?? undefined;
        const value = await (handlers[channel] as ShellHandler<ShellChannel>)(req as never, win);
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
      }
    });
  }
  return [...SHELL_CHANNELS];
}

/** The choice of the close-with-unsaved box, by button index. */
export const CLOSE_BUTTONS = ['Save revision', 'Discard', 'Cancel'] as const;

/**
 * Ask before closing a window with unsaved edits. Save revision: the renderer saves, then calls
 * `closeWindow` (a failed save leaves the window open with the error shown). Discard: close
 * without cutting a revision. Cancel: stay.
 */
export function guardClose(win: BrowserWindow): void {
  win.on('close', (e) => {
    const doc = documents.get(win);
    if (closeAllowed.has(win) || !doc?.dirty) return;
    e.preventDefault();
    void dialog.showMessageBox(win, {
      type: 'question',
      buttons: [...CLOSE_BUTTONS],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
      title: 'Unsaved edits',
      message: `Save a revision of “${doc.portfolio ?? 'the portfolio'}” before closing?`,
      detail: 'Your edits are journalled. Save revision cuts them into a new revision; Discard closes without one.',
    }).then(({ response }) => {
      if (response === 0) sendToRenderer(win, 'shell:save-and-close', {});
      else if (response === 1) {
        closeAllowed.add(win);
        win.close();
      }
    });
  });
}
