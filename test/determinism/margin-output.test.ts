/**
 * Determinism (issue 11 §4): the same inputs give byte-identical `pmdesk margin` output across runs
 * in one process and across processes (another process started with another time zone and locale),
 * for every method the CLI knows (read from the CLI's own "known:" list, so a method added to the
 * registry is covered without touching this file), in JSON and CSV; and a saved run re-runs to the
 * last digit through the service (`run:save` → `run:rerun` answers `same: true`, result equal to the
 * stored one byte for byte).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/cli-command';
import { commands } from '../../electron/cli/commands/index';
import { runCli } from '../../electron/cli/run-cli';
import { openAppService } from '../../electron/service/compose';
import { DEMO_PORTFOLIO_ID } from '../../electron/service/demo-data';
import { inProcessDispatcher, type AppService } from '../../electron/service/dispatch';
import { tempDbPath } from '../../electron/db/test-helpers';

const ROOT = join(__dirname, '../..');
const PORTFOLIO = join(ROOT, 'electron/service/demo/demo-portfolio.json');
const MARKET = join(ROOT, 'electron/service/demo/demo-market.json');

async function cliInProcess(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { readStdin: async () => '', readFile: (p) => readFile(p, 'utf8'), writeFile: async () => undefined, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} };
  const code = await runCli(argv, io, commands);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The methods the CLI knows, from its own error message for an unknown one. */
async function knownMethods(): Promise<string[]> {
  const r = await cliInProcess(['margin', '--portfolio', PORTFOLIO, '--market', MARKET, '--method', 'no-such-method']);
  const m = /known: ([^)]*)\)/.exec(r.stderr);
  if (!m) throw new Error(`cannot read the method list from: ${r.stderr}`);
  return m[1].split(/,\s*/).map((s) => s.trim()).filter(Boolean);
}

const run = promisify(execFile);

describe('margin output is byte-identical across runs and processes, for every method', async () => {
  const methods = await knownMethods();
  it('the CLI lists the registry methods', () => {
    expect(methods).toEqual(expect.arrayContaining(['deribit-pm', 'deribit-pm-cross', 'deribit-sm']));
  });
  for (const method of methods) {
    it(method, async () => {
      for (const format of ['json', 'csv']) {
        const argv = ['margin', '--portfolio', PORTFOLIO, '--market', MARKET, '--method', method, '--format', format];
        const first = await cliInProcess(argv);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout.length).toBeGreaterThan(100);
        for (let k = 0; k < 2; k++) expect((await cliInProcess(argv)).stdout).toBe(first.stdout);
        // Another process, another time zone and locale: the same bytes.
        const child = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/cli/index.ts'), ...argv], {
          cwd: ROOT, env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }, maxBuffer: 64 * 1024 * 1024,
        });
        expect(child.stdout).toBe(first.stdout);
      }
    }, 60_000);
  }
});

describe('a saved run re-runs to the last digit', () => {
  let tmp: ReturnType<typeof tempDbPath>;
  let app: { service: AppService; close: () => void };
  beforeAll(() => {
    tmp = tempDbPath('pmdesk-determinism-');
    app = openAppService({ databasePath: tmp.path, host: 'web', version: 'determinism' });
  });
  afterAll(() => { app?.close(); tmp?.cleanup(); });

  it('run:save → run:rerun is the same, byte for byte, for every method', async () => {
    const dispatch = inProcessDispatcher(app.service);
    const markets = (await dispatch('market:list', undefined)) as { ok: true; value: { id: string }[] };
    for (const method of await knownMethods()) {
      const saved = await dispatch('run:save', { name: `det ${method}`, method, portfolioId: DEMO_PORTFOLIO_ID, marketId: markets.value[0].id });
      expect(saved.ok, JSON.stringify(saved)).toBe(true);
      const id = (saved as { ok: true; value: { id: string } }).value.id;
      const stored = (await dispatch('run:get', { id })) as { ok: true; value: { result: unknown } };
      for (let k = 0; k < 2; k++) {
        const again = (await dispatch('run:rerun', { id })) as { ok: true; value: { same: boolean; result: unknown } };
        expect(again.ok).toBe(true);
        expect(again.value.same, method).toBe(true);
        expect(JSON.stringify(again.value.result)).toBe(JSON.stringify(stored.value.result));
      }
    }
  }, 60_000);
});
