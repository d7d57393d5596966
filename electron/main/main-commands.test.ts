/**
 * Main's own commands and its log capture, against a mocked `electron`: About names the version,
 * the database, the data folder and the licence of every runtime dependency as its package.json
 * declares it (a new dependency, or one under a licence not named, fails here); Open data folder
 * opens the user-data folder and says so when it cannot; `captureProcessOutput` copies stderr
 * into the log (and still writes it) and logs uncaught errors and rejections.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ focused: null as unknown, all: [] as unknown[], openPathAnswer: '' }));
vi.mock('electron', () => ({
  app: { getVersion: () => '1.2.3' },
  BrowserWindow: { getFocusedWindow: () => h.focused, getAllWindows: () => h.all },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn() },
  shell: { openPath: vi.fn(async () => h.openPathAnswer) },
}));

const { dialog, shell } = await import('electron');
const { aboutDetail, BUNDLED_COMPONENTS, DEPENDENCY_LICENCES, runMainCommand } = await import('./modules/main-commands');
const { captureProcessOutput } = await import('./modules/log-file');

const ROOT = join(import.meta.dirname, '../..');
const pkgOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { license?: string; dependencies?: Record<string, string> };
const ctx = { databasePath: '/data/pmdesk.db', userDataPath: '/data' };

/** Licences that packages declare in a way other than their `license` field. */
const DECLARED_ELSEWHERE: Record<string, string> = {
  // buffers@0.1.1 has no `license` field; its README says "MIT/X11".
  buffers: 'MIT/X11',
};

describe('About', () => {
  it('names every runtime dependency with the licence its package.json declares', () => {
    const deps = Object.keys(pkgOf(ROOT).dependencies ?? {});
    expect(deps).toEqual(expect.arrayContaining(['exceljs', 'fflate']));
    const npm = BUNDLED_COMPONENTS.filter((c) => c.npm);
    expect(npm.map((c) => c.name).sort()).toEqual([...deps].sort());
    for (const c of npm) expect(c.licence, c.name).toBe(pkgOf(join(ROOT, 'node_modules', c.name)).license);
    const text = aboutDetail('1.2.3', ctx, '45.6.1');
    for (const c of BUNDLED_COMPONENTS) expect(text).toContain(`${c.name} (${c.licence})`);
  });

  it('names every licence the shipped packages depend on (walked through node_modules)', () => {
    const licences = new Map<string, string>();
    const walk = (name: string) => {
      if (licences.has(name)) return;
      let p;
      try {
        p = pkgOf(join(ROOT, 'node_modules', name));
      } catch {
        return; // an optional dependency not installed on this platform
      }
      licences.set(name, (p.license ?? DECLARED_ELSEWHERE[name] ?? '(none)').replace(/^\((.*)\)$/, '$1'));
      for (const d of Object.keys(p.dependencies ?? {})) walk(d);
    };
    for (const d of Object.keys(pkgOf(ROOT).dependencies ?? {})) walk(d);
    expect(licences.size).toBeGreaterThan(20);
    const named = new Set<string>(DEPENDENCY_LICENCES);
    const unnamed = [...licences].filter(([, l]) => !named.has(l) && !l.split(' AND ').every((part) => named.has(part)));
    expect(unnamed).toEqual([]);
  });

  it('shows version, Electron, database and data folder in a box on the focused window', async () => {
    const win = { id: 1 };
    h.focused = win;
    await runMainCommand('help.about', ctx);
    const [parent, options] = vi.mocked(dialog.showMessageBox).mock.calls.at(-1) as unknown as [unknown, { title: string; detail: string }];
    expect(parent).toBe(win);
    expect(options.title).toBe('About pmdesk');
    expect(options.detail).toContain('Version 1.2.3');
    expect(options.detail).toContain('Database: /data/pmdesk.db');
    expect(options.detail).toContain('Data folder: /data');
    expect(options.detail).toContain('exceljs (MIT)');
    expect(options.detail).toContain('fflate (MIT)');
    // No window at all: a box of its own.
    h.focused = null;
    await runMainCommand('help.about', ctx);
    expect((vi.mocked(dialog.showMessageBox).mock.calls.at(-1) as unknown[])[0]).toMatchObject({ title: 'About pmdesk' });
  });
});

describe('Open data folder', () => {
  beforeEach(() => {
    vi.mocked(dialog.showErrorBox).mockClear();
    vi.mocked(shell.openPath).mockClear();
  });

  it('opens the user-data folder (database and logs) in the file manager', async () => {
    h.openPathAnswer = '';
    await runMainCommand('help.open-data-folder', ctx);
    expect(shell.openPath).toHaveBeenCalledWith('/data');
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('says so when the folder cannot be opened', async () => {
    h.openPathAnswer = 'no file manager';
    await runMainCommand('help.open-data-folder', ctx);
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Cannot open the data folder', '/data: no file manager');
  });
});

describe('captureProcessOutput', () => {
  function fakeProcess() {
    const written: unknown[] = [];
    const listeners = new Map<string, (e: unknown) => void>();
    const proc = {
      stderr: { write: ((chunk: unknown) => (written.push(chunk), true)) as typeof process.stderr.write },
      on: (event: string, fn: (e: unknown) => void) => listeners.set(event, fn),
    };
    return { proc, written, listeners };
  }

  it('copies what is written to stderr into the log, text or bytes, and still writes it', () => {
    const { proc, written } = fakeProcess();
    const lines: string[] = [];
    captureProcessOutput({ write: (l) => void lines.push(l) }, proc as never);
    proc.stderr.write('[service-worker] restarted\n');
    proc.stderr.write(Buffer.from('bytes ünïcode\n', 'utf8'));
    expect(lines).toEqual(['[service-worker] restarted\n', 'bytes ünïcode\n']);
    expect(written).toHaveLength(2);
    expect(written[0]).toBe('[service-worker] restarted\n');
  });

  it('logs uncaught errors with their stack and unhandled rejections', () => {
    const { proc, listeners } = fakeProcess();
    const lines: string[] = [];
    captureProcessOutput({ write: (l) => void lines.push(l) }, proc as never);
    const e = new Error('boom');
    listeners.get('uncaughtException')!(e);
    listeners.get('unhandledRejection')!('plain reason');
    expect(lines[0]).toMatch(/^\[main\] uncaught: Error: boom\n\s+at /);
    expect(lines[1]).toBe('[main] unhandled rejection: plain reason');
  });
});
