/**
 * The handle of the open book in the service's analysis channels (`AnalysisBookRef`,
 * analysis-contract.ts), shared by the Risk view's heatmap and payoff: the first request on a book
 * sends the portfolio, every later one on the same book object only the handle the service
 * answered with. The workspace replaces `ws.portfolio` with a new object on every edit, so object
 * identity is the "same book" test (no pass over the rows). A handle the service no longer holds
 * (it keeps a few books; a restarted worker none) is answered by sending the portfolio again.
 */
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import { BOOK_HANDLE_GONE, type AnalysisBookRef } from '../../../../shared/ipc/analysis-contract';

export class BookHandle {
  #of: PortfolioDto | null = null;
  #handle = '';

  /** `call` with the book as a handle when the service holds this very object, else the portfolio. */
  async call<T extends { book: string }>(portfolio: PortfolioDto, call: (ref: AnalysisBookRef) => Promise<T>): Promise<T> {
    if (this.#of === portfolio && this.#handle) {
      try {
        return await call({ book: this.#handle });
      } catch (e) {
        if (!(e instanceof Error && e.message.includes(BOOK_HANDLE_GONE))) throw e;
        this.#of = null;
      }
    }
    const r = await call({ portfolio });
    this.#of = portfolio;
    this.#handle = r.book;
    return r;
  }
}
