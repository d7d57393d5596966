/**
 * Main's file dialogs and the files the OS opens pmdesk with, against a mocked `electron`: each
 * purpose shows its own filters in the direction it is used (a chart is only saved, positions only
 * opened), only the chosen file is read or written, cancel reads and writes nothing, a PNG arrives
 * as base64 and is written as bytes; a report double-clicked (macOS `open-file`, the first
 * instance's argv, a second instance's argv) is read by main and handed to the renderer once,
 * by name and text, never by path.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { FILE_PURPOSES, type FilePurpose, type OpenedFileDto } from '../../shared/ipc/shell-contract';

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  open: { canceled: false, filePaths: [] as string[] },
  save: { canceled: false, filePath: undefined as string | undefined },
  lock: true,
  windows: [] as { isMinimized: () => boolean; restore: () => void; focus: () => void }[],
}));

vi.mock('electron', () => ({
  BrowserWindow: { fromWebContents: () => null, getFocusedWindow: () => null, getAllWindows: () => h.windows },
  ipcMain: { handle: (c: string, fn: (event: unknown, raw: unknown) => Promise<unknown>) => h.handlers.set(c, fn) },
  dialog: {
    showOpenDialog: vi.fn(async () => h.open),
    showSaveDialog: vi.fn(async () => h.save),
    showMessageBox: vi.fn(async () => ({ response: 2 })),
    showErrorBox: vi.fn(),
  },
  app: {
    on: (event: string, fn: (...args: unknown[]) => void) => h.appEvents.set(event, fn),
    requestSingleInstanceLock: () => h.lock,
  },
}));

const { dialog } = await import('electron');
const { FILE_DIALOGS } = await import('./modules/file-dialogs');
const { registerShellHandlers } = await import('./modules/shell-ipc');
const { enableOpenedFiles, openedFiles, reportPathsFromArgv } = await import('./modules/opened-files');
const { enableSingleInstance } = await import('./modules/single-instance');

const WHERE = { indexUrl: 'app://pmdesk/index.html' };
const fromApp = { senderFrame: { url: WHERE.indexUrl }, sender: {} };
const tempDir = () => mkdtempSync(join(tmpdir(), 'pmdesk-files-'));
const openMock = vi.mocked(dialog.showOpenDialog);
const saveMock = vi.mocked(dialog.showSaveDialog);
/** The options object of the last dialog call (no window: the options are the first argument). */
const lastOptions = (m: typeof openMock | typeof saveMock) => m.mock.calls.at(-1)![0] as unknown as { title: string; filters: { name: string; extensions: string[] }[]; defaultPath?: string };

describe('file dialogs per purpose', () => {
  let queue: { take: Mock<() => OpenedFileDto[]> };
  beforeEach(() => {
    h.handlers.clear();
    openMock.mockClear();
    saveMock.mockClear();
    queue = { take: vi.fn((): OpenedFileDto[] => []) };
    registerShellHandlers(WHERE, undefined, queue);
  });
  const call = (c: string, raw: unknown, ev: unknown = fromApp) => h.handlers.get(c)!(ev, raw);

  it('every purpose can be opened or saved (or both), each with filters of its own', () => {
    for (const p of FILE_PURPOSES) expect(FILE_DIALOGS[p].open ?? FILE_DIALOGS[p].save, p).toBeDefined();
    expect(FILE_DIALOGS.chart.save?.filters).toEqual([{ name: 'PNG image', extensions: ['png'] }]);
    expect(FILE_DIALOGS.report.open?.filters[0]?.extensions).toEqual(['pmreport', 'json']);
    expect(FILE_DIALOGS.report.save?.filters[0]?.extensions).toEqual(['pmreport']);
  });

  const opened: FilePurpose[] = ['positions', 'market', 'parameters', 'report'];
  for (const purpose of opened) {
    it(`open ${purpose}: the dialog shows that purpose's filters; the chosen file's name and text come back, not its path`, async () => {
      const dir = tempDir();
      const path = join(dir, `chosen-${purpose}.json`);
      writeFileSync(path, `{"purpose":"${purpose}"}`);
      h.open = { canceled: false, filePaths: [path] };
      const r = await call('shell:open-file', { purpose });
      expect(r).toEqual({ ok: true, value: { name: `chosen-${purpose}.json`, text: `{"purpose":"${purpose}"}` } });
      expect(JSON.stringify(r)).not.toContain(dir);
      expect(lastOptions(openMock).filters).toEqual(FILE_DIALOGS[purpose].open!.filters);
      expect(lastOptions(openMock).title).toBe(FILE_DIALOGS[purpose].open!.title);
    });
  }

  it('open a purpose that is only saved (chart, run, portfolio): refused, no dialog shown', async () => {
    for (const purpose of ['chart', 'run', 'portfolio'] as const) {
      expect(await call('shell:open-file', { purpose })).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('not opened') } });
    }
    expect(openMock).not.toHaveBeenCalled();
  });

  it('open cancelled, or no file chosen: null', async () => {
    h.open = { canceled: true, filePaths: ['/etc/hostname'] };
    expect(await call('shell:open-file', { purpose: 'market' })).toEqual({ ok: true, value: null });
    h.open = { canceled: false, filePaths: [] };
    expect(await call('shell:open-file', { purpose: 'market' })).toEqual({ ok: true, value: null });
  });

  const saved: [FilePurpose, string, string][] = [
    ['portfolio', 'Demo.json', 'json'], ['portfolio', 'Demo.csv', 'csv'], ['market', 'snap.json', 'json'],
    ['run', 'Demo-margin.csv', 'csv'], ['run', 'Demo-margin.json', 'json'], ['report', 'r.pmreport', 'pmreport'],
  ];
  for (const [purpose, name, ext] of saved) {
    it(`save ${purpose} as ${name}: that type's filter first; only the chosen file is written, whole`, async () => {
      const dir = tempDir();
      h.save = { canceled: false, filePath: join(dir, `picked.${ext}`) };
      expect(await call('shell:save-file', { purpose, suggestedName: name, text: 'a,b\n1,2\n' })).toEqual({ ok: true, value: { name: `picked.${ext}` } });
      const o = lastOptions(saveMock);
      expect(o.defaultPath).toBe(name);
      expect(o.filters[0]?.extensions).toContain(ext);
      expect(o.filters.map((f) => f.name).sort()).toEqual(FILE_DIALOGS[purpose].save!.filters.map((f) => f.name).sort());
      expect(readdirSync(dir)).toEqual([`picked.${ext}`]);
      expect(readFileSync(join(dir, `picked.${ext}`), 'utf8')).toBe('a,b\n1,2\n');
    });
  }

  it('save a purpose that is only opened (positions, parameters): refused, no dialog, nothing written', async () => {
    const dir = tempDir();
    h.save = { canceled: false, filePath: join(dir, 'x.csv') };
    for (const purpose of ['positions', 'parameters'] as const) {
      expect(await call('shell:save-file', { purpose, suggestedName: 'x.csv', text: 'x' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    }
    expect(saveMock).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('save cancelled: nothing is written and null comes back', async () => {
    const dir = tempDir();
    h.save = { canceled: true, filePath: join(dir, 'book.json') };
    expect(await call('shell:save-file', { purpose: 'portfolio', suggestedName: 'book.json', text: '{}' })).toEqual({ ok: true, value: null });
    h.save = { canceled: false, filePath: undefined };
    expect(await call('shell:save-file', { purpose: 'portfolio', suggestedName: 'book.json', text: '{}' })).toEqual({ ok: true, value: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('chart PNG: base64 in, the bytes written; text that is not base64 is refused before any dialog', async () => {
    const dir = tempDir();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
    h.save = { canceled: false, filePath: join(dir, 'chart.png') };
    expect(await call('shell:save-file', { purpose: 'chart', suggestedName: 'payoff.png', text: png.toString('base64'), encoding: 'base64' })).toEqual({ ok: true, value: { name: 'chart.png' } });
    expect(readFileSync(join(dir, 'chart.png')).equals(png)).toBe(true);
    expect(lastOptions(saveMock).filters).toEqual([{ name: 'PNG image', extensions: ['png'] }]);
    saveMock.mockClear();
    expect(await call('shell:save-file', { purpose: 'chart', suggestedName: 'payoff.png', text: 'not base64!', encoding: 'base64' })).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('not base64') } });
    expect(await call('shell:save-file', { purpose: 'chart', suggestedName: 'x.png', text: 'AAAA', encoding: 'hex' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(saveMock).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual(['chart.png']);
  });

  it('shell:take-opened-files hands out the queue of main; a foreign sender gets nothing', async () => {
    queue.take.mockReturnValueOnce([{ name: 'r.pmreport', text: '{}' }]);
    expect(await call('shell:take-opened-files', undefined)).toEqual({ ok: true, value: [{ name: 'r.pmreport', text: '{}' }] });
    expect(await call('shell:take-opened-files', undefined, { senderFrame: { url: 'https://evil.example/' }, sender: {} })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(queue.take).toHaveBeenCalledTimes(1);
    expect(await call('shell:take-opened-files', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});

describe('files the OS opens pmdesk with', () => {
  it('argv: report files after the executable, resolved against the launching folder; flags, the app folder and other files skipped', () => {
    expect(reportPathsFromArgv(['/opt/pmdesk/pmdesk', '/tmp/a/Desk.pmreport'], '/tmp')).toEqual(['/tmp/a/Desk.pmreport']);
    expect(reportPathsFromArgv(['electron', '.', '--inspect=0', 'reports/q4.PMREPORT', 'old.json', 'notes.txt', '--flag=x.pmreport'], '/tmp/a')).toEqual(['/tmp/a/reports/q4.PMREPORT', '/tmp/a/old.json']);
    // argv[0] itself is never taken, even with a report-like name.
    expect(reportPathsFromArgv(['x.pmreport'], '/')).toEqual([]);
  });

  it('queue: a readable report is read once by main and taken once; a missing file or a folder is reported, nothing queued', async () => {
    const dir = tempDir();
    const path = join(dir, 'Desk.pmreport');
    writeFileSync(path, '{"format":"pmdesk-margin-report"}');
    mkdirSync(join(dir, 'folder.pmreport'));
    const notify = vi.fn();
    const onError = vi.fn();
    const q = openedFiles(notify, onError);
    await q.open([join(dir, 'missing.pmreport'), join(dir, 'folder.pmreport')]);
    expect(notify).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(2);
    await q.open([path]);
    expect(notify).toHaveBeenCalledTimes(1);
    const taken = q.take();
    expect(taken).toEqual([{ name: 'Desk.pmreport', text: '{"format":"pmdesk-margin-report"}' }]);
    expect(JSON.stringify(taken)).not.toContain(dir);
    expect(q.take()).toEqual([]);
  });

  it('macOS open-file (default prevented) and the first instance argv both reach the queue', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.pmreport'), 'A');
    writeFileSync(join(dir, 'b.json'), 'B');
    const q = openedFiles(vi.fn(), vi.fn());
    h.appEvents.clear();
    enableOpenedFiles(q, ['/opt/pmdesk/pmdesk', 'b.json'], dir);
    await vi.waitFor(() => expect(q.take()).toEqual([{ name: 'b.json', text: 'B' }]));
    const preventDefault = vi.fn();
    h.appEvents.get('open-file')!({ preventDefault }, join(dir, 'a.pmreport'));
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(q.take()).toEqual([{ name: 'a.pmreport', text: 'A' }]));
  });

  it('second instance: its argv and folder go to the first instance, whose window comes to the front', () => {
    h.appEvents.clear();
    const win = { isMinimized: () => true, restore: vi.fn(), focus: vi.fn() };
    h.windows = [win];
    const onArgv = vi.fn();
    expect(enableSingleInstance(onArgv)).toBe(true);
    h.appEvents.get('second-instance')!({}, ['/opt/pmdesk/pmdesk', 'q4.pmreport'], '/tmp/a');
    expect(onArgv).toHaveBeenCalledWith(['/opt/pmdesk/pmdesk', 'q4.pmreport'], '/tmp/a');
    expect(reportPathsFromArgv(onArgv.mock.calls[0]![0] as string[], onArgv.mock.calls[0]![1] as string)).toEqual(['/tmp/a/q4.pmreport']);
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    h.lock = false;
    expect(enableSingleInstance(onArgv)).toBe(false);
    h.lock = true;
    h.windows = [];
  });
});
