/**
 * The slow lane of a working session (issue 9): after a quiet moment the renderer asks for the
 * figures left out of the edit path — methods deferred because a run costs more than the edit
 * budget (a fresh SPAN or standard-margin run of a 20,000-row book takes hundreds of ms) and the
 * detail method's account view (root searches). Run in the service's thread, that work would hold
 * up the next edit for a second or more; so the service worker gives it its own thread
 * (`electron/service/worker/slow-lane-thread.ts`), which keeps a mirror of each open book fed
 * with the same patch batches (a whole book only when the mirror is missing or too far behind)
 * and its own engine. Tests, the CLI and the bench's in-process baseline use `inlineSlowLane`:
 * the same computation on the service's engine, in the same thread.
 *
 * A result is for one version of the book; the session drops it when the book has moved on.
 */
import { applyPatch, type PatchOp } from '../../../shared/domain/book-patch';
import type { AccountViewDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MethodOutcomeDto } from '../../../shared/domain/dto/margin-run.dto';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import { summarizeMarginResult } from '../margin-summary';
import type { MarginEngine } from '../ports';
import { isInputError } from '../service-errors';

/** The book a job is for: whole, or the batches since the mirror's version. */
export type SlowBook = { kind: 'book'; book: PortfolioDto } | { kind: 'ops'; from: number; ops: PatchOp[] };

/** One slow-lane job: run `methods` (figures only) and the account view of `accountFor` on the book at `version`. */
export interface SlowJob {
  /** The session (portfolio id) whose mirror the job updates. */
  session: string;
  version: number;
  book: SlowBook;
  snapshotKey: string;
  /** The snapshot JSON; omitted when the lane already holds `snapshotKey`. */
  marketJson?: unknown;
  params: Record<string, unknown>;
  paramsKeys: Record<string, string>;
  methods: string[];
  accountFor: string;
}

/** What a job gives back, or what the lane is missing to run it. */
export type SlowResult =
  | { kind: 'done'; version: number; outcomes: MethodOutcomeDto[]; account: AccountViewDto | null; error?: string; costs: Record<string, number> }
  | { kind: 'need-book' }
  | { kind: 'need-market' };

/** A slow lane: runs jobs (in order) and says whether it keeps mirrors (then batches suffice). */
export interface SlowLane {
  readonly mirrors: boolean;
  run(job: SlowJob): Promise<SlowResult>;
  close(): void;
}

/** Mirrors and snapshots a lane holds, and the computation itself (used by both lanes). */
export class SlowLaneState {
  private readonly books = new Map<string, { version: number; book: PortfolioDto }>();
  private readonly markets = new Map<string, unknown>();

  constructor(private readonly engine: MarginEngine, private readonly clock: () => number = () => performance.now()) {}

  run(job: SlowJob): SlowResult {
    if (job.marketJson !== undefined) {
      this.markets.delete(job.snapshotKey);
      this.markets.set(job.snapshotKey, job.marketJson);
      // Keep the two most recent snapshots (a window switching markets back and forth).
      while (this.markets.size > 2) this.markets.delete(this.markets.keys().next().value!);
    }
    const marketJson = this.markets.get(job.snapshotKey);
    if (marketJson === undefined) return { kind: 'need-market' };
    let book: PortfolioDto;
    if (job.book.kind === 'book') book = job.book.book;
    else {
      const mirror = this.books.get(job.session);
      if (!mirror || mirror.version !== job.book.from) return { kind: 'need-book' };
      try {
        book = job.book.ops.length > 0 ? applyPatch(mirror.book, job.book.ops).portfolio : mirror.book;
      } catch {
        this.books.delete(job.session);
        return { kind: 'need-book' };
      }
    }
    this.books.set(job.session, { version: job.version, book });
    const opts = (methodId: string, account: boolean) => ({
      account, marginal: false, params: job.params[methodId], snapshotKey: job.snapshotKey, paramsKey: job.paramsKeys[methodId] ?? 'default',
    });
    const outcomes: MethodOutcomeDto[] = [];
    const costs: Record<string, number> = {};
    for (const methodId of job.methods) {
      const t0 = this.clock();
      try {
        // Figures only (a session builds them without the explanation).
        outcomes.push({ methodId, ok: true, result: summarizeMarginResult(this.engine.runColumns(methodId, book, marketJson, { ...opts(methodId, false), summary: true }).result) });
      } catch (e) {
        if (!isInputError(e)) throw e;
        outcomes.push({ methodId, ok: false, error: (e as Error).message });
      }
      costs[methodId] = this.clock() - t0;
    }
    let account: AccountViewDto | null = null;
    let error: string | undefined;
    try {
      // Only the account view is taken from this run: no marginal margins, no per-position lists.
      account = this.engine.runColumns(job.accountFor, book, marketJson, opts(job.accountFor, true)).result.account ?? null;
    } catch (e) {
      if (!isInputError(e)) throw e;
      error = (e as Error).message;
    }
    return { kind: 'done', version: job.version, outcomes, account, ...(error !== undefined ? { error } : {}), costs };
  }

  /** Forget a session's mirror (closed or evicted). */
  forget(session: string): void {
    this.books.delete(session);
  }
}

/** The slow lane in the caller's thread, on the caller's engine (tests, CLI, in-process baselines). */
export function inlineSlowLane(engine: MarginEngine): SlowLane {
  const state = new SlowLaneState(engine);
  return {
    mirrors: false,
    run: (job) => {
      try {
        return Promise.resolve(state.run(job));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    close: () => {},
  };
}

/**
 * The lane new workspace services use when none is given: set once by the service worker's entry
 * (a thread of its own, `slow-lane-thread.ts`); unset, each service runs its slow lane inline.
 */
let defaultLane: ((engine: MarginEngine) => SlowLane) | undefined;

/** Set (or clear) the default slow lane of workspace services created from now on in this thread. */
export function setDefaultSlowLane(factory: ((engine: MarginEngine) => SlowLane) | undefined): void {
  defaultLane = factory;
}

/** The slow lane for a new workspace service on `engine`. */
export function defaultSlowLane(engine: MarginEngine): SlowLane {
  return defaultLane ? defaultLane(engine) : inlineSlowLane(engine);
}
