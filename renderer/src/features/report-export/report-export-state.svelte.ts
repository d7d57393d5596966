/**
 * File → Export report… (issue 12 §1): the report of the open book at the session's market, for
 * the methods the user ticks (the registry's, from app:info), in the chosen format. The shell
 * saves it: Electron main's native save dialog (a PDF printed by `webContents.printToPDF`), a
 * download in the web host (a PDF from the service's headless Chromium). The service builds it
 * as a job (`job:export-report`, job id = the export's id) on a thread of its own: while it runs
 * the status bar follows the job's progress (`job:progress` long polls: margin run method i of m,
 * then the sheets / tables / pages written) with the seconds gone, the Export button is
 * disabled, and Esc / Cancel stops the job's thread (`shell:cancel-report`); nothing is written
 * or downloaded then.
 */
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { AppApi } from '../../../../shared/ipc/api';
import type { JobProgressDto } from '../../../../shared/ipc/job-contract';
import type { AppInfoDto } from '../../../../shared/ipc/contract';
import type { ReportPaper } from '../../../../shared/ipc/report-contract';
import type { SaveReportRequestDto } from '../../../../shared/ipc/shell-contract';

type MethodInfoDto = AppInfoDto['methods'][number];

/** One entry of the format list. */
export interface ExportChoice {
  id: string;
  label: string;
  format: SaveReportRequestDto['format'];
  paper?: ReportPaper;
}

export const EXPORT_CHOICES: readonly ExportChoice[] = [
  { id: 'pdf-a4', label: 'PDF (A4)', format: 'pdf', paper: 'A4' },
  { id: 'pdf-letter', label: 'PDF (Letter)', format: 'pdf', paper: 'Letter' },
  { id: 'xlsx', label: 'Excel workbook (XLSX)', format: 'xlsx' },
  { id: 'csv', label: 'CSV tables (zip)', format: 'csv' },
  { id: 'json', label: 'Re-runnable JSON', format: 'json' },
];

/** What the export reads from the workspace (the open book, its market and parameter sets). */
export interface ExportSource {
  readonly portfolio: PortfolioDto | null;
  readonly revision: number | undefined;
  readonly dirty: boolean;
  readonly marketId: string;
  readonly parameterSets: Record<string, string> | undefined;
  readonly info: { methods: readonly MethodInfoDto[] } | null;
}

/** Wait of each progress long poll (ms). */
const POLL_WAIT_MS = 2_000;

export class ReportExportState {
  open = $state(false);
  choiceId = $state(EXPORT_CHOICES[0]!.id);
  /** Ticked method ids (all of the registry's when the dialog first opens). */
  methods = $state.raw<string[]>([]);
  busy = $state(false);
  /** Whole seconds since the running export started. */
  elapsedS = $state(0);
  /** The running export's job progress (null until the service has started it, e.g. while the save dialog is open). */
  progress = $state.raw<JobProgressDto | null>(null);
  /** The last export's outcome for the status bar ("saved X"), or its error. */
  message = $state<string | null>(null);
  error = $state<string | null>(null);

  readonly choice = $derived(EXPORT_CHOICES.find((c) => c.id === this.choiceId) ?? EXPORT_CHOICES[0]!);

  readonly #api: Pick<AppApi, 'shell' | 'job'>;
  readonly #src: ExportSource;
  #exportId = '';
  #cancelled = false;

  constructor(api: Pick<AppApi, 'shell' | 'job'>, src: ExportSource) {
    this.#api = api;
    this.#src = src;
  }

  get allMethods(): readonly MethodInfoDto[] {
    return this.#src.info?.methods ?? [];
  }

  show(): void {
    const ids = this.allMethods.map((m) => m.id);
    // Keep an earlier choice of methods if they are all still listed; else every method.
    if (this.methods.length === 0 || this.methods.some((id) => !ids.includes(id))) this.methods = ids;
    this.error = null;
    this.open = true;
  }

  close(): void {
    if (!this.busy) this.open = false;
  }

  toggleMethod(id: string, on: boolean): void {
    const next = on ? [...this.methods, id] : this.methods.filter((x) => x !== id);
    // Registry order, whatever the order of the clicks.
    this.methods = this.allMethods.map((m) => m.id).filter((x) => next.includes(x));
  }

  /** Why Export is off, or null when it can run. */
  get blocked(): string | null {
    if (this.busy) return 'an export is running';
    if (!this.#src.portfolio) return 'no book is open';
    if (!this.#src.marketId) return 'no market snapshot is chosen';
    if (this.methods.length === 0) return 'tick at least one method';
    return null;
  }

  /** The request for the open book (a stored revision only when there are no unsaved edits). */
  request(exportId = this.#exportId || 'export'): SaveReportRequestDto | null {
    const p = this.#src.portfolio;
    if (!p || !this.#src.marketId || this.methods.length === 0) return null;
    const sets = this.#src.parameterSets;
    const chosenSets = sets ? Object.fromEntries(Object.entries(sets).filter(([id, set]) => this.methods.includes(id) && set !== '')) : {};
    const { format, paper } = this.choice;
    return {
      portfolio: p,
      ...(this.#src.revision !== undefined && !this.#src.dirty ? { revision: this.#src.revision } : {}),
      marketId: this.#src.marketId,
      methods: this.methods,
      ...(Object.keys(chosenSets).length > 0 ? { parameterSets: chosenSets } : {}),
      format,
      ...(paper ? { paper } : {}),
      exportId,
    };
  }

  async run(): Promise<void> {
    if (this.busy) return;
    const exportId = `report-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const req = this.request(exportId);
    if (!req) return;
    this.#exportId = exportId;
    this.#cancelled = false;
    this.busy = true;
    this.error = null;
    this.message = null;
    const started = Date.now();
    this.elapsedS = 0;
    const timer = setInterval(() => (this.elapsedS = Math.floor((Date.now() - started) / 1000)), 250);
    this.progress = null;
    const following = this.#follow(exportId);
    try {
      const saved = await this.#api.shell.saveReport(req);
      if (saved) {
        this.open = false;
        const failed = saved.failedMethods.length > 0 ? ` (failed on this book: ${saved.failedMethods.join(', ')})` : '';
        this.message = `report saved as ${saved.name}${failed}`;
      } else if (this.#cancelled) this.message = 'export cancelled; nothing was saved';
    } catch (e) {
      if (!this.#cancelled) this.error = e instanceof Error ? e.message : String(e);
      else this.message = 'export cancelled; nothing was saved';
    } finally {
      clearInterval(timer);
      this.busy = false;
      await following;
      this.progress = null;
    }
  }

  /** Follow the export's job while it runs (the same long poll as the other jobs; null until the service starts it). */
  async #follow(jobId: string): Promise<void> {
    let seq = 0;
    while (this.busy && this.#exportId === jobId) {
      const p = await this.#api.job.progress({ jobId, afterSeq: seq, waitMs: POLL_WAIT_MS }).catch(() => null);
      if (!this.busy || this.#exportId !== jobId) return;
      if (!p) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      this.progress = p;
      seq = p.seq;
      // Done: main may still be printing or writing (busy until saveReport answers); keep the last step shown.
      if (p.state !== 'running') return;
    }
  }

  /** Esc / Cancel while an export runs: the shell stops its job (or drops a print). False when nothing runs or it is already writing. */
  async cancel(): Promise<boolean> {
    if (!this.busy) return false;
    // Marked first: the stopped job's empty answer can reach run() before the cancel's own answer does.
    this.#cancelled = true;
    const { cancelled } = await this.#api.shell.cancelReport({ exportId: this.#exportId }).catch(() => ({ cancelled: false }));
    if (!cancelled) this.#cancelled = false;
    return cancelled;
  }
}
