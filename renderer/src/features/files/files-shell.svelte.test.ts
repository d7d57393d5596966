/**
 * The Files panel's files go through the shell (native dialogs in Electron, download/input in the
 * web host): every export is `api.shell.saveFile` with its purpose and name; the open dialog's
 * file is routed by purpose; a report file is read (report-file.ts) and opened as a replay: its
 * market and book imported, then opened; a file that is not a report imports nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import type { AppApi } from '../../../../shared/ipc/api';
import type { ImportResultDto } from '../../../../shared/domain/dto/storage.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import type { RunAllState } from '../shell/run-all-state.svelte';
import { FilesState } from './files-state.svelte';
import { parseReportFile } from './report-file';

const REPORT = {
  format: 'pmdesk-margin-report', formatVersion: 1, appVersion: '0.9.0',
  inputs: {
    portfolio: { name: 'Desk A', balances: [{ currency: 'BTC', amount: '1' }], positions: [{ id: 'p1', instrument: 'BTC-PERPETUAL', size: '10' }] },
    market: { asOf: '2026-12-01T08:00:00Z', underlyings: [] },
    methods: [{ id: 'deribit-pm', version: '1', params: null }, { id: 'span', version: '2', params: { x: 1 } }],
    account: true, revision: 3,
  },
  results: [
    { methodId: 'deribit-pm', ok: true, result: { totals: { initialMarginUsd: '1234.5', maintenanceMarginUsd: '900' } } },
    { methodId: 'span', ok: false, error: 'no span file' },
  ],
};

function harness(kind: 'native' | 'browser' = 'native') {
  const saveFile = vi.fn(async (r: { purpose: string; suggestedName: string }) => ({ name: r.suggestedName }));
  const openFile = vi.fn(async () => null as { name: string; text: string } | null);
  const api = {
    shell: { kind, saveFile, openFile },
    storage: {
      portfolioExport: vi.fn(async ({ format }: { format: string }) => ({ fileName: `Desk.${format}`, mediaType: 'application/json', text: `book ${format}` })),
      documentExport: vi.fn(async () => ({ fileName: 'snap.json', mediaType: 'application/json', text: 'snap' })),
    },
    margin: { run: vi.fn(async () => ({ asOf: 'now', outcomes: [] })) },
  } as unknown as AppApi;
  const ws = {
    portfolio: { id: 'P', name: 'Desk A', positions: [], balances: [] }, marketId: 'M', methodIds: ['deribit-pm'], detailMethod: 'deribit-pm', parameterSets: {},
    refreshLists: vi.fn(async () => {}), selectPortfolio: vi.fn(async () => {}), selectMarket: vi.fn(async () => {}), selectParameterSet: vi.fn(async () => {}),
  } as unknown as WorkspaceState;
  const imports: { kind: string; request: Record<string, unknown> }[] = [];
  const jobs = {
    runImport: vi.fn(async (_title: string, req: { kind: string; request: Record<string, unknown> }): Promise<ImportResultDto> => {
      imports.push(req);
      return req.kind === 'document'
        ? { status: 'written', totalRows: 1, skippedRows: 0, validRows: 1, issues: [], document: { id: 'M2', kind: 'market', name: String(req.request['name']), revision: 1 } as never }
        : { status: 'written', totalRows: 1, skippedRows: 0, validRows: 1, issues: [], portfolio: { id: 'P2', name: String(req.request['name']), revision: 1 } as never };
    }),
  } as unknown as RunAllState;
  return { fs: new FilesState(api, ws, jobs), api, ws, saveFile, openFile, imports };
}

describe('Files panel through the shell', () => {
  it('every export is a shell save with its purpose and name (a native dialog in Electron, a download in the web host)', async () => {
    const { fs, saveFile } = harness();
    await fs.exportPortfolio('json');
    await fs.exportPortfolio('csv');
    await fs.exportMarket();
    await fs.exportRun('json');
    await fs.exportRun('csv');
    await fs.exportRun('positions');
    expect(saveFile.mock.calls.map(([r]) => [r.purpose, r.suggestedName])).toEqual([
      ['portfolio', 'Desk.json'], ['portfolio', 'Desk.csv'], ['market', 'snap.json'],
      ['run', 'Desk-A-margin.json'], ['run', 'Desk-A-margin.csv'], ['run', 'Desk-A-positions-margin.csv'],
    ]);
    expect(fs.message).toBe('saved Desk-A-positions-margin.csv');
  });

  it('a cancelled save dialog says nothing was saved (no message, no error)', async () => {
    const { fs, saveFile } = harness();
    saveFile.mockResolvedValueOnce(null as never);
    await fs.exportPortfolio('json');
    expect(fs.message).toBeNull();
    expect(fs.error).toBeNull();
  });

  it('the open dialog: native only in Electron; its file is routed by purpose; cancel imports nothing', async () => {
    expect(harness('browser').fs.nativeDialogs).toBe(false);
    const { fs, openFile, imports } = harness('native');
    expect(fs.nativeDialogs).toBe(true);
    await fs.openWithDialog('market');
    expect(openFile).toHaveBeenLastCalledWith({ purpose: 'market' });
    expect(imports).toEqual([]);
    openFile.mockResolvedValueOnce({ name: 'snap.json', text: '{"m":1}' });
    await fs.openWithDialog('market');
    expect(imports).toEqual([{ kind: 'document', request: expect.objectContaining({ kind: 'market', text: '{"m":1}', name: 'snap' }) }]);
    openFile.mockResolvedValueOnce({ name: 'book.csv', text: 'instrument_name,size\nBTC-PERPETUAL,1\n' });
    await fs.openWithDialog('positions');
    expect(fs.fileName).toBe('book.csv');
    expect(fs.text).toContain('BTC-PERPETUAL');
  });

  it('a report file opens as a replay: market and book imported as they are in the report, then opened', async () => {
    const { fs, ws, imports } = harness();
    await fs.openReport({ name: 'Desk.pmreport', text: JSON.stringify(REPORT) });
    expect(fs.error).toBeNull();
    expect(imports).toHaveLength(2);
    expect(JSON.parse(String(imports[0]!.request['text']))).toEqual(REPORT.inputs.market);
    expect(imports[1]!.request).toMatchObject({ format: 'json', name: 'Desk A (report)' });
    expect(JSON.parse(String(imports[1]!.request['text']))).toEqual({ name: 'Desk A', balances: REPORT.inputs.portfolio.balances, positions: REPORT.inputs.portfolio.positions });
    expect(ws.selectPortfolio).toHaveBeenCalledWith('P2');
    expect(ws.selectMarket).toHaveBeenCalledWith('M2');
    expect(fs.openedReport?.recorded).toEqual([
      { methodId: 'deribit-pm', initialMarginUsd: '1234.5', maintenanceMarginUsd: '900' },
      { methodId: 'span', error: 'no span file' },
    ]);
    expect(fs.message).toContain('span');
  });

  it('not a report: refused with the reason, nothing imported', async () => {
    const { fs, imports } = harness();
    await fs.openReport({ name: 'x.json', text: '{"kind":"pmdesk-margin-run"}' });
    expect(fs.error).toMatch(/not a pmdesk report/);
    await fs.openReport({ name: 'x.pmreport', text: 'not json' });
    expect(fs.error).toMatch(/not JSON/);
    await fs.openReport({ name: 'x.pmreport', text: JSON.stringify({ ...REPORT, formatVersion: 2 }) });
    expect(fs.error).toMatch(/version 2/);
    expect(imports).toEqual([]);
  });

  it('parseReportFile names the parameter sets it does not apply', () => {
    expect(parseReportFile(JSON.stringify(REPORT)).methodsWithParams).toEqual(['span']);
  });
});
