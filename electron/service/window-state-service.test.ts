/** Window state in the store (migration 6) through the service's channels, with request validation. */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index';
import { openTempStore } from '../db/test-helpers';
import { parseRequest } from '../../shared/ipc/schemas';
import { createWindowStateService } from './window-state-service';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('window-state channels', () => {
  it('merge fields, forget one with null, and survive reopening the database', () => {
    const { store, path, close } = openTempStore();
    const svc = createWindowStateService(store.windowState);
    expect(svc['window-state:get']({ key: 'main' })).toEqual({});
    svc['window-state:set']({ key: 'main', state: { bounds: { x: 10, y: 20, width: 1300, height: 850 }, maximized: false } });
    expect(svc['window-state:set']({ key: 'main', state: { portfolioId: 'demo-book', maximized: true } })).toEqual({ bounds: { x: 10, y: 20, width: 1300, height: 850 }, maximized: true, portfolioId: 'demo-book' });
    svc['window-state:set']({ key: 'main', state: { portfolioId: null } });
    store.close();
    const again = openDatabase(path);
    cleanup = () => {
      again.close();
      close();
    };
    expect(createWindowStateService(again.windowState)['window-state:get']({ key: 'main' })).toEqual({ bounds: { x: 10, y: 20, width: 1300, height: 850 }, maximized: true });
  });

  it('a stored object that no longer fits the schema reads as empty instead of failing', () => {
    const { store, close } = openTempStore();
    cleanup = close;
    store.windowState.merge('main', { bounds: { x: 'left' } });
    expect(createWindowStateService(store.windowState)['window-state:get']({ key: 'main' })).toEqual({});
  });

  it('requests are validated: integer bounds in range, known fields, kebab-case key', () => {
    expect(() => parseRequest('window-state:set', { key: 'main', state: { bounds: { x: 0.5, y: 0, width: 1000, height: 700 } } })).toThrow(/bounds\.x/);
    expect(() => parseRequest('window-state:set', { key: 'main', state: { path: '/etc' } })).toThrow();
    expect(() => parseRequest('window-state:get', { key: '../x' })).toThrow(/kebab-case/);
    expect(parseRequest('window-state:set', { key: 'main', state: { marketId: null } })).toEqual({ key: 'main', state: { marketId: null } });
  });

  it('the grid column layout is kept in the store beside the other fields; a bad layout is refused by field', () => {
    const { store, close } = openTempStore();
    cleanup = close;
    const svc = createWindowStateService(store.windowState);
    const columns = [{ colId: 'size', hide: false, width: 120, pinned: 'left' as const }, { colId: 'iv', hide: true, pinned: null }];
    svc['window-state:set']({ key: 'main', state: { portfolioId: 'p' } });
    expect(svc['window-state:set']({ key: 'main', state: { columns } })).toEqual({ portfolioId: 'p', columns });
    expect(svc['window-state:get']({ key: 'main' })).toEqual({ portfolioId: 'p', columns });
    expect(() => parseRequest('window-state:set', { key: 'main', state: { columns: [{ colId: 'size', hide: false, width: 1.5, pinned: null }] } })).toThrow(/columns/);
    expect(() => parseRequest('window-state:set', { key: 'main', state: { columns: [{ colId: 'size', hide: false, pinned: 'top' }] } })).toThrow(/columns/);
    expect(() => parseRequest('window-state:set', { key: 'main', state: { columns: Array.from({ length: 201 }, (_, i) => ({ colId: `c${i}`, hide: false, pinned: null })) } })).toThrow(/200 columns/);
    expect(parseRequest('window-state:set', { key: 'main', state: { columns: null } })).toEqual({ key: 'main', state: { columns: null } });
  });
});
