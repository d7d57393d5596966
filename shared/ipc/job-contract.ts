/**
 * Long work with progress and cancel (issue 14 §4): "Run every method" on a stored book,
 * imports of large files (positions, market snapshots: `job:import-positions` / `job:import-document`)
 * and report exports (`job:export-report`: the bytes of `report:export`, built on a thread). The
 * service runs it off its own thread, reports progress on one typed channel (the worker's
 * `JobProgressDto`: the renderer long-polls it with `job:progress`, Electron main also puts it on
 * the taskbar) and stops it on `job:cancel` (Esc / Cancel) without writing anything. Merged into
 * `InvokeContract` (contract.ts), the request schemas (schemas.ts) and `AppApi` (api.ts).
 */
import * as v from 'valibot';
import type { DecimalString } from '../domain/decimal-string';
import type { ImportResultDto } from '../domain/dto/storage.dto';
import { Id, Methods, ParameterSets } from './common-schemas';
import { reportRequestSchemas, type ReportExportRequestDto, type ReportFileDto } from './report-contract';
import { storageRequestSchemas, type StorageInvokeContract } from './storage-contract';

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

/** What `job:import` imports: the request of `portfolio:import` or of `document:import`, unchanged. */
export type ImportJobRequestDto =
  | { jobId: string; kind: 'positions'; request: StorageInvokeContract['portfolio:import']['req'] }
  | { jobId: string; kind: 'document'; request: StorageInvokeContract['document:import']['req'] };

/** The answer of `job:import`: the import's own answer, or that it was cancelled before it was written (then nothing was). */
export type ImportJobResultDto = { kind: 'done'; result: ImportResultDto } | { kind: 'cancelled' };

/** The answer of `job:export-report`: the file `report:export` gives for the same request, or that it was cancelled (no bytes). */
export type ReportJobResultDto = { kind: 'done'; file: ReportFileDto } | { kind: 'cancelled' };

export interface JobInvokeContract {
  /**
   * Run every method (or `methods`) on a portfolio: its open working session's book when one is
   * open in the service (pending edits included), else its head revision. Resolves when done or cancelled.
   */
  'job:run-all': { req: { jobId: string; portfolioId: string; marketId: string; methods?: string[]; parameterSets?: Record<string, string> }; res: RunAllResultDto };
  /** The job's progress once its `seq` is above `afterSeq` (waiting up to `waitMs`); `null` for an unknown job. */
  'job:progress': { req: { jobId: string; afterSeq?: number; waitMs?: number }; res: JobProgressDto | null };
  /**
   * `portfolio:import` / `document:import` as a job: validated off the service's thread with
   * progress (rows read), then written in one transaction. Cancelled before that transaction
   * commits, nothing is written; once it commits, `job:cancel` answers `cancelled: false`.
   */
  'job:import-positions': { req: Extract<ImportJobRequestDto, { kind: 'positions' }> extends infer R ? Omit<R, 'kind'> : never; res: ImportJobResultDto };
  /** `document:import` (a market snapshot, a parameter set, a scenario set) as a job, as `job:import-positions`. */
  'job:import-document': { req: Extract<ImportJobRequestDto, { kind: 'document' }> extends infer R ? Omit<R, 'kind'> : never; res: ImportJobResultDto };
  /**
   * `report:export` as a job: the methods run and the file is written (in memory) on a thread the
   * service terminates on `job:cancel`; progress names the phase (margin run: method i of m, then
   * the sheets / tables / pages written). Writes nothing anywhere: the host saves the bytes.
   */
  'job:export-report': { req: { jobId: string; request: ReportExportRequestDto }; res: ReportJobResultDto };
  /** Stop a running job; `cancelled: false` if it was not running (or an import is already committing). */
  'job:cancel': { req: { jobId: string }; res: { cancelled: boolean } };
}

export const JOB_CHANNELS = ['job:run-all', 'job:import-positions', 'job:import-document', 'job:export-report', 'job:progress', 'job:cancel'] as const satisfies readonly (keyof JobInvokeContract)[];

const Seq = v.pipe(v.number(), v.integer('afterSeq must be an integer'), v.minValue(0, 'afterSeq starts at 0'));

export const jobRequestSchemas = {
  'job:run-all': v.strictObject({ jobId: Id, portfolioId: Id, marketId: Id, methods: v.optional(Methods), parameterSets: ParameterSets }),
  'job:import-positions': v.strictObject({ jobId: Id, request: storageRequestSchemas['portfolio:import'] }),
  'job:import-document': v.strictObject({ jobId: Id, request: storageRequestSchemas['document:import'] }),
  'job:export-report': v.strictObject({ jobId: Id, request: reportRequestSchemas['report:export'] }),
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
  importPositions(req: JobInvokeContract['job:import-positions']['req']): Promise<ImportJobResultDto>;
  importDocument(req: JobInvokeContract['job:import-document']['req']): Promise<ImportJobResultDto>;
  exportReport(req: JobInvokeContract['job:export-report']['req']): Promise<ReportJobResultDto>;
  progress(req: JobInvokeContract['job:progress']['req']): Promise<JobProgressDto | null>;
  cancel(req: JobInvokeContract['job:cancel']['req']): Promise<{ cancelled: boolean }>;
}

export function buildJobApi(invoke: Invoke): JobApi {
  return {
    runAll: (req) => invoke('job:run-all', req),
    importPositions: (req) => invoke('job:import-positions', req),
    importDocument: (req) => invoke('job:import-document', req),
    exportReport: (req) => invoke('job:export-report', req),
    progress: (req) => invoke('job:progress', req),
    cancel: (req) => invoke('job:cancel', req),
  };
}
