/**
 * The books the analysis channels were last asked about, parsed once and held under a handle
 * (`AnalysisBookRef` in analysis-contract.ts): the renderer sends the 20,000-row book with its
 * first heatmap or payoff request and only the handle with every further one on the same book
 * (the heatmap's other rows, the payoff's later dates, a redraw), so those requests neither carry
 * 1.3 MB of JSON nor have it parsed, cloned to the worker and validated again. A book sent again
 * with the same text (a client that does not keep handles) gets the handle it already has, with
 * the parse and the heatmap's method runners kept. A working session's book (`session`: the
 * service owns the open book) is taken from the session when it is still at the version asked
 * for, held under its (session, version), without the rows crossing the boundary again, and
 * with the parse the engine's sessions made of it when they hold one (not parsed a second time).
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisBookRef } from '../../../shared/ipc/analysis-contract';
import { BOOK_HANDLE_GONE } from '../../../shared/ipc/analysis-contract';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import { parseMarginInput, type MarginInput } from '../../engine/margin/margin-input';
import { NotFoundError } from '../service-errors';
import type { CellRun } from './cell-runner';

/** Books held (the last ones asked about, newest kept): two windows, or a book and its edit, each find theirs. */
export const HELD_BOOKS = 3;

/**
 * An open working session's book and the version it is at (`undefined`: no such session), and
 * the parse of that book the margin engine's incremental sessions already hold, if any
 * (`MarginEngine.parsedBook`: the session's last run parsed only the rows an edit changed).
 */
export type SessionBookOf = (sessionId: string) => { book: PortfolioDto; version: number; parsed?: () => MarginInput | undefined } | undefined;

/** One held book: its text (the identity a resent book is matched by), parse and heatmap runners. */
export interface HeldBook {
  handle: string;
  portfolio: PortfolioDto;
  /** `JSON.stringify(portfolio)`, made only when a book is sent (never for a handle); '' for a session's book. */
  text: string;
  /** `sessionId@version` of a session's book (its identity), else undefined. */
  session?: string;
  /** The parsed book, or what its parse threw (answered for every request on it). */
  input: MarginInput | { error: unknown };
  /** The heatmap's runner per method and parameters (cell-runner.ts). */
  runners: Map<string, CellRun>;
  /** Channel checks already passed on this book (`assertPortfolioDecimals` …), by channel. */
  checked: Set<string>;
}

export class HeldBooks {
  readonly #books: HeldBook[] = [];
  readonly #isInputError: (e: unknown) => boolean;
  readonly #sessionBook: SessionBookOf;

  constructor(isInputError: (e: unknown) => boolean, sessionBook: SessionBookOf = () => undefined) {
    this.#isInputError = isInputError;
    this.#sessionBook = sessionBook;
  }

  /**
   * The book of `ref`: the held one its handle names (refused as not found when it is no longer
   * held), or the portfolio sent, held under a new handle unless a held book has the same text.
   * The newest asked-about book is kept longest.
   */
  of(ref: AnalysisBookRef): HeldBook {
    let b: HeldBook | undefined;
    if (ref.session !== undefined) {
      const { sessionId, version } = ref.session;
      const s = this.#sessionBook(sessionId);
      if (!s || s.version !== version) {
        throw new NotFoundError(`${BOOK_HANDLE_GONE} (session ${sessionId} ${s ? `is at version ${s.version}, not ${version}` : 'is not open'}): send the portfolio`);
      }
      const key = `${sessionId}@${version}`;
      b = this.#books.find((x) => x.session === key);
      if (!b) b = { handle: randomUUID(), portfolio: s.book, text: '', session: key, input: s.parsed?.() ?? this.#parse(s.book), runners: new Map(), checked: new Set() };
    } else if (ref.portfolio === undefined) {
      b = this.#books.find((x) => x.handle === ref.book);
      if (!b) throw new NotFoundError(`${BOOK_HANDLE_GONE} (${ref.book}): send the portfolio again`);
    } else {
      const text = JSON.stringify(ref.portfolio);
      b = this.#books.find((x) => x.text === text);
      if (!b) {
        b = { handle: randomUUID(), portfolio: ref.portfolio, text, input: this.#parse(ref.portfolio), runners: new Map(), checked: new Set() };
      }
    }
    const i = this.#books.indexOf(b);
    if (i >= 0) this.#books.splice(i, 1);
    this.#books.unshift(b);
    this.#books.length = Math.min(this.#books.length, HELD_BOOKS);
    return b;
  }

  /** The parse of a book, or what it threw when that is an input error. */
  #parse(portfolio: PortfolioDto): HeldBook['input'] {
    try { return parseMarginInput(portfolio); } catch (e) {
      if (!this.#isInputError(e)) throw e;
      return { error: e };
    }
  }
}
