/**
 * The Electron-only `shell:*` channels fuzzed like every other channel (issue 11 §2), against a
 * mocked `electron` (no binary here): requests generated from `shellRequestSchemas` themselves —
 * wrong types, missing and extra fields, huge strings, decimal nonsense — must each come back as a
 * `validation` envelope naming the item, before main does anything: no dialog shown, no message box,
 * no file written or read, nothing sent to the service, no path opened. A valid request generated
 * from the same schema must pass the schema (the generator is not vacuous). The channel list is the
 * contract's own, so a shell channel added tomorrow is fuzzed today.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as valibot from 'valibot';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { prng } from '../../electron/engine/margin/synthetic-book';
import { SHELL_CHANNELS, shellRequestSchemas } from '../../shared/ipc/shell-contract';
import { fuzzCase, type FuzzCase } from './schema-cases';

const CASES = Number(process.env['PMDESK_FUZZ_CASES'] ?? 200);
const SEED = Number(process.env['PMDESK_FUZZ_SEED'] ?? 11_2026);
const TIMEOUT = 30_000 + CASES * 5;
const OUT = mkdtempSync(join(tmpdir(), 'pmdesk-shell-fuzz-'));

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
  effects: [] as string[],
  out: '',
}));

vi.mock('electron', () => {
  const effect = (name: string, value: unknown) => async () => { h.effects.push(name); return value; };
  return {
    ipcMain: { handle: (c: string, fn: (event: unknown, raw: unknown) => Promise<unknown>) => h.handlers.set(c, fn) },
    BrowserWindow: { fromWebContents: () => null, getFocusedWindow: () => null, getAllWindows: () => [] },
    dialog: {
      // A dialog that was reached answers with a file in OUT, so a write past validation would show.
      showOpenDialog: vi.fn(effect('showOpenDialog', { canceled: false, filePaths: [join(h.out, 'in.json')] })),
      showSaveDialog: vi.fn(effect('showSaveDialog', { canceled: false, filePath: join(h.out, 'out.json') })),
      showMessageBox: vi.fn(effect('showMessageBox', { response: 2 })),
      showErrorBox: vi.fn(() => h.effects.push('showErrorBox')),
    },
    shell: { openPath: vi.fn(effect('openPath', '')), showItemInFolder: vi.fn(() => h.effects.push('showItemInFolder')) },
    app: { getVersion: () => '0.1.0', getPath: () => h.out },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    session: {},
  };
});

h.out = OUT;
const { registerShellHandlers } = await import('../../electron/main/modules/shell-ipc');
const WHERE = { indexUrl: 'app://pmdesk/index.html' };
const fromApp = { senderFrame: { url: WHERE.indexUrl }, sender: { id: 1 } };
const dispatched: string[] = [];
registerShellHandlers(WHERE, (async (channel: string) => { dispatched.push(channel); return { ok: false, error: { code: 'internal', message: 'not in this test' } }; }) as never);

/** The error names the mutated item (its dot path or its last key), as the other channel fuzz demands. */
function namesItem(c: FuzzCase, message: string): boolean {
  if (c.path === '') return message.length > 0;
  const last = c.path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? c.path;
  return message.includes(c.path) || message.includes(last);
}

const tried: Record<string, Record<string, number>> = {};
afterAll(() => {
  const lines = Object.entries(tried).map(([ch, kinds]) => `${ch.padEnd(22)} ${String(Object.values(kinds).reduce((a, b) => a + b, 0)).padStart(6)}  ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`shell channel fuzz (seed ${SEED}), cases tried per channel:\n${lines.join('\n')}`);
});

describe('every shell channel refuses schema-generated nonsense before doing anything', { timeout: TIMEOUT }, () => {
  it('fuzzes exactly the contract\'s shell channels, each with a schema and a registered handler', () => {
    expect(Object.keys(shellRequestSchemas).sort()).toEqual([...SHELL_CHANNELS].sort());
    expect([...h.handlers.keys()].sort()).toEqual([...SHELL_CHANNELS].sort());
  });

  for (const [n, channel] of [...SHELL_CHANNELS].entries()) {
    it(channel, async () => {
      const r = prng(SEED + 104_729 + n * 7919);
      const schema = shellRequestSchemas[channel] as never;
      const counts: Record<string, number> = (tried[channel] = {});
      const failures: string[] = [];
      for (let i = 0; i < CASES && failures.length < 5; i++) {
        const c = fuzzCase(schema, r, {});
        counts[c.kind] = (counts[c.kind] ?? 0) + 1;
        const show = (res: unknown) => `${c.kind} at "${c.path}": ${JSON.stringify(c.payload)?.slice(0, 200)} → ${JSON.stringify(res)?.slice(0, 200)}`;
        if (c.kind === 'valid') {
          if (!valibot.safeParse(schema, c.payload).success) failures.push(`valid case refused by its schema: ${show(null)}`);
          continue;
        }
        if (!c.schemaRefuses) continue; // magnitudes only a service can refuse: the shell has no decimal fields
        h.effects.length = 0;
        dispatched.length = 0;
        const res = (await h.handlers.get(channel)!(fromApp, c.payload)) as { ok: boolean; error?: { code: string; message: string } };
        if (res?.ok !== false) failures.push(`silently accepted: ${show(res)}`);
        else if (res.error?.code !== 'validation') failures.push(`code ${res.error?.code}, wanted validation: ${show(res)}`);
        else if (!namesItem(c, res.error.message)) failures.push(`error does not name the item: ${show(res)}`);
        if (h.effects.length > 0) failures.push(`did ${h.effects.join(', ')} on a refused request: ${show(res)}`);
        if (dispatched.length > 0) failures.push(`sent ${dispatched.join(', ')} to the service on a refused request: ${show(res)}`);
      }
      expect(readdirSync(OUT)).toEqual([]);
      expect(failures, failures.join('\n')).toEqual([]);
      expect(Object.entries(counts).filter(([k]) => k !== 'valid').reduce((a, [, x]) => a + x, 0)).toBeGreaterThan(0);
    });
  }
});
