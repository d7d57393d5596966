/**
 * Column visibility, order and widths of a grid kept per user in localStorage (a tiny adapter:
 * the store may later move it into the database). Anything unreadable is ignored (defaults).
 */
import type { ColumnState } from 'ag-grid-community';

export interface ColumnStateStore {
  load(): ColumnState[] | null;
  save(state: ColumnState[]): void;
}

/** The kept parts of a column's state (not sort: sorting belongs to the moment). */
type Kept = Pick<ColumnState, 'colId' | 'hide' | 'width' | 'pinned'>;

export function localColumnStateStore(key: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): ColumnStateStore {
  return {
    load() {
      try {
        const raw = storage?.getItem(key);
        if (!raw) return null;
        const v: unknown = JSON.parse(raw);
        if (!Array.isArray(v)) return null;
        return v.filter((c): c is Kept => typeof c === 'object' && c !== null && typeof (c as Kept).colId === 'string')
          .map((c) => ({ colId: c.colId, hide: c.hide === true, ...(typeof c.width === 'number' ? { width: c.width } : {}), pinned: c.pinned === 'left' || c.pinned === 'right' ? c.pinned : null }));
      } catch {
        return null;
      }
    },
    save(state) {
      try {
        const kept: Kept[] = state.map((c) => ({ colId: c.colId, hide: c.hide ?? false, ...(c.width !== undefined ? { width: c.width } : {}), pinned: c.pinned ?? null }));
        storage?.setItem(key, JSON.stringify(kept));
      } catch {
        // storage full or disabled: the layout just is not kept
      }
    },
  };
}
