/** Window state against a mocked `electron`: clamped onto a display that exists, saved through the service. */
import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ displays: [] as { workArea: { x: number; y: number; width: number; height: number } }[] }));
vi.mock('electron', () => ({
  screen: { getAllDisplays: () => h.displays, getPrimaryDisplay: () => h.displays[0] },
}));
const { clampToDisplays, loadWindowState, trackWindowState } = await import('./modules/window-state');

const LAPTOP = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT_MONITOR = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('clampToDisplays', () => {
  it('keeps a window that is on a display', () => {
    const b = { x: 2200, y: 100, width: 1600, height: 1000 };
    expect(clampToDisplays(b, [LAPTOP, RIGHT_MONITOR], LAPTOP)).toEqual(b);
  });

  it('brings a window from an unplugged monitor back onto the primary display, shrunk to fit', () => {
    expect(clampToDisplays({ x: 2200, y: 100, width: 2400, height: 1300 }, [LAPTOP], LAPTOP)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('moves a window whose title bar is above the screen down onto it', () => {
    const r = clampToDisplays({ x: 100, y: -500, width: 1200, height: 800 }, [LAPTOP], LAPTOP);
    expect(r).toEqual({ x: 100, y: 0, width: 1200, height: 800 });
  });

  it('never goes below the minimum size where the display allows it, nor beyond a small display', () => {
    const small = { x: 0, y: 0, width: 800, height: 500 };
    expect(clampToDisplays({ x: 5000, y: 5000, width: 300, height: 200 }, [small], small)).toEqual({ x: 0, y: 0, width: 800, height: 500 });
  });
});

describe('load and track', () => {
  it('loads the stored bounds clamped to the current displays', async () => {
    h.displays = [{ workArea: LAPTOP }];
    const dispatch = vi.fn(async () => ({ ok: true as const, value: { bounds: { x: 3000, y: 50, width: 1400, height: 900 }, maximized: true, portfolioId: 'demo-book' } }));
    expect(await loadWindowState(dispatch)).toEqual({ bounds: { x: 520, y: 50, width: 1400, height: 900 }, maximized: true, portfolioId: 'demo-book' });
    expect(dispatch).toHaveBeenCalledWith('window-state:get', { key: 'main' });
  });

  it('saves the normal bounds and the maximised flag on resize (debounced) and on close', async () => {
    vi.useFakeTimers();
    const listeners: Record<string, () => void> = {};
    const win = {
      on: (ev: string, fn: () => void) => void (listeners[ev] = fn),
      isDestroyed: () => false,
      getNormalBounds: () => ({ x: 10.4, y: 20, width: 1300, height: 850 }),
      isMaximized: () => true,
    };
    const dispatch = vi.fn(async () => ({ ok: true as const, value: {} }));
    trackWindowState(win as never, dispatch, 500);
    listeners['resize']();
    listeners['move']();
    expect(dispatch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch).toHaveBeenCalledWith('window-state:set', { key: 'main', state: { bounds: { x: 10, y: 20, width: 1300, height: 850 }, maximized: true } });
    listeners['close']();
    expect(dispatch).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});
