/**
 * The application menu and the shell channels against a mocked `electron`: the menu is the command
 * table (every command once, accelerators unique, every command reaching a handler, macOS app-menu
 * conventions), dialogs give only the chosen file, and closing with unsaved edits asks first.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, isOnPlatform, type CommandSpec } from '../../shared/commands/command-table';
import { acceleratorKey } from '../../shared/commands/accelerator';

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
  open: { canceled: false, filePaths: [] as string[] },
  save: { canceled: false, filePath: undefined as string | undefined },
  messageBoxResponse: 2,
  sent: [] as { channel: string; payload: unknown }[],
  applied: undefined as unknown,
}));

vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu: (m: unknown) => (h.applied = m) },
  BrowserWindow: { fromWebContents: () => null, getFocusedWindow: () => null, getAllWindows: () => [] },
  ipcMain: { handle: (c: string, fn: (event: unknown, raw: unknown) => Promise<unknown>) => h.handlers.set(c, fn) },
  dialog: {
    showOpenDialog: vi.fn(async () => h.open),
    showSaveDialog: vi.fn(async () => h.save),
    showMessageBox: vi.fn(async () => ({ response: h.messageBoxResponse })),
    showErrorBox: vi.fn(),
  },
  app: { getVersion: () => '0.1.0' },
  shell: { openPath: vi.fn(async () => '') },
  session: {},
}));

const { buildMenuTemplate, enableMenu } = await import('./modules/menu');
const { registerShellHandlers, guardClose, windowTitle } = await import('./modules/shell-ipc');

type Item = MenuItemConstructorOptions;
const items = (template: Item[]): Item[] => template.flatMap((top) => (top.submenu as Item[]).filter((i) => i.type !== 'separator'));
const actions = () => ({ toRenderer: vi.fn(), inMain: vi.fn() });
const WHERE = { indexUrl: 'app://pmdesk/index.html' };
const fromApp = { senderFrame: { url: WHERE.indexUrl }, sender: {} };

describe('application menu from the command table', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`${platform}: lists every command of the platform exactly once, with the table's label and accelerator`, () => {
      const template = buildMenuTemplate(platform, 'pmdesk', actions());
      const expected = (COMMANDS as readonly CommandSpec[]).filter((c) => isOnPlatform(c, platform));
      const byId = new Map(items(template).filter((i) => i.id).map((i) => [i.id, i]));
      expect([...byId.keys()].sort()).toEqual(expected.map((c) => c.id).sort());
      for (const c of expected) {
        expect(byId.get(c.id)?.accelerator).toBe(c.accelerator);
        if (platform !== 'darwin' || !c.macAppMenu) expect(byId.get(c.id)?.label).toBe(c.label);
      }
    });
  }

  it('has File, Edit, View, Portfolio, Margin, Window, Help in that order; macOS adds the app menu first', () => {
    const labels = (p: string) => buildMenuTemplate(p, 'pmdesk', actions()).map((t) => t.label);
    expect(labels('linux')).toEqual(['&File', '&Edit', '&View', '&Portfolio', '&Margin', '&Window', '&Help']);
    expect(labels('darwin')).toEqual(['pmdesk', 'File', 'Edit', 'View', 'Portfolio', 'Margin', 'Window', 'Help']);
  });

  it('macOS: About and Quit live in the app menu (with Services, Hide), not in File or Help', () => {
    const [appMenu, ...rest] = buildMenuTemplate('darwin', 'pmdesk', actions());
    const sub = appMenu.submenu as Item[];
    expect(sub.map((i) => i.id ?? i.role).filter(Boolean)).toEqual(['help.about', 'services', 'hide', 'hideOthers', 'unhide', 'file.quit']);
    expect(items(rest).map((i) => i.id)).not.toContain('help.about');
    expect(items(rest).map((i) => i.id)).not.toContain('file.quit');
    expect(items(buildMenuTemplate('linux', 'pmdesk', actions())).map((i) => i.id)).not.toContain('window.front');
  });

  it('has no two commands on one accelerator', () => {
    const keys = (COMMANDS as readonly CommandSpec[]).flatMap((c) => (c.accelerator ? [acceleratorKey(c.accelerator)] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('every menu command reaches a handler: renderer commands go out on shell:command, main ones run in main, the rest are roles', () => {
    const a = actions();
    const template = buildMenuTemplate('linux', 'pmdesk', a);
    for (const i of items(template)) {
      const c = COMMANDS.find((x) => x.id === i.id)!;
      if (c.kind === 'role') {
        expect(i.role).toBe(c.role);
        continue;
      }
      expect(i.click).toBeTypeOf('function');
      (i.click as () => void)();
      if (c.kind === 'renderer') expect(a.toRenderer).toHaveBeenLastCalledWith(c.id);
      else expect(a.inMain).toHaveBeenLastCalledWith(c.id);
    }
    const renderer = COMMANDS.filter((c) => c.kind === 'renderer').length;
    expect(a.toRenderer).toHaveBeenCalledTimes(renderer);
  });

  it('Esc is shown on Cancel but left to the page (not registered with the menu)', () => {
    const cancel = items(buildMenuTemplate('linux', 'pmdesk', actions())).find((i) => i.id === 'margin.cancel');
    expect(cancel).toMatchObject({ accelerator: 'Escape', registerAccelerator: false });
  });

  it('enableMenu installs the built menu', () => {
    enableMenu('linux', 'pmdesk', actions());
    expect((h.applied as { template: Item[] }).template).toHaveLength(7);
  });
});

describe('shell channels', () => {
  beforeEach(() => {
    h.handlers.clear();
    registerShellHandlers(WHERE);
  });
  const call = (c: string, raw: unknown, ev: unknown = fromApp) => h.handlers.get(c)!(ev, raw);

  it('refuses a foreign sender and a request that is not the schema (a path instead of a purpose)', async () => {
    expect(await call('shell:open-file', { purpose: 'market' }, { senderFrame: { url: 'https://evil.example/' }, sender: {} })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('shell:open-file', { purpose: 'market', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('shell:save-file', { purpose: 'report', suggestedName: '../../x.json', text: '' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('open: reads only the chosen file and hands back its name and text, never the path; cancel gives null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-dialog-'));
    const path = join(dir, 'book.csv');
    writeFileSync(path, 'instrument,size\nBTC-PERPETUAL,1\n');
    h.open = { canceled: false, filePaths: [path] };
    const r = await call('shell:open-file', { purpose: 'positions' });
    expect(r).toEqual({ ok: true, value: { name: 'book.csv', text: 'instrument,size\nBTC-PERPETUAL,1\n' } });
    expect(JSON.stringify(r)).not.toContain(dir);
    h.open = { canceled: true, filePaths: [path] };
    expect(await call('shell:open-file', { purpose: 'positions' })).toEqual({ ok: true, value: null });
  });

  it('save: writes the chosen file whole (no temporary left), returns its name only; cancel writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-dialog-'));
    h.save = { canceled: false, filePath: join(dir, 'margin-report.json') };
    expect(await call('shell:save-file', { purpose: 'report', suggestedName: 'report.json', text: '{"a":1}' })).toEqual({ ok: true, value: { name: 'margin-report.json' } });
    expect(readFileSync(join(dir, 'margin-report.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['margin-report.json']);
    h.save = { canceled: true, filePath: join(dir, 'other.json') };
    expect(await call('shell:save-file', { purpose: 'report', suggestedName: 'report.json', text: 'x' })).toEqual({ ok: true, value: null });
    expect(readdirSync(dir)).toEqual(['margin-report.json']);
  });
});

describe('title and close with unsaved edits', () => {
  it('the title shows the portfolio, the revision and the unsaved mark', () => {
    expect(windowTitle({ portfolio: 'Desk A', revision: 4, dirty: true })).toBe('• Desk A — revision 4 (unsaved) — pmdesk');
    expect(windowTitle({ portfolio: 'Desk A', revision: 4, dirty: false })).toBe('Desk A — revision 4 — pmdesk');
    expect(windowTitle({ dirty: false })).toBe('pmdesk');
  });

  function fakeWindow() {
    const listeners: Record<string, (e: { preventDefault(): void }) => void> = {};
    const win = {
      title: '',
      closed: 0,
      on: (ev: string, fn: (e: { preventDefault(): void }) => void) => void (listeners[ev] = fn),
      setTitle(t: string) { this.title = t; },
      setDocumentEdited() {},
      isDestroyed: () => false,
      webContents: { send: (channel: string, payload: unknown) => h.sent.push({ channel, payload }) },
      close() {
        this.closed++;
        const e = { prevented: false, preventDefault() { this.prevented = true; } };
        listeners['close']?.(e);
        return e.prevented;
      },
    };
    return win;
  }

  async function dirtyWindow() {
    h.handlers.clear();
    registerShellHandlers(WHERE);
    const win = fakeWindow();
    const electron = await import('electron');
    vi.spyOn(electron.BrowserWindow, 'fromWebContents').mockReturnValue(win as never);
    guardClose(win as never);
    await h.handlers.get('shell:document-state')!(fromApp, { portfolio: 'Desk A', revision: 3, dirty: true });
    return win;
  }

  it('clean window: closes without asking', async () => {
    const win = await dirtyWindow();
    await h.handlers.get('shell:document-state')!(fromApp, { portfolio: 'Desk A', revision: 4, dirty: false });
    const electron = await import('electron');
    vi.mocked(electron.dialog.showMessageBox).mockClear();
    expect(win.close()).toBe(false);
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('Cancel keeps the window; Discard closes it; Save revision asks the renderer to save, which then closes', async () => {
    const electron = await import('electron');
    const win = await dirtyWindow();
    expect(win.title).toBe('• Desk A — revision 3 (unsaved) — pmdesk');

    h.messageBoxResponse = 2; // Cancel
    expect(win.close()).toBe(true);
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled());
    const opts = vi.mocked(electron.dialog.showMessageBox).mock.calls.at(-1)![1 as never] as { buttons: string[] };
    expect(opts.buttons).toEqual(['Save revision', 'Discard', 'Cancel']);
    await new Promise((r) => setTimeout(r, 0));
    expect(win.closed).toBe(1);

    h.sent = [];
    h.messageBoxResponse = 0; // Save revision
    expect(win.close()).toBe(true);
    await vi.waitFor(() => expect(h.sent).toEqual([{ channel: 'shell:save-and-close', payload: {} }]));
    // The renderer saved: it asks main to close, which no longer asks.
    await h.handlers.get('shell:close-window')!(fromApp, undefined);
    expect(win.closed).toBe(3);

    const win2 = await dirtyWindow();
    h.messageBoxResponse = 1; // Discard
    expect(win2.close()).toBe(true);
    await vi.waitFor(() => expect(win2.closed).toBe(2));
  });
});
