/**
 * The job channels (`shared/ipc/job-contract.ts`): "Run every method" on a stored book, run on a
 * thread of its own (`run-all-thread.ts`) so the service keeps answering — progress polls, the
 * cancel, the grid's edits — while it works; Cancel terminates that thread, which writes nothing.
 */
import { Worker } from 'node:worker_threads';
import type { JobInvokeContract, JobProgressDto, RunAllMethodDto, RunAllResultDto } from '../../../shared/ipc/job-contract';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import type { MethodListEntry } from '../../engine/margin/method-contract';
import type { ServiceStore } from '../ports';
import { NotFoundError, UnknownMethodError } from '../service-errors';
import { workerExecArgv } from '../worker/worker-dispatcher';
import { JobBoard } from './job-board';
import type { RunAllInput, RunAllMessage } from './run-all-thread';

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
}

/** The run thread beside this module: the `.ts` source under tsx, or the built `run-all-thread.js` next to the bundle. */
function threadEntry(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './run-all-thread.ts' : './run-all-thread.js', import.meta.url);
}

const count = (n: number) => n.toLocaleString('en-US');

export function createJobService(deps: JobServiceDeps): JobHandlers {
  const board = new JobBoard(deps.onProgress);
  const { store } = deps;
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
    'job:progress': ({ jobId, afterSeq, waitMs }) => board.progress(jobId, afterSeq, waitMs),
    'job:cancel': ({ jobId }) => ({ cancelled: board.cancel(jobId) }),
  };
}
