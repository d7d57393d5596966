import { readFile } from 'node:fs/promises';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import type { CliIo } from './cli-command';
import { commands } from './commands/index';

/** The process io of electron/cli/index.ts: real fs reads (errors are Node's ENOENT/EISDIR). */
function realIo() {
  const out: string[] = [], err: string[] = [];
  const io: CliIo = {
    readStdin: async () => '[]',
    readFile: (p) => readFile(p, 'utf8'),
    writeFile: async () => {},
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return { io, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'pmdesk-cli-'));
const nope = join(dir, 'nope.json');
const aDir = join(dir, 'a-directory');
mkdirSync(aDir);

describe('unreadable input files are input errors (exit 2) in every command', () => {
  const cases: [string, string[]][] = [
    ['price', ['price', nope]],
    ['iv', ['iv', nope]],
    ['margin', ['margin', '--portfolio', nope, '--market', nope, '--method', 'deribit-pm']],
    ['import', ['import', '--db', join(dir, 'x.db'), '--kind', 'snapshot', '--file', nope]],
  ];
  for (const [cmd, argv] of cases) {
    it(`pmdesk ${cmd} with a missing file`, async () => {
      const t = realIo();
      expect(await runCli(argv, t.io, commands)).toBe(2);
      expect(t.err.join('')).toBe(`pmdesk ${cmd}: cannot read ${nope}: no such file or directory (ENOENT)\n`);
      expect(t.out.join('')).toBe('');
    });
  }

  it('a directory instead of a file', async () => {
    const t = realIo();
    expect(await runCli(['price', aDir], t.io, commands)).toBe(2);
    expect(t.err.join('')).toMatch(new RegExp(`^pmdesk price: cannot read ${aDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*EISDIR`));
  });

  it('a repeated flag exits 2 naming it', async () => {
    const t = realIo();
    expect(await runCli(['margin', '--portfolio', 'a', '--portfolio', 'b'], t.io, commands)).toBe(2);
    expect(t.err.join('')).toBe('pmdesk margin: --portfolio given more than once\n');
  });
});

describe('a database another writer keeps locked', () => {
  it('exits 75 with a message saying it is busy and nothing was written (not an internal error)', async () => {
    const { io, err } = realIo();
    const busy = { name: 'busy', usage: 'busy', summary: 'x', run: async () => { throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }); } };
    expect(await runCli(['busy'], io, [busy as unknown as (typeof commands)[number]])).toBe(75);
    expect(err.join('')).toMatch(/^pmdesk busy: the database is busy: .*nothing was written, try again/);
  });
});
