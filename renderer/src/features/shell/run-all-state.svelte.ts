/**
 * Long work with progress and cancel, as the renderer sees it: "Run every method" (`job:run-all`)
 * and imports of large files (`job:import`); follows the job with `job:progress` long polls (the
 * same path in Electron and in the web host) and stops it with `job:cancel` (Esc, the Cancel
 * button, Margin → Cancel running work). One job at a time; the status bar shows it.
 */
import type { ImportJobRequestDto, JobApi, JobProgressDto, RunAllResultDto } from '../../../../shared/ipc/job-contract';
import type { ImportResultDto } from '../../../../shared/domain/dto/storage.dto';

/** An import job's request without its id (the state picks one). */
export type ImportJobRequest = ImportJobRequestDto extends infer R ? (R extends ImportJobRequestDto ? Omit<R, 'jobId'> : never) : never;

/** Wait of each progress long poll (ms). */
const POLL_WAIT_MS = 5_000;

/** What to run on. */
export interface RunAllRequest {
  portfolioId: string;
  marketId: string;
  parameterSets?: Record<string, string>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RunAllState {
  /** The running (or last) job's progress. */
  progress = $state.raw<JobProgressDto | null>(null);
  /** The last finished run's answer. */
  result = $state.raw<RunAllResultDto | null>(null);
  error = $state<string | null>(null);
  /** What the running (or last) job is: the status bar names it ("Run every method", "Import positions"). */
  title = $state('Run every method');
  readonly running = $derived(this.progress?.state === 'running');
  /** Progress as a fraction 0…1 (for the status bar and the taskbar). */
  readonly fraction = $derived(this.progress && this.progress.total > 0 ? this.progress.done / this.progress.total : 0);

  readonly #api: { job: JobApi };
  #jobId = '';

  constructor(api: { job: JobApi }) {
    this.#api = api;
  }

  /** Run every method on `req`'s book; resolves when it is done, cancelled or failed. Ignored while one runs. */
  async run(req: RunAllRequest): Promise<void> {
    if (this.running) return;
    this.result = null;
    this.error = null;
    try {
      this.result = await this.#track('Run every method', 'run-all', (jobId) => this.#api.job.runAll({ jobId, ...req }), (r) => r.kind === 'done');
    } catch (e) {
      this.error = `Run every method: ${message(e)}`;
    }
  }

  /**
   * Import a file as a job (`title` names it in the status bar): the import's answer, or null if
   * it was cancelled (nothing was written). Throws the import's error, or if another job runs.
   */
  async runImport(title: string, req: ImportJobRequest): Promise<ImportResultDto | null> {
    if (this.running) throw new Error(`${this.title} is running: wait for it or cancel it (Esc) first`);
    const r = await this.#track(title, 'import', (jobId) => (req.kind === 'positions' ? this.#api.job.importPositions({ jobId, request: req.request }) : this.#api.job.importDocument({ jobId, request: req.request })), (x) => x.kind === 'done');
    return r.kind === 'done' ? r.result : null;
  }

  /** Start a job, follow its progress until it ends, and answer what it answered. */
  async #track<T>(title: string, prefix: string, start: (jobId: string) => Promise<T>, isDone: (r: T) => boolean): Promise<T> {
    const jobId = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.#jobId = jobId;
    this.title = title;
    this.progress = { jobId, seq: 0, state: 'running', done: 0, total: 1, label: 'starting…' };
    const following = this.#follow(jobId);
    try {
      const r = await start(jobId);
      this.progress = (await this.#api.job.progress({ jobId }).catch(() => null)) ?? { ...this.progress, state: isDone(r) ? 'done' : 'cancelled' };
      return r;
    } catch (e) {
      this.progress = { ...this.progress, state: 'failed', label: message(e) };
      throw e;
    } finally {
      this.#jobId = '';
      await following;
    }
  }

  /** Stop the running job (its thread is terminated; nothing was written). False if nothing runs. */
  async cancel(): Promise<boolean> {
    const jobId = this.#jobId;
    if (!jobId || !this.running) return false;
    await this.#api.job.cancel({ jobId });
    return true;
  }

  async #follow(jobId: string): Promise<void> {
    let seq = 0;
    while (this.#jobId === jobId) {
      const p = await this.#api.job.progress({ jobId, afterSeq: seq, waitMs: POLL_WAIT_MS }).catch(() => null);
      if (this.#jobId !== jobId) return;
      if (!p) {
        // The run request has not reached the service yet (or the poll failed): ask again shortly.
        await sleep(50);
        continue;
      }
      this.progress = p;
      seq = p.seq;
      if (p.state !== 'running') return;
    }
  }
}
