/**
 * Long work with progress and cancel (issue 14 §4): "Run every method" on a stored book. The
 * service runs it off its own thread, reports progress on one typed channel (the worker's
 * `JobProgressDto`: the renderer long-polls it with `job:progress`, Electron main also puts it on
 * the taskbar) and stops it on `job:cancel` (Esc / Cancel) without writing anything. Merged into
 * `InvokeContract` (contract.ts), the request schemas (schemas.ts) and `AppApi` (api.ts).
 */
import * as v from 'valibot';
import type { DecimalString } from '../domain/decimal-string';
import { Id, Methods, ParameterSets } from './common-schemas';

/** Longest wait of a `job:progress` long poll (ms). */
export const MAX_JOB_WAIT_MS = 10_000;

/** Where a job stands. `seq` grows with every change, so a poller asks for "after seq". */
export interface JobProgressDto {
  jobId: string;
  seq: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Steps done of `total` (for "Run every method": methods finished). */
  done: number;
  total: number;
  /** What is being done now, for the status bar ("derive-pm2 on 200,000 positions"). */
  label: string;
}

/** One method's figures in a "Run every method" answer (USD totals, as the method rounds them). */
export type RunAllMethodDto =
  | { methodId: string; ok: true; initialMarginUsd: DecimalString; maintenanceMarginUsd: DecimalString; ms: number }
  | { methodId: string; ok: false; error: string };

/** The answer of `job:run-all`: the figures, or that it was cancelled (nothing was written either way). */
export type RunAllResultDto =
  | { kind: 'done'; portfolioId: string; positions: number; asOf: string; methods: RunAllMethodDto[] }
  | { kind: 'cancelled' };

export interface JobInvokeContract {
  /**
   * Run every method (or `methods`) on a portfolio: its open working session's book when one is
   * open in the service (pending edits included), else its head revision. Resolves when done or cancelled.
   */
  'job:run-all': { req: { jobId: string; portfolioId: string; marketId: string; methods?: string[]; parameterSets?: Record<string, string> }; res: RunAllResultDto };
  /** The job's progress once its `seq` is above `afterSeq` (waiting up to `waitMs`); `null` for an unknown job. */
  'job:progress': { req: { jobId: string; afterSeq?: number; waitMs?: number }; res: JobProgressDto | null };
  /** Stop a running job; `cancelled: false` if it was not running. */
  'job:cancel': { req: { jobId: string }; res: { cancelled: boolean } };
}

export const JOB_CHANNELS = ['job:run-all', 'job:progress', 'job:cancel'] as const satisfies readonly (keyof JobInvokeContract)[];

const Seq = v.pipe(v.number(), v.integer('afterSeq must be an integer'), v.minValue(0, 'afterSeq starts at 0'));

export const jobRequestSchemas = {
  'job:run-all': v.strictObject({ jobId: Id, portfolioId: Id, marketId: Id, methods: v.optional(Methods), parameterSets: ParameterSets }),
  'job:progress': v.strictObject({
    jobId: Id, afterSeq: v.optional(Seq),
    waitMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_JOB_WAIT_MS, `waitMs is at most ${MAX_JOB_WAIT_MS}`))),
  }),
  'job:cancel': v.strictObject({ jobId: Id }),
};

type Invoke = <C extends keyof JobInvokeContract>(channel: C, req: JobInvokeContract[C]['req']) => Promise<JobInvokeContract[C]['res']>;

/** `api.job.*`: one method per job channel. */
export interface JobApi {
  runAll(req: JobInvokeContract['job:run-all']['req']): Promise<RunAllResultDto>;
  progress(req: JobInvokeContract['job:progress']['req']): Promise<JobProgressDto | null>;
  cancel(req: JobInvokeContract['job:cancel']['req']): Promise<{ cancelled: boolean }>;
}

export function buildJobApi(invoke: Invoke): JobApi {
  return {
    runAll: (req) => invoke('job:run-all', req),
    progress: (req) => invoke('job:progress', req),
    cancel: (req) => invoke('job:cancel', req),
  };
}
