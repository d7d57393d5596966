/** WorkspaceState against an in-memory fake API: edits validate, save, re-run; undo/redo; paste. */
import { describe, expect, it, vi } from 'vitest';
import type { AppApi } from '../../../../shared/ipc/api';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import { WorkspaceState } from './workspace-state.svelte';

function fakeApi() {
  let stored: PortfolioDto = {
    id: 'b', name: 'Book', balances: [],
    positions: [{ id: 'p1', instrument: 'BTC-PERPETUAL', size: '-1000' }, { id: 'p2', instrument: 'ETH-PERPETUAL', size: '500' }],
  };
  let revision = 1;
  const api = {
    app: { info: vi.fn(async () => ({ version: 't', host: 'web' as const, databasePath: ':memory:', methods: [{ id: 'deribit-pm', label: 'PM' }] })) },
    portfolio: {
      list: vi.fn(async () => [{ id: 'b', name: 'Book', revision, savedAt: '', positionCount: stored.positions.length }]),
      get: vi.fn(async () => stored),
      save: vi.fn(async ({ portfolio }: { portfolio: PortfolioDto }) => {
        stored = structuredClone(portfolio);
        revision += 1;
        return { id: 'b', name: 'Book', revision, savedAt: '', positionCount: portfolio.positions.length };
      }),
    },
    market: { list: vi.fn(async () => [{ id: 'm', name: 'M', revision: 1, savedAt: '' }]), get: vi.fn() },
    storage: { documentList: vi.fn(async () => []) },
    margin: { run: vi.fn(async () => ({ asOf: 'x', outcomes: [] })) },
  };
  return { api: api as unknown as AppApi, raw: api, stored: () => stored };
}

describe('WorkspaceState', () => {
  it('loads the first portfolio and runs margin', async () => {
    const { api, raw } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    expect(sut.portfolio?.positions).toHaveLength(2);
    expect(raw.margin.run).toHaveBeenCalledWith(expect.objectContaining({ marketId: 'm', methods: ['deribit-pm'] }));
  });

  it('saves a valid size edit as a new revision and re-runs', async () => {
    const { api, raw, stored } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    expect(await sut.editPosition('p1', 'size', ' -2500.5 ')).toBeNull();
    expect(stored().positions[0].size).toBe('-2500.5');
    expect(sut.lastSaved?.revision).toBe(2);
    expect(raw.margin.run).toHaveBeenCalledTimes(2);
  });

  it('refuses a non-decimal size without saving', async () => {
    const { api, raw } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    expect(await sut.editPosition('p1', 'size', '1,5')).toMatch(/size must be a decimal number/);
    expect(raw.portfolio.save).not.toHaveBeenCalled();
  });

  it('treats an unchanged value as no edit', async () => {
    const { api, raw } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    expect(await sut.editPosition('p1', 'size', '-1000')).toBeNull();
    expect(raw.portfolio.save).not.toHaveBeenCalled();
  });

  it('undoes and redoes, saving each step', async () => {
    const { api, stored } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    await sut.deleteRows(['p2']);
    expect(stored().positions.map((p) => p.id)).toEqual(['p1']);
    await sut.undo();
    expect(stored().positions.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(sut.canRedo).toBe(true);
    await sut.redo();
    expect(stored().positions.map((p) => p.id)).toEqual(['p1']);
  });

  it('pastes rows all-or-nothing', async () => {
    const { api, stored } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    expect(await sut.pasteRows('SOL\t10\nbad line here\tx')).toMatch(/paste refused/);
    expect(stored().positions).toHaveLength(2);
    expect(await sut.pasteRows('SOL\t10\nETH-25DEC26-3000-P\t-5')).toBeNull();
    expect(stored().positions.slice(2).map((p) => [p.instrument, p.size])).toEqual([['SOL', '10'], ['ETH-25DEC26-3000-P', '-5']]);
  });

  it('puts the book back when the save is refused (e.g. a symbol that does not parse)', async () => {
    const { api, raw } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    raw.portfolio.save.mockRejectedValueOnce(new Error('portfolio:save: invalid instrument "BTC-XX"'));
    expect(await sut.editPosition('p1', 'instrument', 'BTC-XX')).toMatch(/not saved: .*BTC-XX/);
    expect(sut.portfolio?.positions[0].instrument).toBe('BTC-PERPETUAL');
    expect(sut.canUndo).toBe(false);
  });

  it('asks for the edited book\'s margin together with the save; a refused save re-runs the restored book and its result wins', async () => {
    const { api, raw } = fakeApi();
    const sut = new WorkspaceState(api);
    await sut.load();
    const order: string[] = [];
    let releaseSave!: () => void;
    raw.portfolio.save.mockImplementationOnce(async () => { order.push('save'); await new Promise<void>((r) => (releaseSave = r)); throw new Error('conflict: stale revision'); });
    // The run of the refused book answers last: it must not replace the restored book's figures.
    let releaseFirstRun!: () => void;
    raw.margin.run.mockImplementationOnce(async () => { order.push('run edited'); await new Promise<void>((r) => (releaseFirstRun = r)); return { asOf: 'edited', outcomes: [] }; });
    raw.margin.run.mockImplementationOnce(async () => { order.push('run restored'); return { asOf: 'restored', outcomes: [] }; });
    const edit = sut.editPosition('p1', 'size', '-2000');
    await Promise.resolve();
    expect(order).toEqual(['save', 'run edited']);
    releaseSave();
    expect(await edit).toMatch(/not saved: conflict/);
    await vi.waitFor(() => expect(sut.margin?.asOf).toBe('restored'));
    releaseFirstRun();
    await new Promise((r) => setTimeout(r, 0));
    expect(sut.margin?.asOf).toBe('restored');
    expect(sut.portfolio?.positions[0].size).toBe('-1000');
    expect(sut.activity).toBe('idle');
  });
});
