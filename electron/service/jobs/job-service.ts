/**
 * The job channels (`shared/ipc/job-contract.ts`): "Run every method" on a stored book, run on a
 * thread of its own (`run-all-thread.ts`) so the service keeps answering — progress polls, the
 * cancel, the grid's edits — while it works; Cancel terminates that thread, which writes nothing.
 * A report export (`job:export-report`) runs the same way on `report-thread.ts`: the margin run
 * and the file's bytes are built there; the host writes the file only from the finished bytes.
 */
import { Worker } from 'node:worker_threads';
import type { ImportJobRequestDto, ImportJobResultDto, JobInvokeContract, JobProgressDto, ReportJobResultDto, RunAllMethodDto, RunAllResultDto } from '../../../shared/ipc/job-contract';
import { htmlToPdf } from '../../reports/report-files';
import { reportFileDto, reportInputs } from '../report/report-service';
import type { ReportBuildStep } from '../report/report-build';
import type { ReportThreadInput, ReportThreadMessage } from './report-thread';
import type { ImportResultDto } from '../../../shared/domain/dto/storage.dto';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import type { MethodListEntry } from '../../engine/margin/method-contract';
import type { ServiceStore } from '../ports';
import { NotFoundError, UnknownMethodError } from '../service-errors';
import { workerExecArgv } from '../worker/worker-dispatcher';
import { JobBoard } from './job-board';
import type { RunAllInput, RunAllMessage } from './run-all-thread';
import { GATE_CANCELLED, GATE_RUNNING } from './import-gate';
import type { ImportThreadInput, ImportThreadMessage } from './import-thread';
import type { StorageService } from '../storage-service';

export type JobHandlers = { [C in keyof JobInvokeContract]: (req: JobInvokeContract[C]['req']) => Promise<JobInvokeContract[C]['res']> | JobInvokeContract[C]['res'] };

/** What the job service is built from. */
export interface JobServiceDeps {
  store: Pick<ServiceStore, 'portfolios' | 'marketSnapshots' | 'parameterSets'>;
  /** The engine's methods (id and label), in display order. */
  methods: () => MethodListEntry[];
  /** The book of the portfolio's open working session (pending edits included), if one is open. */
  openBook?: (portfolioId: string) => PortfolioDto | undefined;
  /** Every progress change (the service worker posts them to its host). */
  onProgress?: (p: JobProgressDto) => void;
  /**
   * The database file: an import job reads and writes it from a thread of its own. Without one
   * (`:memory:`), imports run on the service's thread through `storage`, with progress but no cancel.
   */
  databasePath?: string;
  /** The storage service's import handlers (the inline path). */
  storage?: Pick<StorageService, 'portfolio:import' | 'document:import'>;
  /** The app version written into reports (`job:export-report`). */
  appVersion?: string;
  /** Prints a report's HTML view to PDF (a `pdf` export job; the web host's headless Chromium by default). */
  printPdf?: (html: string, paper: 'A4' | 'Letter', signal: AbortSignal) => Promise<Uint8Array>;
}

/** A thread beside this module: the `.ts` source under tsx, or the built `.js` next to the bundle. */
function threadEntry(name: 'run-all-thread' | 'import-thread' | 'report-thread' = 'run-all-thread'): URL {
  return new URL(import.meta.url.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, import.meta.url);
}

/** The thread's error as the service's own (a not-found id stays not-found, an input error stays an input error). */
function rethrown(name: string, message: string): Error {
  if (name === 'NotFoundError') {
    const e = new NotFoundError('');
    e.message = message;
    return e;
  }
  const e = new Error(message);
  e.name = name;
  return e;
}

const importWhat = (job: ImportJobRequestDto) => (job.kind === 'positions' ? 'positions' : job.request.kind === 'market' ? 'market snapshot' : job.request.kind);

const count = (n: number) => n.toLocaleString('en-US');

/** Files shorter than this (characters) are imported on the service's thread; longer ones on an import thread. */
export const INLINE_MAX_CHARS = 256 * 1024;

export function createJobService(deps: JobServiceDeps): JobHandlers {
  const board = new JobBoard(deps.onProgress);
  const { store } = deps;

  /** Progress labels of an import. */
  const importLabel = (job: ImportJobRequestDto, phase: 'validating' | 'writing', done: number, total: number) =>
    phase === 'writing'
      ? `writing ${job.kind === 'positions' ? `${count(total)} positions` : 'the market snapshot'} (one transaction)`
      : job.kind === 'positions' && total > 0 ? `checking positions: ${count(done)} of ${count(total)} rows` : `checking the ${importWhat(job)} file`;

  function runImport(job: ImportJobRequestDto): Promise<ImportJobResultDto> | ImportJobResultDto {
    const { jobId } = job;
    // A small file is read in milliseconds: on the service's thread (no thread start-up, nothing to cancel).
    const inline = !deps.databasePath || deps.databasePath === ':memory:' || job.request.text.length < INLINE_MAX_CHARS;
    if (inline) {
      if (!deps.storage) throw new Error('import jobs need the database path or the storage service');
      board.start(jobId, 1, importLabel(job, 'validating', 0, 0), () => false);
      try {
        const result: ImportResultDto = job.kind === 'positions' ? deps.storage['portfolio:import'](job.request) : deps.storage['document:import'](job.request);
        board.update(jobId, { state: 'done', done: 1, label: `${importWhat(job)} import ${result.status}` });
        return { kind: 'done', result };
      } catch (e) {
        board.update(jobId, { state: 'failed', label: e instanceof Error ? e.message : String(e) });
        throw e;
      }
    }
    return new Promise<ImportJobResultDto>((resolve, reject) => {
      const entry = threadEntry('import-thread');
      const gate = new SharedArrayBuffer(4);
      const flag = new Int32Array(gate);
      const input: ImportThreadInput = { databasePath: deps.databasePath!, job: job.kind === 'positions' ? { kind: 'positions', request: job.request } : { kind: 'document', request: job.request }, gate };
      const w = new Worker(entry, { workerData: input, execArgv: workerExecArgv(entry) });
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        f();
      };
      board.start(jobId, 1, importLabel(job, 'validating', 0, 0), () => {
        // Too late once the thread holds the gate: its transaction is committing.
        if (Atomics.compareExchange(flag, 0, GATE_RUNNING, GATE_CANCELLED) !== GATE_RUNNING) return false;
        // Terminated before its COMMIT, the thread's transaction is rolled back by SQLite.
        void w.terminate();
        settle(() => resolve({ kind: 'cancelled' }));
        return true;
      });
      w.on('message', (m: ImportThreadMessage) => {
        if (m.kind === 'progress') {
          const { phase, done, total } = m.progress;
          board.update(jobId, { done, total: Math.max(1, total), label: importLabel(job, phase, done, total) });
        } else if (m.kind === 'end') {
          board.update(jobId, { state: 'done', label: `${importWhat(job)} import ${m.result.status}` });
          settle(() => resolve({ kind: 'done', result: m.result }));
        } else if (m.kind === 'cancelled') {
          board.update(jobId, { state: 'cancelled', label: 'cancelled' });
          settle(() => resolve({ kind: 'cancelled' }));
        } else {
          board.update(jobId, { state: 'failed', label: m.message });
          settle(() => reject(rethrown(m.name, m.message)));
        }
      });
      const fail = (e: Error) => {
        board.update(jobId, { state: 'failed', label: e.message });
        settle(() => reject(e));
      };
      w.once('error', fail);
      w.once('exit', (code) => fail(new Error(`the import stopped before it finished (exit code ${code})`)));
    });
  }

  /** The status bar's words for a step of a report build (`m` methods, on `n` positions). */
  const reportLabel = (step: ReportBuildStep, n: number, labelOf: (id: string) => string): string => {
    switch (step.phase) {
      case 'method': return `margin run: ${labelOf(step.methodId)} on ${count(n)} positions (${step.index + 1} of ${step.count})`;
      case 'sheet': return `writing sheet ${step.index + 1} of ${step.count}: ${step.title}`;
      case 'table': return `writing table ${step.index + 1} of ${step.count}: ${step.title}`;
      case 'json': return 'writing the report JSON';
      case 'page': return `writing the report view: part ${step.index + 1}`;
    }
  };

  function runReport({ jobId, request }: JobInvokeContract['job:export-report']['req']): Promise<ReportJobResultDto> {
    // Checked before the job starts: a bad request is refused naming the item, with no thread.
    const inputs = reportInputs(store, request, 'job:export-report');
    const paper = request.paper ?? 'A4';
    const m = inputs.methods.length;
    const n = inputs.portfolio.positions.length;
    const known = deps.methods();
    const labelOf = (id: string) => known.find((x) => x.id === id)?.label ?? id;
    const input: ReportThreadInput = { inputs, format: request.format === 'pdf' ? 'html' : request.format, paper, appVersion: deps.appVersion ?? '' };
    return new Promise<ReportJobResultDto>((resolve, reject) => {
      const entry = threadEntry('report-thread');
      const w = new Worker(entry, { workerData: input, execArgv: workerExecArgv(entry) });
      let settled = false;
      /** The thread posted its bytes (its exit is then expected; a PDF is still printing here). */
      let built = false;
      /** Stops a PDF print under way (its Chromium is closed). */
      const printing = new AbortController();
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        f();
      };
      // Steps: one per method, then one per sheet / table (the count is known when writing starts), or one for the file.
      board.start(jobId, m + 1, `margin run: starting ${m} method${m === 1 ? '' : 's'} on ${count(n)} positions`, () => {
        void w.terminate();
        printing.abort();
        settle(() => resolve({ kind: 'cancelled' }));
      });
      const fail = (e: Error) => {
        board.update(jobId, { state: 'failed', label: e.message });
        settle(() => reject(e));
      };
      const finish = (bytes: Uint8Array, failedMethods: string[]) => {
        if (settled) return;
        board.update(jobId, { state: 'done', done: Math.max(m + 1, board.peek(jobId)?.total ?? 0), label: `report built (${request.format}, ${count(bytes.length)} bytes)` });
        settle(() => resolve({ kind: 'done', file: reportFileDto(request.portfolio.name, request.format, { bytes, failedMethods }) }));
      };
      w.on('message', (msg: ReportThreadMessage) => {
        if (msg.kind === 'step') {
          const { step } = msg;
          const writing = step.phase === 'sheet' || step.phase === 'table';
          board.update(jobId, {
            done: step.phase === 'method' ? step.index : m + (writing ? step.index : 0),
            ...(writing ? { total: m + step.count } : {}),
            label: reportLabel(step, n, labelOf),
          });
        } else if (msg.kind === 'end') {
          built = true;
          void w.terminate();
          if (request.format !== 'pdf') return finish(msg.bytes, msg.failedMethods);
          // The view is built; headless Chromium prints it here (Cancel closes it mid-print).
          board.update(jobId, { done: m, label: `printing the PDF (${paper})` });
          const html = new TextDecoder().decode(msg.bytes);
          (deps.printPdf ?? htmlToPdf)(html, paper, printing.signal).then((pdf) => finish(pdf, msg.failedMethods), (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
        } else fail(rethrown(msg.name, msg.message));
      });
      w.once('error', fail);
      w.once('exit', (code) => {
        if (!built) fail(new Error(`the report export stopped before it finished (exit code ${code})`));
      });
    });
  }

  return {
    'job:run-all': ({ jobId, portfolioId, marketId, methods, parameterSets }) => {
      const book = deps.openBook?.(portfolioId) ?? store.portfolios.get(portfolioId);
      if (!book) throw new NotFoundError(`portfolio ${portfolioId}`);
      const market = store.marketSnapshots.get(marketId);
      if (!market) throw new NotFoundError(`market snapshot ${marketId}`);
      const known = deps.methods();
      const ids = methods ?? known.map((m) => m.id);
      const unknown = ids.filter((id) => !known.some((m) => m.id === id));
      if (unknown.length > 0) throw new UnknownMethodError(unknown);
      const params: Record<string, unknown> = {};
      for (const [methodId, id] of Object.entries(parameterSets ?? {})) {
        const doc = store.parameterSets.get(id);
        if (!doc) throw new NotFoundError(`parameter set ${id}`);
        params[methodId] = doc.json;
      }
      const labelOf = (id: string) => known.find((m) => m.id === id)?.label ?? id;
      const n = book.positions.length;
      const asOf = (market.json as { asOf?: unknown }).asOf;
      const input: RunAllInput = { portfolio: book, snapshot: market.json, methods: ids, params };

      return new Promise<RunAllResultDto>((resolve, reject) => {
        const entry = threadEntry();
        const w = new Worker(entry, { workerData: input, execArgv: workerExecArgv(entry) });
        const outcomes: RunAllMethodDto[] = [];
        let settled = false;
        const settle = (f: () => void) => {
          if (settled) return;
          settled = true;
          f();
        };
        board.start(jobId, ids.length, `starting ${ids.length} methods on ${count(n)} positions`, () => {
          void w.terminate();
          settle(() => resolve({ kind: 'cancelled' }));
        });
        w.on('message', (m: RunAllMessage) => {
          if (m.kind === 'started') board.update(jobId, { label: `${labelOf(ids[m.index]!)} on ${count(n)} positions (${m.index + 1} of ${ids.length})` });
          else if (m.kind === 'method') {
            outcomes[m.index] = m.outcome;
            board.update(jobId, { done: m.index + 1 });
          } else {
            board.update(jobId, { state: 'done', done: ids.length, label: `every method run on ${count(n)} positions` });
            settle(() => resolve({ kind: 'done', portfolioId, positions: n, asOf: typeof asOf === 'string' ? asOf : '', methods: outcomes }));
          }
        });
        const fail = (e: Error) => {
          board.update(jobId, { state: 'failed', label: e.message });
          settle(() => reject(e));
        };
        w.once('error', fail);
        w.once('exit', (code) => fail(new Error(`the run stopped before it finished (exit code ${code})`)));
      });
    },
    'job:import-positions': ({ jobId, request }) => runImport({ jobId, kind: 'positions', request }),
    'job:import-document': ({ jobId, request }) => runImport({ jobId, kind: 'document', request }),
    'job:export-report': (req) => runReport(req),
    'job:progress': ({ jobId, afterSeq, waitMs }) => board.progress(jobId, afterSeq, waitMs),
    'job:cancel': ({ jobId }) => ({ cancelled: board.cancel(jobId) }),
  };
}
