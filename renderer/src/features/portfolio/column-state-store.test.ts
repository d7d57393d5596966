import { describe, expect, it } from 'vitest';
import { keptColumns, localColumnStateStore, storedColumnStateStore } from './column-state-store';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('localColumnStateStore', () => {
  it('keeps order, visibility, width and pinning, not sort', () => {
    const s = memory();
    const store = localColumnStateStore('k', s);
    store.save([{ colId: 'size', hide: false, width: 120, sort: 'asc' }, { colId: 'iv', hide: true }]);
    expect(store.load()).toEqual([{ colId: 'size', hide: false, width: 120, pinned: null }, { colId: 'iv', hide: true, pinned: null }]);
  });
  it('ignores unreadable data', () => {
    const s = memory();
    s.setItem('k', '{nope');
    expect(localColumnStateStore('k', s).load()).toBeNull();
    s.setItem('k', '[1,{"colId":"x"}]');
    expect(localColumnStateStore('k', s).load()).toEqual([{ colId: 'x', hide: false, pinned: null }]);
    expect(localColumnStateStore('k', undefined).load()).toBeNull();
  });
});

describe('storedColumnStateStore (the layout in the store, issue 14 §3)', () => {
  /** An in-memory window-state service with the merge semantics of window-state:set. */
  function windowState(initial: Record<string, unknown> = {}) {
    const state: Record<string, unknown> = { ...initial };
    const sets: unknown[] = [];
    return {
      state, sets,
      get: async () => ({ ...state }),
      set: async ({ state: patch }: { key: string; state: Record<string, unknown> }) => { sets.push(patch); Object.assign(state, patch); return { ...state }; },
    };
  }

  it('reads the stored layout once ready, and saves to the store with widths whole and bounded', async () => {
    const ws = windowState({ columns: [{ colId: 'iv', hide: true, pinned: null }] });
    const store = storedColumnStateStore(ws, 'main');
    await store.ready;
    expect(store.load()).toEqual([{ colId: 'iv', hide: true, pinned: null }]);
    store.save([{ colId: 'size', hide: false, width: 120.6, pinned: 'left', sort: 'asc' }, { colId: 'mark', width: 3 }]);
    await Promise.resolve();
    expect(ws.state['columns']).toEqual([{ colId: 'size', hide: false, width: 121, pinned: 'left' }, { colId: 'mark', hide: false, width: 10, pinned: null }]);
    expect(store.load()).toEqual(ws.state['columns']);
  });

  it('carries a layout kept in localStorage over to the store once, and keeps it when the store cannot answer', async () => {
    const s = memory();
    const legacy = localColumnStateStore('k', s);
    legacy.save([{ colId: 'size', hide: true }]);
    const ws = windowState();
    const store = storedColumnStateStore(ws, 'main', legacy);
    expect(store.load()).toEqual([{ colId: 'size', hide: true, pinned: null }]);
    await store.ready;
    expect(ws.sets).toEqual([{ columns: [{ colId: 'size', hide: true, pinned: null }] }]);
    const down = { get: async () => { throw new Error('no store'); }, set: async () => { throw new Error('no store'); } };
    const offline = storedColumnStateStore(down, 'main', legacy);
    await offline.ready;
    expect(offline.load()).toEqual([{ colId: 'size', hide: true, pinned: null }]);
    expect(() => offline.save([{ colId: 'x' }])).not.toThrow();
  });

  it('keptColumns fits the window-state schema: at most 200 columns, ids of 1–200 characters', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ colId: `c${i}` }));
    expect(keptColumns(many)).toHaveLength(200);
    expect(keptColumns([{ colId: '' }, { colId: 'x'.repeat(201) }, { colId: 'ok', width: Number.NaN }])).toEqual([{ colId: 'ok', hide: false, pinned: null }]);
  });
});
