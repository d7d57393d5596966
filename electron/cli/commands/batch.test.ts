/**
 * `pmdesk batch` as a real process (worker threads need one): good books and malformed ones in
 * one run; the summary matches the engine's own strings; the bad books are named with a reason
 * while the others go on; --out appears whole, with no temporary directory left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MARGIN_METHODS, runMargin } from '../../engine/margin/registry';
import { parsePortfolioJson } from '../../io/json-formats';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEMO = join(ROOT, 'electron/service/demo');
const methods = Object.keys(MARGIN_METHODS).slice(0, 2);

function pmdesk(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'electron/cli/index.ts'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('pmdesk batch', () => {
  it('margins the good books, reports the malformed ones, writes --out whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-batch-'));
    mkdirSync(join(dir, 'books'));
    for (const n of ['a', 'b', 'd']) copyFileSync(join(DEMO, 'demo-portfolio.json'), join(dir, 'books', `${n}.json`));
    writeFileSync(join(dir, 'books', 'c-bad-size.json'), JSON.stringify({ name: 'bad', positions: [{ instrument: 'BTC-PERPETUAL', size: '1e' }] }));
    writeFileSync(join(dir, 'books', 'e-not-json.json'), '{"name": ');
    const r = pmdesk(['batch', '--market', join(DEMO, 'demo-market.json'), '--method', methods.join(','), '--books', 'books', '--out', 'run', '--jobs', '2', '--report', 'json'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/batch: 5 of 5 books, 2 failed, [\d.]+ s\n/);
    // Not a terminal and no --progress: only the closing count, no running lines.
    expect(r.err.match(/^batch: \d+ of 5 books/gm)).toHaveLength(1);
    expect(r.err).toContain('books/c-bad-size.json: 1 problem(s): positions[0].size');
    expect(r.err).toContain('books/e-not-json.json');
    expect(readdirSync(dir).sort()).toEqual(['books', 'run']); // no partial directory left
    const summary = readFileSync(join(dir, 'run/summary.csv'), 'utf8').split('\r\n').filter(Boolean).map((l) => l.split(','));
    expect(summary[0]).toEqual(['book', 'file', 'method', 'initialMarginUsd', 'maintenanceMarginUsd', 'equityUsd', 'marginRatio', 'binding', 'error']);
    expect(summary.slice(1).map((row) => [row[1], row[2]])).toEqual(['a', 'b', 'd'].flatMap((n) => methods.map((m) => [`books/${n}.json`, m])));
    const book = parsePortfolioJson(readFileSync(join(DEMO, 'demo-portfolio.json'), 'utf8')).valid[0];
    const market: unknown = JSON.parse(readFileSync(join(DEMO, 'demo-market.json'), 'utf8'));
    methods.forEach((m, i) => {
      const res = runMargin({ methodId: m, portfolio: book, snapshot: market });
      expect(summary[1 + i].slice(3, 5)).toEqual([res.totals.initialMarginUsd, res.totals.maintenanceMarginUsd]);
    });
    const failures = readFileSync(join(dir, 'run/failures.csv'), 'utf8');
    expect(failures).toMatch(/^file,reason\r\nbooks\/c-bad-size\.json,/);
    expect(failures).toContain('books/e-not-json.json,');
    expect(readdirSync(join(dir, 'run/reports'))).toHaveLength(3);

    const again = pmdesk(['batch', '--market', join(DEMO, 'demo-market.json'), '--method', methods[0], '--books', 'books', '--out', 'run'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
    expect(existsSync(join(dir, 'run/summary.csv'))).toBe(true);

    const lean = pmdesk(['batch', '--market', join(DEMO, 'demo-market.json'), '--method', methods[0], '--books', 'books/a.json', '--out', 'lean', '--no-account'], dir);
    expect(lean.code).toBe(0);
    const leanRow = readFileSync(join(dir, 'lean/summary.csv'), 'utf8').split('\r\n')[1].split(',');
    expect(leanRow[3]).toBe(summary[1][3]); // same IM
    expect(leanRow.slice(5, 7)).toEqual(['', '']); // no equity, no ratio
  }, 60_000);

  it('--progress: n of m lines with an ETA, in order; SIGINT stops the workers, exits 130 and writes no --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-batch-int-'));
    mkdirSync(join(dir, 'books'));
    const N = 300;
    for (let i = 0; i < N; i++) copyFileSync(join(DEMO, 'demo-portfolio.json'), join(dir, 'books', `b${String(i).padStart(3, '0')}.json`));
    // Plain node with tsx's loader (no tsx launcher process in between to relay the signal).
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href, join(ROOT, 'electron/cli/index.ts'), 'batch', '--market', join(DEMO, 'demo-market.json'),
      '--method', methods.join(','), '--books', 'books', '--out', 'run', '--jobs', '2', '--report', 'json', '--progress'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let sent = false;
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      // A few books done, and the partial directory has files in it: interrupt mid-run.
      const m = [...err.matchAll(/^batch: (\d+) of (\d+) books, 0 failed, ETA /gm)];
      if (!sent && m.length >= 2) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await exited;
    expect(sent, err).toBe(true);
    expect(code).toBe(130);
    const lines = [...err.matchAll(/^batch: (\d+) of (\d+) books/gm)];
    expect(lines.every((l) => l[2] === String(N))).toBe(true);
    const counts = lines.map((l) => Number(l[1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBeLessThan(N);
    expect(err).toContain('interrupted; the workers were stopped and nothing was written to --out');
    // Neither --out nor the temporary sibling is left.
    expect(readdirSync(dir)).toEqual(['books']);
  }, 120_000);

  // util-linux `script` runs the command on a pseudo-terminal, so standard error is a TTY.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal: one progress line rewritten in place (\\r, cleared to its end), ended by the closing count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-batch-tty-'));
    mkdirSync(join(dir, 'books'));
    for (let i = 0; i < 12; i++) copyFileSync(join(DEMO, 'demo-portfolio.json'), join(dir, 'books', `b${String(i).padStart(2, '0')}.json`));
    const q = (x: string) => `'${x.replace(/'/g, "'\\''")}'`;
    const cmd = [process.execPath, '--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href, join(ROOT, 'electron/cli/index.ts'),
      'batch', '--market', join(DEMO, 'demo-market.json'), '--method', methods[0]!, '--books', 'books', '--out', 'run', '--jobs', '1'].map(q).join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
    // The terminal's output: \r-led lines with an ETA, the last one the closing count and a newline.
    const shown = r.stdout.replace(/\r\n/g, '\n');
    expect(shown).toMatch(/^\rbatch: 1 of 12 books, 0 failed, ETA [\d.]+ (s|min)/);
    expect(shown).toMatch(/\rbatch: 12 of 12 books, 0 failed, [\d.]+ s\x1b\[K\n$/);
    expect(shown.split('\n').filter(Boolean)).toHaveLength(1); // one line on screen, rewritten
    expect(readdirSync(join(dir, 'run'))).toEqual(['summary.csv']);
  }, 60_000);
});
