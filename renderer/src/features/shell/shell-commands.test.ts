/**
 * Every `kind: 'renderer'` command of the table reaches a handler in the renderer's registry (the
 * registry DesktopShell builds from `shellCommandHandlers`), and each one does something: running
 * it calls exactly one action. A command added to the table without a handler fails here (and
 * does not compile); File → New portfolio once answered "not available here" from the menu.
 */
import { describe, expect, it, vi, type Mock } from 'vitest';
import { COMMANDS, RENDERER_COMMAND_IDS, type RendererCommandId } from '../../../../shared/commands/command-table';
import { CommandRegistry } from '../../lib/commands/command-registry';
import { APP_COMMAND_IDS, shellCommandHandlers, type AppCommandActions, type ShellCommandDeps } from './shell-commands';

function build() {
  const deps = {
    textEdit: vi.fn(() => false),
    undo: vi.fn(async () => {}),
    redo: vi.fn(async () => {}),
    newPortfolio: vi.fn(),
    openSwitcher: vi.fn(),
    openFile: vi.fn(async () => {}),
    toggleHelp: vi.fn(),
    toggleTheme: vi.fn(),
    runAll: vi.fn(),
    cancel: vi.fn(async () => {}),
  } satisfies ShellCommandDeps;
  const app = Object.fromEntries(APP_COMMAND_IDS.map((id) => [id, vi.fn(() => {})])) as unknown as Record<keyof AppCommandActions, Mock<() => void>>;
  const registry = new CommandRegistry();
  for (const [id, fn] of Object.entries(shellCommandHandlers(deps, app))) registry.register(id as RendererCommandId, fn);
  const actions = { ...deps, ...app } as Record<string, Mock>;
  const called = () => Object.entries(actions).filter(([name, fn]) => name !== 'textEdit' && fn.mock.calls.length > 0).map(([name]) => name);
  return { deps, app, registry, called };
}

describe('renderer command registry', () => {
  it('the renderer ids are exactly the table commands of kind renderer', () => {
    expect([...RENDERER_COMMAND_IDS].sort()).toEqual(COMMANDS.filter((c) => c.kind === 'renderer').map((c) => c.id).sort());
    expect(RENDERER_COMMAND_IDS.length).toBeGreaterThan(10);
  });

  it('has a handler for every kind: renderer command, and nothing else', () => {
    const { registry } = build();
    const missing = RENDERER_COMMAND_IDS.filter((id) => !registry.has(id));
    expect(missing).toEqual([]);
    const handlers = shellCommandHandlers(build().deps, build().app);
    expect(Object.keys(handlers).sort()).toEqual([...RENDERER_COMMAND_IDS].sort());
  });

  for (const id of RENDERER_COMMAND_IDS) {
    it(`${id}: running it calls exactly one action`, () => {
      const { registry, called } = build();
      expect(registry.run(id)).toBe(true);
      expect(called()).toHaveLength(1);
    });
  }

  it('routes New portfolio to the name dialog, Compare… to App, imports to the open dialog of their purpose', () => {
    const b = build();
    b.registry.run('file.new-portfolio');
    expect(b.called()).toEqual(['newPortfolio']);
    b.registry.run('portfolio.compare');
    expect(b.app['portfolio.compare']).toHaveBeenCalledOnce();
    b.registry.run('file.import-market');
    expect(b.deps.openFile).toHaveBeenLastCalledWith('market');
    b.registry.run('file.import-positions');
    expect(b.deps.openFile).toHaveBeenLastCalledWith('positions');
  });

  it('undo goes to the focused text field first, else to the grid history', () => {
    const b = build();
    b.registry.run('edit.undo');
    expect(b.deps.undo).toHaveBeenCalledOnce();
    b.deps.textEdit.mockReturnValue(true);
    b.registry.run('edit.redo');
    expect(b.deps.redo).not.toHaveBeenCalled();
  });
});
