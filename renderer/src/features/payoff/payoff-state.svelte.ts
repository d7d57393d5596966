/**
 * Payoff chart state: the book's P&L against one underlying's price at today, the next N expiries
 * of the book (the trader's choice, default 3) and a custom date (`analysis:payoff`), and the
 * account view's liquidation / IM-breach prices.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import { PAYOFF_MAX_EXPIRIES, PAYOFF_NO_DATE as NO_DATE, type PayoffDto, type PayoffRequestDto } from '../../../../shared/ipc/analysis-contract';
import { BookRequests } from '../../lib/state/book-requests.svelte';
import { BookHandle } from '../analysis/book-handle';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';

/** Points per curve (the bench's 4 dates × 400 points). */
export const PAYOFF_POINTS = 400;

/**
 * Expiry curves drawn by default: the next 3 (today + 3 = 4 dates). The front expiries carry the
 * book's gamma and theta and decide the near-term P&L; the far ones mostly repeat today's curve
 * and cost as much to price each.
 */
export const DEFAULT_NEXT_EXPIRIES = 3;

/** One choice of the "Expiries" select: how many of the nearest expiries to draw. */
export interface ExpiryChoice { n: number; label: string }

/**
 * The choices for a book with `ahead` expiries ahead (ISO dates, nearest first; `null` before
 * the first answer): none, next 1 … and all of them (at most `PAYOFF_MAX_EXPIRIES`), each
 * naming the last expiry it draws.
 */
export function expiryChoices(ahead: readonly string[] | null): ExpiryChoice[] {
  const most = Math.min(ahead?.length ?? PAYOFF_MAX_EXPIRIES, PAYOFF_MAX_EXPIRIES);
  const out: ExpiryChoice[] = [{ n: 0, label: 'none' }];
  for (let n = 1; n <= most; n++) {
    const to = ahead ? ` (${n === 1 ? '' : 'to '}${ahead[n - 1]!.slice(0, 10)})` : '';
    const all = ahead !== null && n === ahead.length;
    out.push({ n, label: all ? `all ${n}${to}` : `next ${n}${ahead && n === most ? ` of ${ahead.length}` : ''}${to}` });
  }
  return out;
}

/** The underlying of a venue symbol (`BTC-27DEC26-100000-C` → BTC, `ETH_USDC-PERPETUAL` → ETH). */
export function underlyingOf(symbol: string): string {
  return symbol.split(/[-_]/)[0] ?? symbol;
}

export class PayoffState {
  underlying = $state('');
  customDate = $state('');
  /** How many of the nearest expiries to draw (clamped to what the book has: `expiryCount`). */
  nextExpiries = $state(DEFAULT_NEXT_EXPIRIES);
  /** Price range drawn, as moves of the index in percent (−50 … +50 = half to one and a half times). */
  lowerPct = $state(-50);
  upperPct = $state(50);
  othersBeta = $state(0);
  result = $state.raw<PayoffDto | null>(null);
  readonly req: BookRequests<'payoff'>;
  #ws: WorkspaceState;
  /** `figuresTick` of the book the shown curves were priced on. */
  #tick = $state(-1);
  /** The book's handle in the service (shared with the explain panel's heatmap). */
  readonly #books: BookHandle;
  /** The service's time for the curves on screen (ms, both requests). */
  elapsedMs = $state(0);
  /** The latest `run`: an earlier one still answering (Draw pressed again) shows nothing more. */
  #run = 0;

  constructor(api: AppApi, ws: WorkspaceState, books = new BookHandle(ws)) {
    this.req = new BookRequests(api, ws);
    this.#ws = ws;
    this.#books = books;
  }

  /** The chosen underlying's expiries ahead in the book (from the last answer on it; `null` before one). */
  get expiriesAhead(): readonly string[] | null {
    return this.result && this.result.underlying === this.underlying ? this.result.expiriesAhead : null;
  }
  /** The choices of the "Expiries" select for the book on screen. */
  get expiryChoices(): ExpiryChoice[] { return expiryChoices(this.expiriesAhead); }
  /** The expiry curves that will be drawn: the choice, no more than the book has. */
  get expiryCount(): number { return Math.min(this.nextExpiries, this.expiryChoices.at(-1)!.n); }

  get busy(): boolean { return this.req.busy !== null; }
  get error(): string | null { return this.req.error; }
  /** The book changed since the curves were drawn. */
  get stale(): boolean { return this.result !== null && this.#tick !== this.#ws.figuresTick; }

  /**
   * Underlyings the open book holds derivatives on: the detail method's groups when it has them
   * (no pass over the rows on each edit), else from the symbols.
   */
  readonly underlyings = $derived.by(() => {
    const groups = Object.values(this.#ws.detail?.byCurrency ?? {}).flatMap((c) => c.groups.map((g) => g.underlying));
    const from = groups.length > 0 ? groups : (this.#ws.portfolio?.positions ?? []).filter((p) => /[-_]/.test(p.instrument)).map((p) => underlyingOf(p.instrument));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary for de-duplication
    return [...new Set(from)].sort();
  });

  /**
   * Widen the range so every given move (the margin lines) is drawn, with 10 points to spare,
   * within what the channel accepts (−99 % … +1,000 %), and redraw.
   */
  include(moves: number[]): Promise<void> {
    if (moves.length === 0) return Promise.resolve();
    this.lowerPct = Math.max(-99, Math.min(this.lowerPct, Math.floor(Math.min(...moves) * 100 - 10)));
    this.upperPct = Math.min(1000, Math.max(this.upperPct, Math.ceil(Math.max(...moves) * 100 + 10)));
    return this.run();
  }

  /**
   * Price the curves: today, the next `nextExpiries` expiries of the underlying in the book, and
   * the custom date; the request names only those dates.
   */
  run(): Promise<void> {
    const ws = this.#ws;
    const u = this.underlying || this.underlyings[0];
    if (!u) return Promise.resolve();
    this.underlying = u;
    const run = ++this.#run;
    return this.req.run('payoff', async (portfolio) => {
      const tick = ws.figuresTick;
      const req = { marketId: ws.marketId, underlying: u, lowerMove: this.lowerPct / 100, upperMove: this.upperPct / 100, points: PAYOFF_POINTS, othersBeta: this.othersBeta };
      const payoff = (more: Partial<PayoffRequestDto>) => this.#books.call(portfolio, (ref) => this.req.api.analysis.payoff({ ...ref, ...req, ...more }));
      // Today's curve and the later dates as two requests made at once (each curve is priced on
      // its own, so today's is the same figures either way): the service prices the later dates
      // while today's curve is drawn. The later request names the expiries wanted; the service
      // gives as many as the book has (none and no custom date: it says so, today's curve is all).
      const dates = this.customDate ? [`${this.customDate}T08:00:00Z`] : undefined;
      const n = Math.min(this.nextExpiries, PAYOFF_MAX_EXPIRIES);
      const todayP = payoff({ expiries: false });
      const laterP = n === 0 && !dates ? Promise.resolve(null) : payoff({ today: false, ...(n > 0 ? { nextExpiries: n } : { expiries: false }), dates }).catch((e: unknown) => {
        // No later date (no expiry ahead, no custom date): today's curve is the whole chart.
        if (e instanceof Error && e.message.includes(NO_DATE)) return null;
        throw e;
      });
      laterP.catch(() => undefined); // when today's request fails, its error is the one shown
      const today = await todayP;
      if (run !== this.#run) return;
      this.result = today;
      this.elapsedMs = today.elapsedMs;
      this.#tick = tick;
      const later = await laterP;
      if (later && run === this.#run) {
        this.result = { ...later, curves: [...today.curves, ...later.curves] };
        this.elapsedMs = today.elapsedMs + later.elapsedMs;
      }
    });
  }
}
