import { describe, expect, it } from 'vitest';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import { BOOK_HANDLE_GONE, type AnalysisBookRef, type AnalysisSessionRef } from '../../../../shared/ipc/analysis-contract';
import { BookHandle } from './book-handle';

const book = (name: string): PortfolioDto => ({ id: 'p', name, balances: [], positions: [] });

/**
 * A service double: answers a new handle per portfolio sent, refuses handles it was told to forget,
 * and holds one open session at `at.version` (refused as not held at any other version).
 */
function service() {
  const sent: AnalysisBookRef[] = [];
  const held = new Set<string>();
  const at = { sessionId: 's1', version: 3 };
  let n = 0;
  const call = async (ref: AnalysisBookRef) => {
    sent.push(ref);
    if (ref.book !== undefined && !held.has(ref.book)) throw new Error(`analysis:payoff: ${BOOK_HANDLE_GONE} (${ref.book}) not found`);
    if (ref.session && (ref.session.sessionId !== at.sessionId || ref.session.version !== at.version)) {
      throw new Error(`analysis:payoff: ${BOOK_HANDLE_GONE} (session ${ref.session.sessionId} is at version ${at.version}, not ${ref.session.version}) not found`);
    }
    const h = ref.book ?? `h${++n}`;
    held.add(h);
    return { book: h, of: ref.session ? 'session' : ref.portfolio ? 'rows' : 'handle' };
  };
  return { sent, held, at, call };
}

/** The workspace as BookHandle sees it: the book on screen and its session ref (undefined while an edit is queued). */
function workspace(portfolio: PortfolioDto, version = 3) {
  return { portfolio, ref: { sessionId: 's1', version } as AnalysisSessionRef | undefined, sessionRef() { return this.ref; } };
}

describe('BookHandle', () => {
  it('sends the rows once per book object, then the handle; a new object (an edit) sends them again', async () => {
    const s = service(), b = new BookHandle(), a = book('a');
    await b.call(a, s.call);
    await b.call(a, s.call);
    const edited = book('a');
    await b.call(edited, s.call);
    expect(s.sent).toEqual([{ portfolio: a }, { book: 'h1' }, { portfolio: edited }]);
  });
  it('names the open session at its version when no edit is queued (no rows sent), then the handle it answered', async () => {
    const s = service(), a = book('a'), b = new BookHandle(workspace(a));
    expect(await b.call(a, s.call)).toEqual({ book: 'h1', of: 'session' });
    await b.call(a, s.call);
    expect(s.sent).toEqual([{ session: { sessionId: 's1', version: 3 } }, { book: 'h1' }]);
  });
  it('sends the rows while an edit is queued (no session ref), or for a book that is not the one on screen', async () => {
    const s = service(), a = book('a'), ws = workspace(a);
    ws.ref = undefined;
    await new BookHandle(ws).call(a, s.call);
    const older = book('a');
    await new BookHandle(workspace(a)).call(older, s.call);
    expect(s.sent).toEqual([{ portfolio: a }, { portfolio: older }]);
  });
  it('a session that moved on (BOOK_HANDLE_GONE) is answered by sending the rows once, with their answer; other failures pass through', async () => {
    const s = service(), a = book('a'), b = new BookHandle(workspace(a, 2));
    const fallback = await service().call({ portfolio: a });
    expect(await b.call(a, s.call)).toEqual(fallback);
    expect(s.sent).toEqual([{ session: { sessionId: 's1', version: 2 } }, { portfolio: a }]);
    await expect(new BookHandle(workspace(a)).call(a, async () => { throw new Error('analysis:payoff: market snapshot m not found'); })).rejects.toThrow(/market snapshot/);
  });
  it('sends the rows again when the service no longer holds the handle; other failures pass through', async () => {
    const s = service(), b = new BookHandle(), a = book('a');
    await b.call(a, s.call);
    s.held.clear();
    expect(await b.call(a, s.call)).toEqual({ book: 'h2', of: 'rows' });
    expect(s.sent).toEqual([{ portfolio: a }, { book: 'h1' }, { portfolio: a }]);
    await expect(b.call(a, async () => { throw new Error('analysis:payoff: market snapshot m not found'); })).rejects.toThrow(/market snapshot/);
  });
  it('overlapping calls on a book: with the rows, the second waits for the first\'s handle (rows sent once); with the session, both name it at once', async () => {
    const s = service(), a = book('a'), b = new BookHandle();
    const order: string[] = [];
    const slow = (ref: AnalysisBookRef) => { order.push(ref.portfolio ? 'rows' : ref.book ?? 'session'); return s.call(ref); };
    const [x, y] = await Promise.all([b.call(a, slow), b.call(a, slow)]);
    expect(s.sent).toEqual([{ portfolio: a }, { book: 'h1' }]);
    expect([x.book, y.book]).toEqual(['h1', 'h1']);
    // A failed send releases the waiting call, which then sends the rows itself.
    const failing = new BookHandle(), c = book('c');
    let first = true;
    const flaky = (ref: AnalysisBookRef) => { if (first) { first = false; return Promise.reject(new Error('disk full')); } return s.call(ref); };
    const [f, g] = await Promise.allSettled([failing.call(c, flaky), failing.call(c, flaky)]);
    expect(f.status).toBe('rejected');
    expect(g).toMatchObject({ status: 'fulfilled', value: { of: 'rows' } });
    const t = service(), d = book('d'), h = new BookHandle(workspace(d));
    const both = Promise.all([h.call(d, t.call), h.call(d, t.call)]);
    expect(t.sent).toEqual([{ session: { sessionId: 's1', version: 3 } }, { session: { sessionId: 's1', version: 3 } }]); // both sent before either answer
    await both;
    expect(order).toEqual(['rows', 'h1']);
  });
  it('two calls on a held handle the service has forgotten (a restarted worker): the rows are sent once, the other call takes their handle', async () => {
    const s = service(), a = book('a'), b = new BookHandle();
    await b.call(a, s.call); // handle h1
    s.held.clear(); // the worker restarted: h1 is gone
    s.sent.length = 0;
    const [x, y] = await Promise.all([b.call(a, s.call), b.call(a, s.call)]);
    expect(s.sent.filter((r) => r.portfolio !== undefined)).toHaveLength(1);
    expect(s.sent).toEqual([{ book: 'h1' }, { book: 'h1' }, { portfolio: a }, { book: 'h2' }]);
    expect([x.book, y.book]).toEqual(['h2', 'h2']);
  });
});
