/**
 * Column visibility, order and widths of a grid kept per user: in the store with the window's
 * state (`window-state:*`, issue 14 §3 — one database, no second file), read once at start; a
 * layout kept by an earlier version in localStorage is carried over once. Anything unreadable is
 * ignored (defaults).
 */
import type { ColumnState } from 'ag-grid-community';
import { MAX_KEPT_COLUMNS, type KeptColumnDto, type WindowStateApi } from '../../../../shared/ipc/window-state-contract';

export interface ColumnStateStore {
  load(): ColumnState[] | null;
  save(state: ColumnState[]): void;
  /** Resolves once the kept layout has been read (`load` returns it from then on). */
  ready?: Promise<void>;
}

/** A grid's column state in the kept (and schema-checked) shape: widths whole and bounded. */
export function keptColumns(state: readonly ColumnState[]): KeptColumnDto[] {
  return state.filter((c) => typeof c.colId === 'string' && c.colId.length > 0 && c.colId.length <= 200).slice(0, MAX_KEPT_COLUMNS).map((c) => ({
    colId: c.colId,
    hide: c.hide === true,
    ...(typeof c.width === 'number' && Number.isFinite(c.width) ? { width: Math.min(10_000, Math.max(10, Math.round(c.width))) } : {}),
    pinned: c.pinned === 'left' || c.pinned === 'right' ? c.pinned : null,
  }));
}

/** The layout in the store under window `key`; `legacy` (localStorage) is read until the store answers and carried over once. */
export function storedColumnStateStore(windowState: Pick<WindowStateApi, 'get' | 'set'>, key: string, legacy?: ColumnStateStore): ColumnStateStore {
  let kept: ColumnState[] | null = legacy?.load() ?? null;
  const write = (columns: KeptColumnDto[]) => void windowState.set({ key, state: { columns } }).catch(() => { /* not kept: defaults next time */ });
  const ready = windowState.get({ key }).then(
    (s) => {
      if (s.columns) kept = s.columns.map((c) => ({ ...c }));
      else if (kept) write(keptColumns(kept));
    },
    () => { /* the store cannot answer: keep what localStorage had */ },
  );
  return {
    load: () => kept,
    save(state) {
      const columns = keptColumns(state);
      kept = columns.map((c) => ({ ...c }));
      write(columns);
    },
    ready,
  };
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
