/**
 * Import and export: position files (Deribit / OKX / Bybit exports, generic CSV with a column
 * mapping, portfolio JSON) and market snapshots. An import is always previewed first (a dry run
 * that writes nothing and lists every bad row); writing the valid part is an explicit choice.
 * Imports run as jobs (`job:import`): progress in the status bar, Esc / Cancel stops one with
 * nothing written.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { ImportResultDto } from '../../../../shared/domain/dto/storage.dto';
import type { PortfolioImportRequestDto } from '../../../../shared/ipc/storage-contract';
import { marginRunCsv, positionsReportCsv } from '../../../../shared/reports/margin-csv';
import type { FilePurpose, OpenedFileDto } from '../../../../shared/ipc/shell-contract';
import { parseReportFile, type OpenedReport } from './report-file';
import { guessPositionFormat, type PositionFormat } from './format-guess';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import type { RunAllState } from '../shell/run-all-state.svelte';

export type { PositionFormat } from './format-guess';

export class FilesState {
  fileName = $state('');
  text = $state('');
  #format = $state<PositionFormat>('deribit');
  /** Set when the user picks a format, so a file still being read does not overwrite the choice with its guess. */
  #formatChosen = false;
  /** Counts file choices, so the text of a file chosen earlier but read later is dropped. */
  #reads = 0;
  target = $state<'append' | 'replace' | 'new'>('append');
  newName = $state('Imported book');
  mapping = $state({ instrument: 'instrument', size: 'size', averagePrice: '' });
  report = $state.raw<ImportResultDto | null>(null);
  marketReport = $state.raw<ImportResultDto | null>(null);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The report file last opened (its recorded IM per method, shown beside the figures of now). */
  openedReport = $state.raw<(OpenedReport & { fileName: string }) | null>(null);

  #api: AppApi;
  #ws: WorkspaceState;
  #jobs: RunAllState;

  constructor(api: AppApi, ws: WorkspaceState, jobs: RunAllState) {
    this.#api = api;
    this.#ws = ws;
    this.#jobs = jobs;
  }

  /** Inside Electron: files are chosen in main's native dialogs (main reads them), not with the page's file inputs. */
  get nativeDialogs(): boolean {
    return this.#api.shell.kind === 'native';
  }

  /** Choose a file in the shell's open dialog (native in Electron) and take it as `purpose`. */
  async openWithDialog(purpose: 'positions' | 'market' | 'parameters' | 'report'): Promise<void> {
    let f: OpenedFileDto | null = null;
    await this.#call(async () => {
      f = await this.#api.shell.openFile({ purpose });
    });
    if (f) await this.openedFile(purpose, f);
  }

  /** A file chosen in a dialog, from the menu, or opened with the app by the OS: routed by purpose. */
  async openedFile(purpose: FilePurpose, f: OpenedFileDto): Promise<void> {
    const file = new File([f.text], f.name);
    if (purpose === 'market') await this.importMarket(file);
    else if (purpose === 'parameters') await this.importParameterSet(file);
    else if (purpose === 'report') await this.openReport(f);
    else await this.chooseFile(file);
  }

  /** Save through the shell: the native save dialog in Electron (main writes the file), a download in the web host. */
  async #save(purpose: FilePurpose, suggestedName: string, text: string): Promise<void> {
    const saved = await this.#api.shell.saveFile({ purpose, suggestedName, text });
    this.message = saved ? `saved ${saved.name}` : null;
  }

  /**
   * Open a re-runnable report file (report-file.ts) as a replay: its market snapshot and its book
   * are imported as new stored documents (checked like any import; nothing is written if either
   * is refused) and opened, so every method re-runs on them now; the report's own IM per method
   * stays beside (`openedReport`).
   */
  async openReport(f: OpenedFileDto): Promise<void> {
    await this.#call(async () => {
      const doc = parseReportFile(f.text);
      const note = `report ${f.name}`.slice(0, 200);
      const m = await this.#importDocument('Open report: market snapshot', { kind: 'market', text: JSON.stringify(doc.market), name: `${doc.portfolio.name} (report market)`.slice(0, 200), note });
      if (!m) return;
      if (m.status !== 'written' || !m.document) {
        this.marketReport = m;
        throw new Error(`the report's market snapshot was refused${m.reason ? `: ${m.reason}` : ''}`);
      }
      const book = JSON.stringify({ name: doc.portfolio.name, balances: doc.portfolio.balances, positions: doc.portfolio.positions });
      const p = await this.#importPositions({ text: book, format: 'json', name: `${doc.portfolio.name} (report)`.slice(0, 200), note });
      if (!p) return;
      this.report = p;
      if (p.status !== 'written' || !p.portfolio) throw new Error(`the report's book was refused${p.reason ? `: ${p.reason}` : ''}`);
      this.openedReport = { ...doc, fileName: f.name };
      await this.#ws.refreshLists();
      await this.#ws.selectPortfolio(p.portfolio.id);
      await this.#ws.selectMarket(m.document.id);
      const params = doc.methodsWithParams.length > 0 ? `; the report's own parameter sets (${doc.methodsWithParams.join(', ')}) are not applied: \`pmdesk margin --replay\` compares with them` : '';
      this.message = `opened report ${f.name} (pmdesk ${doc.appVersion}): book "${p.portfolio.name}" and its market snapshot imported and opened; the margin is recomputed now${params}`;
    });
  }

  /** A positions import as a job; null (and a message) if cancelled. */
  async #importPositions(req: PortfolioImportRequestDto): Promise<ImportResultDto | null> {
    const r = await this.#jobs.runImport(req.dryRun ? 'Check positions file' : 'Import positions', { kind: 'positions', request: req });
    if (!r) this.message = 'import cancelled; nothing was written';
    return r;
  }

  /** A document import (market snapshot, parameter set) as a job; null (and a message) if cancelled. */
  async #importDocument(title: string, request: Parameters<AppApi['storage']['documentImport']>[0]): Promise<ImportResultDto | null> {
    const r = await this.#jobs.runImport(title, { kind: 'document', request });
    if (!r) this.message = 'import cancelled; nothing was written';
    return r;
  }

  /** The format the file is checked and imported as (the Format select). */
  get format(): PositionFormat {
    return this.#format;
  }

  set format(f: PositionFormat) {
    this.#format = f;
    this.#formatChosen = true;
  }

  /**
   * Take a chosen file: keep its text and guess the format from its name and header. Reading a
   * large file takes a while: until it is read there is no text (Check file stays disabled), and a
   * format the user picks meanwhile is kept (the guess arriving later used to replace it).
   */
  async chooseFile(file: File): Promise<void> {
    this.fileName = file.name;
    this.text = '';
    this.report = null;
    this.#formatChosen = false;
    const read = ++this.#reads;
    const text = await file.text();
    if (read !== this.#reads) return; // another file was chosen while this one was read
    this.text = text;
    if (!this.#formatChosen) this.#format = guessPositionFormat(file.name, text);
  }

  #request(extra: Partial<PortfolioImportRequestDto>): PortfolioImportRequestDto {
    const p = this.#ws.portfolio;
    const req: PortfolioImportRequestDto = { text: this.text, format: this.format, note: `import ${this.fileName}`.slice(0, 200), ...extra };
    if (this.target === 'new' || !p) req.name = this.newName;
    else {
      req.portfolioId = p.id;
      req.mode = this.target;
    }
    if (this.format === 'generic') {
      req.mapping = { instrument: this.mapping.instrument, size: this.mapping.size };
      if (this.mapping.averagePrice) req.mapping.averagePrice = this.mapping.averagePrice;
      req.source = 'generic';
    }
    return req;
  }

  /** Validate everything, write nothing. */
  async preview(): Promise<void> {
    if (!this.text) return void (this.error = 'choose a file first');
    await this.#call(async () => {
      const r = await this.#importPositions(this.#request({ dryRun: true }));
      if (r) this.report = r;
    });
  }

  /** Write the valid rows (explicitly accepting that rejected rows are left out), atomically. */
  async accept(): Promise<void> {
    await this.#call(async () => {
      const r = await this.#importPositions(this.#request({ acceptValid: true }));
      if (!r) return;
      this.report = r;
      if (r.status === 'written' && r.portfolio) {
        this.message = `imported ${r.validRows} rows into "${r.portfolio.name}" (revision ${r.portfolio.revision})`;
        await this.#ws.refreshLists();
        await this.#ws.selectPortfolio(r.portfolio.id);
      }
    });
  }

  /** Import a market snapshot JSON file as a new stored snapshot (or a new revision of one with the same name). */
  async importMarket(file: File): Promise<void> {
    const text = await file.text();
    await this.#call(async () => {
      const r = await this.#importDocument('Import market snapshot', { kind: 'market', text, name: file.name.replace(/\.json$/i, ''), note: `import ${file.name}` });
      if (!r) return;
      this.marketReport = r;
      if (r.status === 'written' && r.document) {
        this.message = `market snapshot "${r.document.name}" saved (revision ${r.document.revision})`;
        await this.#ws.refreshLists();
        await this.#ws.selectMarket(r.document.id);
      }
    });
  }

  /** Import a parameter set (e.g. Deribit's `model_params` from `private/pme/simulate`), checked by the PM method's own parser. */
  async importParameterSet(file: File): Promise<void> {
    const text = await file.text();
    await this.#call(async () => {
      const r = await this.#importDocument('Import parameter set', { kind: 'parameter-set', text, name: file.name.replace(/\.json$/i, ''), note: `import ${file.name}` });
      if (!r) return;
      this.marketReport = r;
      if (r.status === 'written' && r.document) {
        this.message = `parameter set "${r.document.name}" saved (revision ${r.document.revision})`;
        await this.#ws.refreshLists();
        await this.#ws.selectParameterSet(r.document.id);
      }
    });
  }

  /** Save the open book as JSON or positions CSV (exact decimals). */
  async exportPortfolio(format: 'json' | 'csv'): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p) return;
    await this.#call(async () => {
      const f = await this.#api.storage.portfolioExport({ id: p.id, format });
      await this.#save('portfolio', f.fileName, f.text);
    });
  }

  /** Save the selected market snapshot as JSON. */
  async exportMarket(): Promise<void> {
    const id = this.#ws.marketId;
    if (!id) return;
    await this.#call(async () => {
      const f = await this.#api.storage.documentExport({ kind: 'market', id });
      await this.#save('market', f.fileName, f.text);
    });
  }

  /**
   * Export the current book's margin under every method, each fully explained (a fresh run, not
   * the screen's figures-only ones): `json` the whole run, `csv` every method's result flattened
   * (shared/reports/margin-csv.ts, as the CLI prints it), `positions` one row per position with
   * each method's group, P&L in the binding scenario and marginal IM.
   */
  async exportRun(format: 'json' | 'csv' | 'positions' = 'json'): Promise<void> {
    const p = this.#ws.portfolio;
    const marketId = this.#ws.marketId;
    if (!p || !marketId) return;
    await this.#call(async () => {
      const portfolio = p;
      const run = await this.#api.margin.run({ portfolio, marketId, methods: this.#ws.methodIds, accountFor: this.#ws.detailMethod, parameterSets: this.#ws.parameterSets });
      const base = p.name.replace(/[^A-Za-z0-9._-]+/g, '-');
      if (format === 'csv') await this.#save('run', `${base}-margin.csv`, marginRunCsv(run.outcomes));
      else if (format === 'positions') await this.#save('run', `${base}-positions-margin.csv`, positionsReportCsv(portfolio, run.outcomes));
      else {
        const report = { kind: 'pmdesk-margin-run', asOf: run.asOf, marketId, portfolio, outcomes: run.outcomes };
        await this.#save('run', `${base}-margin.json`, JSON.stringify(report, null, 2));
      }
    });
  }

  async #call(fn: () => Promise<void>): Promise<void> {
    this.error = null;
    this.message = null;
    try {
      await fn();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }
}
