/**
 * A delta folded into the figures the renderer holds (shared/domain/row-table.ts readRowTable, as
 * renderer/src/features/workspace/workspace-state.svelte.ts does) gives the figures a fresh open
 * gives, field for field — also when an edit takes a row's figures away (an instrument the market
 * cannot price: no mark, no greeks, an error) or brings them back (the error goes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { tempDbPath } from '../../db/test-helpers';
import { createMarginEngine } from '../margin-engine';
import { demoPortfolioDto } from '../demo-data';
import demoMarket from '../demo/demo-market.json';
import type { RowFiguresDto, SessionSnapshotDto } from '../../../shared/domain/dto/session.dto';
import { readRowTable } from '../../../shared/domain/row-table';
import { createWorkspaceService } from './workspace-service';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** The figures without an emptied `marginalIm` (readRowTable leaves `{}` where it deleted the last method; no figure). */
const plain = (m: Map<string, RowFiguresDto>) => new Map([...m].map(([id, f]) => [id, f.marginalIm && Object.keys(f.marginalIm).length === 0 ? (({ marginalIm: _x, ...rest }) => rest)(f) : f]));

function figuresOf(snap: Pick<SessionSnapshotDto, 'marks' | 'margin'>): Map<string, RowFiguresDto> {
  const m = new Map<string, RowFiguresDto>();
  readRowTable(m, snap.marks);
  readRowTable(m, snap.margin);
  return m;
}

describe('mark deltas clear what a row no longer has', () => {
  it('edits to an unpriceable instrument and back: folded deltas = a fresh open, row by row', async () => {
    const t = tempDbPath('pmdesk-markdelta-');
    cleanups.push(t.cleanup);
    const store = openDatabase(t.path);
    cleanups.push(() => store.close());
    const market = store.marketSnapshots.save('demo', demoMarket);
    const book = demoPortfolioDto();
    store.portfolios.save(book);
    const ws = createWorkspaceService(store, createMarginEngine(), { autosaveMs: 0, deferAboveMs: Number.MAX_SAFE_INTEGER });
    const snap = await ws['session:open']({ portfolioId: book.id, marketId: market.id, methods: ['deribit-pm'], detailFor: 'deribit-pm', shown: ['deribit-pm'] });
    const held = figuresOf(snap);
    expect(held.get('p2')?.markUsd).toBeDefined();
    let version = snap.state.version;
    let seq = 0;
    for (const instrument of ['FOO', 'DOGE-PERPETUAL', 'BTC-25DEC26-90000-P', 'FOO', 'ETH-PERPETUAL']) {
      const r = await ws['session:patch']({ sessionId: snap.sessionId, version, seq: ++seq, ops: [{ op: 'set', id: 'p2', field: 'instrument', value: instrument }] });
      if (r.kind !== 'applied') throw new Error(`edit to ${instrument}: ${r.kind}`);
      version = r.version;
      readRowTable(held, r.marks);
      readRowTable(held, r.margin);
      const fresh = figuresOf(await ws['session:open']({ portfolioId: book.id }));
      expect(plain(held).get('p2'), `p2 after the edit to ${instrument}`).toEqual(fresh.get('p2'));
      expect(plain(held), `every row after the edit to ${instrument}`).toEqual(plain(fresh));
      const coin = instrument.split('-')[0];
      if (coin === 'FOO' || coin === 'DOGE') expect([held.get('p2')?.markUsd, held.get('p2')?.deltaUsd, held.get('p2')?.error]).toEqual([undefined, undefined, expect.stringContaining(`no market data for underlying ${coin}`)]);
      else expect([held.get('p2')?.markUsd !== undefined, held.get('p2')?.error]).toEqual([true, undefined]);
    }
  });
});
