/**
 * The service's table of long jobs: each job's progress (with a growing `seq`, so a renderer can
 * long-poll "anything after seq N"), a way to stop it, and the listeners that want every change
 * (the worker forwards them to its host: Electron main puts them on the taskbar).
 */
import type { JobProgressDto } from '../../../shared/ipc/job-contract';
import { ConflictError } from '../service-errors';

/** Finished jobs kept for late pollers (the oldest are forgotten first). */
const KEEP_FINISHED = 20;

interface Entry {
  progress: JobProgressDto;
  stop?: () => boolean | void;
  waiters: Set<() => void>;
}

export class JobBoard {
  readonly #jobs = new Map<string, Entry>();
  readonly #onChange: (p: JobProgressDto) => void;

  constructor(onChange: (p: JobProgressDto) => void = () => {}) {
    this.#onChange = onChange;
  }

  /** Register a running job; `stop` ends its work (it must leave nothing half-written), or returns false if it is too late to. */
  start(jobId: string, total: number, label: string, stop: () => boolean | void): void {
    if (this.#jobs.get(jobId)?.progress.state === 'running') throw new ConflictError(`job ${jobId} is already running`);
    this.#jobs.delete(jobId);
    this.#jobs.set(jobId, { progress: { jobId, seq: 1, state: 'running', done: 0, total, label }, stop, waiters: new Set() });
    this.#forget();
    this.#changed(jobId);
  }

  /** Move a job on (`done` steps, a new label, `total` once known) or finish it (`state`). Ignored once it finished. */
  update(jobId: string, change: Partial<Pick<JobProgressDto, 'done' | 'total' | 'label' | 'state'>>): void {
    const e = this.#jobs.get(jobId);
    if (!e || e.progress.state !== 'running') return;
    e.progress = { ...e.progress, ...change, seq: e.progress.seq + 1 };
    if (e.progress.state !== 'running') e.stop = undefined;
    this.#changed(jobId);
  }

  /**
   * Stop a running job; false if it is unknown or already finished, or if its `stop` refuses
   * (returns false: an import already committing its one transaction).
   */
  cancel(jobId: string): boolean {
    const e = this.#jobs.get(jobId);
    if (!e || e.progress.state !== 'running') return false;
    const stop = e.stop;
    if (stop?.() === false) return false;
    this.update(jobId, { state: 'cancelled', label: 'cancelled' });
    return true;
  }

  /** The job's progress now (undefined for an unknown job). */
  peek(jobId: string): JobProgressDto | undefined {
    return this.#jobs.get(jobId)?.progress;
  }

  /** The job's progress once its seq passes `afterSeq`, waiting at most `waitMs`; null if unknown. */
  async progress(jobId: string, afterSeq = 0, waitMs = 0): Promise<JobProgressDto | null> {
    const e = this.#jobs.get(jobId);
    if (!e) return null;
    if (e.progress.seq > afterSeq || waitMs <= 0 || e.progress.state !== 'running') return e.progress;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        e.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      e.waiters.add(done);
    });
    return this.#jobs.get(jobId)?.progress ?? null;
  }

  #changed(jobId: string): void {
    const e = this.#jobs.get(jobId);
    if (!e) return;
    for (const w of [...e.waiters]) w();
    this.#onChange(e.progress);
  }

  #forget(): void {
    const finished = [...this.#jobs.values()].filter((e) => e.progress.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.#jobs.delete(e.progress.jobId);
  }
}
