/**
 * The main window's bounds and maximised flag, kept in the store (migration 6, `window-state:*`
 * through the service worker) and restored on the next start — clamped onto a display that still
 * exists, so a window last seen on an unplugged monitor comes back on screen.
 */
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import type { WindowBoundsDto, WindowStateDto } from '../../../shared/ipc/window-state-contract';
import type { Dispatcher } from '../../service/worker/worker-protocol';

/** The window key of the main window in the store. */
export const MAIN_WINDOW_KEY = 'main';
/** Smallest window pmdesk opens (the main window's minWidth / minHeight). */
export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the title bar must be on a display for the window to count as reachable. */
const MIN_VISIBLE = 100;

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Bring `bounds` onto the displays' work areas: keep it where it was if enough of its top edge is
 * on some display; otherwise move it onto the display it overlaps most (or the primary one),
 * shrunk to fit that work area and never below the minimum size.
 */
export function clampToDisplays(bounds: WindowBoundsDto, workAreas: readonly Rectangle[], primary: Rectangle): WindowBoundsDto {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: 30 };
  const reachable = workAreas.some((a) => overlap(titleBar, a) >= MIN_VISIBLE * 30 && bounds.y >= a.y && bounds.y < a.y + a.height);
  const fitsSomewhere = workAreas.some((a) => bounds.width <= a.width && bounds.height <= a.height);
  if (reachable && fitsSomewhere) return bounds;
  const target = [...workAreas].sort((a, b) => overlap(bounds, b) - overlap(bounds, a)).find((a) => overlap(bounds, a) > 0) ?? primary;
  const width = Math.max(Math.min(bounds.width, target.width), Math.min(MIN_SIZE.width, target.width));
  const height = Math.max(Math.min(bounds.height, target.height), Math.min(MIN_SIZE.height, target.height));
  const x = Math.min(Math.max(bounds.x, target.x), target.x + target.width - width);
  const y = Math.min(Math.max(bounds.y, target.y), target.y + target.height - height);
  return { x, y, width, height };
}

/** The stored state, with the bounds clamped to today's displays. */
export async function loadWindowState(dispatch: Dispatcher): Promise<WindowStateDto> {
  const r = await dispatch('window-state:get', { key: MAIN_WINDOW_KEY });
  const state = r.ok ? (r.value as WindowStateDto) : {};
  if (!state.bounds) return state;
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  return { ...state, bounds: clampToDisplays(state.bounds, areas, screen.getPrimaryDisplay().workArea) };
}

/** Save the window's bounds (the normal ones while maximised) and maximised flag on change, debounced. */
export function trackWindowState(win: BrowserWindow, dispatch: Dispatcher, delayMs = 500): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    void dispatch('window-state:set', { key: MAIN_WINDOW_KEY, state: { bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }, maximized: win.isMaximized() } });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev as 'resize', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
  return save;
}
