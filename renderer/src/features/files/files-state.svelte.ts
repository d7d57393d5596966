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
import { downloadText } from '../../lib/download';
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

  #api: AppApi;
  #ws: WorkspaceState;
  #jobs: RunAllState;

  constructor(api: AppApi, ws: WorkspaceState, jobs: RunAllState) {
    this.#api = api;
    this.#ws = ws;
    this.#jobs = jobs;
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

  /** Download the open book as JSON or positions CSV (exact decimals). */
  async exportPortfolio(format: 'json' | 'csv'): Promise<void> {
    const p = this.#ws.portfolio;
    if (!p) return;
    await this.#call(async () => {
      const f = await this.#api.storage.portfolioExport({ id: p.id, format });
      downloadText(f.fileName, f.mediaType, f.text);
    });
  }

  /** Download the selected market snapshot as JSON. */
  async exportMarket(): Promise<void> {
    const id = this.#ws.marketId;
    if (!id) return;
    await this.#call(async () => {
      const f = await this.#api.storage.documentExport({ kind: 'market', id });
      downloadText(f.fileName, f.mediaType, f.text);
    });
  }

  /** Download the latest margin run (every method's explained result) as JSON. */
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
      if (format === 'csv') downloadText(`${base}-margin.csv`, 'text/csv', marginRunCsv(run.outcomes));
      else if (format === 'positions') downloadText(`${base}-positions-margin.csv`, 'text/csv', positionsReportCsv(portfolio, run.outcomes));
      else {
        const report = { kind: 'pmdesk-margin-run', asOf: run.asOf, marketId, portfolio, outcomes: run.outcomes };
        downloadText(`${base}-margin.json`, 'application/json', JSON.stringify(report, null, 2));
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
