import { describe, expect, it } from 'vitest';
import { localColumnStateStore } from './column-state-store';

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
