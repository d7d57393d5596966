import { describe, expect, it } from 'vitest';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import { BOOK_HANDLE_GONE, type AnalysisBookRef } from '../../../../shared/ipc/analysis-contract';
import { BookHandle } from './book-handle';

const book = (name: string): PortfolioDto => ({ id: 'p', name, balances: [], positions: [] });

/** A service double: answers a new handle per portfolio sent, refuses handles it was told to forget. */
function service() {
  const sent: AnalysisBookRef[] = [];
  const held = new Set<string>();
  let n = 0;
  const call = async (ref: AnalysisBookRef) => {
    sent.push(ref);
    if (ref.book !== undefined && !held.has(ref.book)) throw new Error(`analysis:payoff: ${BOOK_HANDLE_GONE} (${ref.book}) not found`);
    const h = ref.book ?? `h${++n}`;
    held.add(h);
    return { book: h };
  };
  return { sent, held, call };
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
  it('sends the rows again when the service no longer holds the handle; other failures pass through', async () => {
    const s = service(), b = new BookHandle(), a = book('a');
    await b.call(a, s.call);
    s.held.clear();
    expect(await b.call(a, s.call)).toEqual({ book: 'h2' });
    expect(s.sent).toEqual([{ portfolio: a }, { book: 'h1' }, { portfolio: a }]);
    await expect(b.call(a, async () => { throw new Error('analysis:payoff: market snapshot m not found'); })).rejects.toThrow(/market snapshot/);
  });
});
