/**
 * The handle of the open book in the service's analysis channels (`AnalysisBookRef`,
 * analysis-contract.ts), shared by the Risk view's heatmap and payoff: the first request on a book
 * names the open working session at its version when the workspace is in step with the service
 * (`WorkspaceState.sessionRef`: no edit queued or in flight, and the book asked about is the one on
 * screen), else sends the portfolio; every later one on the same book object only the handle the
 * service answered with. The workspace replaces `ws.portfolio` with a new object on every edit, so
 * object identity is the "same book" test (no pass over the rows). A handle or session version the
 * service no longer holds (it keeps a few books; a restarted worker none; the session moved on or
 * closed) is answered by sending the portfolio again. Calls may overlap (the payoff asks for
 * today's curve and the later dates at once): with the session named, each names it; a call
 * that would send the rows while another on the same book is sending them waits for its handle.
 */
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import { BOOK_HANDLE_GONE, type AnalysisBookRef, type AnalysisSessionRef } from '../../../../shared/ipc/analysis-contract';

/** The workspace as seen here: the book on screen and its session at the version the service confirmed. */
export interface OpenBook {
  readonly portfolio: PortfolioDto | null;
  sessionRef(): AnalysisSessionRef | undefined;
}

const gone = (e: unknown) => e instanceof Error && e.message.includes(BOOK_HANDLE_GONE);

export class BookHandle {
  readonly #open: OpenBook | undefined;
  #of: PortfolioDto | null = null;
  #handle = '';
  /** A call on its way with a book's rows: a call on the same book meanwhile waits for its handle instead of sending them again. */
  #sending: { of: PortfolioDto; done: Promise<unknown> } | undefined;

  constructor(open?: OpenBook) {
    this.#open = open;
  }

  /**
   * `call` with the book as a handle when the service holds this very object, else as the open
   * session at its version (when that is this book), else the portfolio.
   */
  async call<T extends { book: string }>(portfolio: PortfolioDto, call: (ref: AnalysisBookRef) => Promise<T>): Promise<T> {
    if (this.#sending?.of === portfolio) await this.#afterSending(portfolio); // (no await otherwise: the request goes out now)
    // (Awaited only with a handle: otherwise the request below goes out in this very call.)
    const held = this.#holds(portfolio) ? await this.#byHandle(call) : undefined;
    if (held) return held.r;
    const session = this.#open?.portfolio === portfolio ? this.#open.sessionRef() : undefined;
    if (session) {
      try {
        return this.#took(portfolio, await call({ session }));
      } catch (e) {
        if (!gone(e)) throw e;
      }
    }
    // Another call may have started sending the rows while this one tried the handle or the
    // session (both refused after a worker restart): take its handle instead of sending them too.
    if (this.#sending?.of === portfolio) {
      await this.#afterSending(portfolio);
      const theirs = this.#holds(portfolio) ? await this.#byHandle(call) : undefined;
      if (theirs) return theirs.r;
    }
    // Calls made meanwhile on this book wait for this one (the rows never cross twice at once).
    const done = call({ portfolio });
    this.#sending = { of: portfolio, done };
    try {
      return this.#took(portfolio, await done);
    } finally {
      if (this.#sending?.done === done) this.#sending = undefined;
    }
  }

  /** Whether the held handle is `portfolio`'s. */
  #holds(portfolio: PortfolioDto): boolean { return this.#of === portfolio && this.#handle !== ''; }

  /** `call` by the held handle; undefined when the service no longer holds it. */
  async #byHandle<T extends { book: string }>(call: (ref: AnalysisBookRef) => Promise<T>): Promise<{ r: T } | undefined> {
    try {
      return { r: await call({ book: this.#handle }) };
    } catch (e) {
      if (!gone(e)) throw e;
      this.#of = null;
      return undefined;
    }
  }

  /** Wait while a call on `portfolio` is sending its rows (its failure is that call's to report). */
  async #afterSending(portfolio: PortfolioDto): Promise<void> {
    while (this.#sending?.of === portfolio) await this.#sending.done.catch(() => undefined);
  }

  #took<T extends { book: string }>(portfolio: PortfolioDto, r: T): T {
    this.#of = portfolio;
    this.#handle = r.book;
    return r;
  }
}
