/**
 * Warm-up at idle: small runs of code paths a trader's first request would otherwise meet cold,
 * done while the service worker has nothing to do, so that first request runs on optimised code.
 *
 * Why: V8 compiles a function to optimised machine code only after it has run enough, with type
 * feedback from those runs (Ignition → Sparkplug → Maglev → TurboFan: https://v8.dev/blog/maglev).
 * The payoff chart's dated pricing kernels run on no other path, so the first chart of a session
 * paid their tier-up: on the 20,000-position bench book the service took 336 ms for the first
 * 4-date chart and 110 ms for the next (bench/risk-ui-bench.ts, 2026-12-08); three payoffs of a
 * 60-option book at idle (~100 ms of CPU in all) brought the first to 256 ms.
 *
 * How: `IdleWarmUp` runs its steps one at a time, each only after `quietMs` without activity: the
 * worker reports a request arriving, its synchronous part done and its answer sent (`activity`).
 * Work in the worker is synchronous inside a handler, so a request waiting on another thread
 * or a long poll (`session:since`) keeps no core busy and does not hold the warm-up back. A request
 * arriving during a step waits for that step only (a few tens of ms, three times per worker). A
 * step that throws ends the warm-up (logged); results are thrown away — steps read no store and
 * write no cache that answers a request.
 */

/** One warm-up step: a small run of a code path, result discarded. */
export type WarmUpStep = () => void;

export interface IdleWarmUpOptions {
  /** Idle time before each step (ms). */
  quietMs?: number;
  log?: (message: string) => void;
  /** Timers (tests pass fakes). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Default idle time before a step: a pause in the trader's edits (a step then delays at most the next one). */
export const WARM_UP_QUIET_MS = 400;

export class IdleWarmUp {
  readonly #steps: WarmUpStep[];
  readonly #quietMs: number;
  readonly #log: (m: string) => void;
  readonly #set: (fn: () => void, ms: number) => unknown;
  readonly #clear: (h: unknown) => void;
  #timer: unknown;
  #done = 0;

  constructor(steps: readonly WarmUpStep[], opts: IdleWarmUpOptions = {}) {
    this.#steps = [...steps];
    this.#quietMs = opts.quietMs ?? WARM_UP_QUIET_MS;
    this.#log = opts.log ?? (() => undefined);
    this.#set = opts.setTimer ?? ((fn, ms) => { const t = setTimeout(fn, ms); t.unref?.(); return t; });
    this.#clear = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.#arm();
  }

  /** Steps run so far. */
  get done(): number { return this.#done; }
  /** True when every step has run (or one failed). */
  get finished(): boolean { return this.#steps.length === 0; }

  /** A request arrived, finished its synchronous part, or was answered: the next step waits `quietMs` from now. */
  activity(): void {
    this.#arm();
  }

  /** Drop the remaining steps (the worker is closing). */
  stop(): void {
    this.#steps.length = 0;
    this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    if (this.#steps.length === 0) return;
    this.#timer = this.#set(() => this.#step(), this.#quietMs);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clear(this.#timer);
    this.#timer = undefined;
  }

  #step(): void {
    this.#timer = undefined;
    const step = this.#steps.shift();
    if (!step) return;
    try {
      step();
      this.#done++;
    } catch (e) {
      this.#log(`[warm-up] step ${this.#done + 1} failed, warm-up stopped: ${e instanceof Error ? e.message : String(e)}`);
      this.#steps.length = 0;
    }
    this.#arm();
  }
}
