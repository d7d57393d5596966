/** The renderer's command registry and the accelerator reading it relies on. */
import { describe, expect, it, vi } from 'vitest';
import { COMMANDS, RENDERER_COMMAND_IDS } from '../../../../shared/commands/command-table';
import { formatAccelerator, matchesAccelerator, parseAccelerator } from '../../../../shared/commands/accelerator';
import { CommandRegistry } from './command-registry';

function key(k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}, target: unknown = { tagName: 'DIV' }) {
  return { key: k, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt, target, defaultPrevented: false, preventDefault: vi.fn() };
}
const LINUX = { isMac: false, menuHandlesAccelerators: false };

describe('accelerators', () => {
  it('parse, match and format the Electron syntax', () => {
    expect(parseAccelerator('CmdOrCtrl+Shift+Z')).toEqual({ primary: true, shift: true, alt: false, key: 'z' });
    expect(matchesAccelerator(key('Z', { ctrl: true, shift: true }), 'CmdOrCtrl+Shift+Z', false)).toBe(true);
    expect(matchesAccelerator(key('z', { ctrl: true }), 'CmdOrCtrl+Shift+Z', false)).toBe(false);
    expect(matchesAccelerator(key('z', { meta: true }), 'CmdOrCtrl+Z', true)).toBe(true);
    expect(matchesAccelerator(key('z', { ctrl: true }), 'CmdOrCtrl+Z', true)).toBe(false);
    expect(formatAccelerator('CmdOrCtrl+Shift+Z', true)).toBe('⌘⇧Z');
    expect(formatAccelerator('CmdOrCtrl+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatAccelerator('Escape', false)).toBe('Esc');
    expect(() => parseAccelerator('Hyper+Z')).toThrow(/unknown modifier/);
  });

  it('every accelerator of the table parses', () => {
    for (const c of COMMANDS) if ('accelerator' in c && c.accelerator) expect(() => parseAccelerator(c.accelerator)).not.toThrow();
  });
});

describe('CommandRegistry', () => {
  it('runs the registered handler; false for an unregistered command; unregister removes it', () => {
    const r = new CommandRegistry();
    const undo = vi.fn();
    const off = r.register('edit.undo', undo);
    expect(r.run('edit.undo')).toBe(true);
    expect(undo).toHaveBeenCalledOnce();
    expect(r.run('edit.redo')).toBe(false);
    off();
    expect(r.run('edit.undo')).toBe(false);
  });

  it('reports a failing async handler instead of throwing', async () => {
    const onError = vi.fn();
    const r = new CommandRegistry(onError);
    r.register('margin.recompute', async () => { throw new Error('boom'); });
    r.run('margin.recompute');
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith('margin.recompute', expect.objectContaining({ message: 'boom' })));
  });

  it('keyboard fallback (web host): shortcuts of the table run their command; ? and F1 open the help', () => {
    const r = new CommandRegistry();
    const seen: string[] = [];
    for (const id of RENDERER_COMMAND_IDS) r.register(id, () => void seen.push(id));
    expect(r.handleKey(key('z', { ctrl: true }), LINUX)).toBe('edit.undo');
    expect(r.handleKey(key('R', { ctrl: true, shift: true }), LINUX)).toBe('margin.run-all');
    expect(r.handleKey(key('?', { shift: true }), LINUX)).toBe('help.shortcuts');
    expect(r.handleKey(key('F1'), LINUX)).toBe('help.shortcuts');
    expect(r.handleKey(key('s', { ctrl: true }), { ...LINUX, skip: ['file.save-revision'] })).toBeUndefined();
    expect(seen).toEqual(['edit.undo', 'margin.run-all', 'help.shortcuts', 'help.shortcuts']);
  });

  it('in a text field only F-keys and Esc are taken (typing ? or Ctrl+Z stays with the field)', () => {
    const r = new CommandRegistry();
    for (const id of RENDERER_COMMAND_IDS) r.register(id, () => {});
    const input = { tagName: 'INPUT' };
    expect(r.handleKey(key('?', { shift: true }, input), LINUX)).toBeUndefined();
    expect(r.handleKey(key('z', { ctrl: true }, input), LINUX)).toBeUndefined();
    expect(r.handleKey(key('Escape', {}, input), LINUX)).toBe('margin.cancel');
  });

  it('with the native menu only page keys are handled (the menu has the rest)', () => {
    const r = new CommandRegistry();
    for (const id of RENDERER_COMMAND_IDS) r.register(id, () => {});
    const native = { isMac: false, menuHandlesAccelerators: true };
    expect(r.handleKey(key('z', { ctrl: true }), native)).toBeUndefined();
    expect(r.handleKey(key('Escape'), native)).toBe('margin.cancel');
    expect(r.handleKey(key('?'), native)).toBe('help.shortcuts');
  });
});
