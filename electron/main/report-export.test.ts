/**
 * "Export report…" in main against a mocked `electron`: the save dialog comes first (cancel builds
 * and writes nothing), the service's report job is asked for the chosen format (a PDF for its HTML view, printed
 * by `printToPDF` with the chosen page size in a hidden sandboxed window), only the chosen file is
 * written and only its name goes back; a bad request is refused before any dialog.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '../../shared/ipc/result';
import type { SaveReportRequestDto } from '../../shared/ipc/shell-contract';

interface FakeWindow {
  options: Record<string, unknown>;
  loaded?: string;
  loadedText?: string;
  destroyed: boolean;
}

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
  save: { canceled: false, filePath: undefined as string | undefined },
  windows: [] as FakeWindow[],
  printToPDF: vi.fn(async (_o: Record<string, unknown>) => Buffer.from('%PDF-1.4 fake')),
}));

vi.mock('electron', async () => {
  const { readFileSync: read } = await import('node:fs');
  class BrowserWindow {
    readonly rec: FakeWindow;
    readonly webContents = { printToPDF: (o: Record<string, unknown>) => h.printToPDF(o) };
    constructor(options: Record<string, unknown>) {
      this.rec = { options, destroyed: false };
      h.windows.push(this.rec);
    }
    static fromWebContents() {
      return null;
    }
    async loadFile(path: string) {
      this.rec.loaded = path;
      this.rec.loadedText = read(path, 'utf8');
    }
    destroy() {
      this.rec.destroyed = true;
    }
  }
  return {
    BrowserWindow,
    ipcMain: { handle: (c: string, fn: (event: unknown, raw: unknown) => Promise<unknown>) => h.handlers.set(c, fn) },
    dialog: { showSaveDialog: vi.fn(async () => h.save), showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
  };
});

const electron = await import('electron');
const { cancelReport, saveReportWithDialog, suggestedReportName } = await import('./modules/report-export');
const { registerShellHandlers } = await import('./modules/shell-ipc');

const WHERE = { indexUrl: 'app://pmdesk/index.html' };
const fromApp = { senderFrame: { url: WHERE.indexUrl }, sender: {} };
const HTML = "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body>report</body></html>";

const request = (format: SaveReportRequestDto['format'], paper?: 'A4' | 'Letter'): SaveReportRequestDto => ({
  portfolio: { id: 'p1', name: 'Demo book / desk', balances: [], positions: [] },
  revision: 2, marketId: 'm1', methods: ['deribit-pm'], format, ...(paper ? { paper } : {}), exportId: 'e1',
});

/** A service double: the `job:export-report` job answers the format's bytes (the HTML view for `html`); `job:cancel` finds no job. */
function fakeDispatch(fail?: string) {
  return vi.fn(async (channel: string, raw: unknown): Promise<IpcResult<unknown>> => {
    if (fail) return { ok: false, error: { code: 'not-found', message: fail } };
    if (channel === 'job:cancel') return { ok: true, value: { cancelled: false } };
    expect(channel).toBe('job:export-report');
    const format = (raw as { request: { format: string } }).request.format;
    const text = format === 'html' ? HTML : `${format} bytes`;
    return { ok: true, value: { kind: 'done', file: { fileName: `x.${format}`, mimeType: 'x', base64: Buffer.from(text).toString('base64'), failedMethods: ['hvar'] } } };
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pmdesk-report-export-'));
  h.windows.length = 0;
  h.printToPDF.mockClear();
  vi.mocked(electron.dialog.showSaveDialog).mockClear();
});

describe('saveReportWithDialog', () => {
  it('cancelled dialog: the service is not asked and nothing is written', async () => {
    h.save = { canceled: true, filePath: undefined };
    const dispatch = fakeDispatch();
    expect(await saveReportWithDialog(undefined, request('json'), { dispatch })).toBeNull();
    expect(dispatch).not.toHaveBeenCalled();
    expect(h.printToPDF).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('JSON: offers the format\'s filter and a file name (no folder), writes the service\'s bytes, returns the name only', async () => {
    const target = join(dir, 'chosen.json');
    h.save = { canceled: false, filePath: target };
    const dispatch = fakeDispatch();
    const saved = await saveReportWithDialog(undefined, request('json'), { dispatch });
    expect(saved).toEqual({ name: 'chosen.json', failedMethods: ['hvar'] });
    const options = vi.mocked(electron.dialog.showSaveDialog).mock.calls[0]![0] as unknown as { defaultPath: string; filters: { extensions: string[] }[] };
    // The re-runnable report defaults to .pmreport (the file association); .json is still offered.
    expect(options.defaultPath).toBe('Demo_book_desk-margin-report.pmreport');
    expect(options.filters).toEqual([{ name: 'pmdesk report (re-runnable JSON)', extensions: ['pmreport'] }, { name: 'JSON', extensions: ['json'] }]);
    // The export's id names the service's job (its progress and its cancel); the request itself is report:export's (strict schema).
    expect(dispatch).toHaveBeenCalledWith('job:export-report', { jobId: 'e1', request: expect.objectContaining({ format: 'json', marketId: 'm1', methods: ['deribit-pm'], revision: 2 }) });
    expect((dispatch.mock.calls[0]![1] as { request: object }).request).not.toHaveProperty('exportId');
    expect(readFileSync(target, 'utf8')).toBe('json bytes');
    expect(readdirSync(dir)).toEqual(['chosen.json']);
    expect(h.windows).toEqual([]);
  });

  for (const paper of ['A4', 'Letter'] as const) {
    it(`PDF ${paper}: prints the service's HTML view with pageSize ${paper} in a hidden sandboxed window, then writes the PDF`, async () => {
      const target = join(dir, 'chosen.pdf');
      h.save = { canceled: false, filePath: target };
      const dispatch = fakeDispatch();
      await saveReportWithDialog(undefined, request('pdf', paper), { dispatch });
      expect(dispatch).toHaveBeenCalledWith('job:export-report', { jobId: 'e1', request: expect.objectContaining({ format: 'html', paper }) });
      expect(h.printToPDF).toHaveBeenCalledOnce();
      expect(h.printToPDF.mock.calls[0]![0]).toMatchObject({ pageSize: paper, preferCSSPageSize: true });
      const [win] = h.windows;
      expect(win!.options).toMatchObject({ show: false });
      expect(win!.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webviewTag: false });
      expect(win!.options['webPreferences']).not.toHaveProperty('preload');
      expect(win!.loadedText).toBe(HTML);
      // The window and its temp file are gone; only the chosen file was written.
      expect(win!.destroyed).toBe(true);
      expect(existsSync(win!.loaded!)).toBe(false);
      expect(readFileSync(target, 'latin1')).toBe('%PDF-1.4 fake');
      expect(readdirSync(dir)).toEqual(['chosen.pdf']);
    });
  }

  it('a failing print writes nothing and closes the window', async () => {
    h.save = { canceled: false, filePath: join(dir, 'chosen.pdf') };
    h.printToPDF.mockRejectedValueOnce(new Error('printing failed'));
    await expect(saveReportWithDialog(undefined, request('pdf'), { dispatch: fakeDispatch() })).rejects.toThrow('printing failed');
    expect(h.windows[0]!.destroyed).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a service refusal is passed on and nothing is written', async () => {
    h.save = { canceled: false, filePath: join(dir, 'chosen.xlsx') };
    await expect(saveReportWithDialog(undefined, request('xlsx'), { dispatch: fakeDispatch('market snapshot m1 not found') })).rejects.toThrow('market snapshot m1 not found');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancelled while the service builds: the job is cancelled, nothing is printed or written; unknown or finished exports are not cancelled', async () => {
    h.save = { canceled: false, filePath: join(dir, 'chosen.pdf') };
    // A service double whose job runs until job:cancel stops it (as job-service.ts: answered `cancelled`).
    let stop: () => void = () => {};
    const dispatch = vi.fn(async (c: string, raw: unknown): Promise<IpcResult<unknown>> => {
      if (c === 'job:cancel') {
        expect(raw).toEqual({ jobId: 'e1' });
        stop();
        return { ok: true, value: { cancelled: true } };
      }
      expect(c).toBe('job:export-report');
      await new Promise<void>((r) => (stop = r));
      return { ok: true, value: { kind: 'cancelled' } };
    });
    expect(await cancelReport('e1')).toEqual({ cancelled: false });
    const saving = saveReportWithDialog(undefined, request('pdf'), { dispatch });
    await vi.waitFor(() => expect(dispatch).toHaveBeenCalled());
    expect(await cancelReport('other')).toEqual({ cancelled: false });
    expect(await cancelReport('e1')).toEqual({ cancelled: true });
    expect(await saving).toBeNull();
    expect(dispatch).toHaveBeenCalledWith('job:cancel', { jobId: 'e1' });
    expect(h.printToPDF).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual([]);
    expect(await cancelReport('e1')).toEqual({ cancelled: false });
  });

  it('cancelled while main prints the PDF: the print is dropped, no file and no temp file are left', async () => {
    h.save = { canceled: false, filePath: join(dir, 'chosen.pdf') };
    let printed: () => void = () => {};
    const printToPdf = vi.fn(() => new Promise<Buffer>((r) => (printed = () => r(Buffer.from('%PDF-1.4 late')))));
    const dispatch = fakeDispatch();
    const saving = saveReportWithDialog(undefined, request('pdf'), { dispatch, printToPdf });
    await vi.waitFor(() => expect(printToPdf).toHaveBeenCalled());
    // The job has finished (job:cancel finds nothing running); the export is still dropped.
    expect(await cancelReport('e1')).toEqual({ cancelled: true });
    printed();
    expect(await saving).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the CSV zip .zip', () => {
    expect(suggestedReportName('Demo', 'csv')).toBe('Demo-margin-report.zip');
    expect(suggestedReportName('///', 'xlsx')).toBe('portfolio-margin-report.xlsx');
  });
});

describe('shell:save-report channel', () => {
  it('validates the request and the sender before any dialog; answers the saved name', async () => {
    h.handlers.clear();
    const dispatch = fakeDispatch();
    registerShellHandlers(WHERE, dispatch);
    const call = h.handlers.get('shell:save-report')!;
    expect(await call({ senderFrame: { url: 'file:///tmp/evil.html' }, sender: {} }, request('json'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // `html` is the service's input to printing, not a format the user saves; a path is not a paper.
    expect(await call(fromApp, { ...request('json'), format: 'html' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call(fromApp, { ...request('pdf'), paper: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call(fromApp, { ...request('json'), filePath: '/tmp/x' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call(fromApp, { ...request('json'), exportId: '' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
    h.save = { canceled: false, filePath: join(dir, 'r.zip') };
    expect(await call(fromApp, request('csv'))).toEqual({ ok: true, value: { name: 'r.zip', failedMethods: ['hvar'] } });
    expect(readFileSync(join(dir, 'r.zip'), 'utf8')).toBe('csv bytes');
    expect(await h.handlers.get('shell:cancel-report')!(fromApp, { exportId: 'e1' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await h.handlers.get('shell:cancel-report')!(fromApp, { exportId: 'e1', path: '/x' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
