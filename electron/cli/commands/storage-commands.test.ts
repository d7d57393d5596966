import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../run-cli';
import type { CliIo } from '../cli-command';
import { exportCommand } from './export';
import { historyCommand } from './history';
import { importCommand } from './import';
import { tempDbPath } from '../../db/test-helpers';
import { dumpTables } from '../../db/test-helpers';

const commands = [importCommand, exportCommand, historyCommand];
const fixtures = join(__dirname, '../../../test/fixtures/imports');
const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

function harness(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const io: CliIo = {
    readStdin: async () => '',
    readFile: async (p) => files.get(p) ?? readFile(p, 'utf8'),
    writeFile: async (p, t) => { files.set(p, t); },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
  };
  const run = async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    const code = await runCli(argv, io, commands);
    return { code, out: out.join(''), err: err.join('') };
  };
  return { run, files };
}

describe('pmdesk import / export / history', () => {
  it('import → history → diff → restore → export, with the database from PMDESK_DB', async () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const { run, files } = harness({ PMDESK_DB: t.path });
    const a = await run('import', '--format', 'deribit', '--file', join(fixtures, 'deribit-positions.csv'), '--name', 'Main');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({ status: 'written', written: { revision: 1, positionCount: 5 } });
    files.set('second.csv', 'instrument_name,size\nBTC-PERPETUAL,-30000\n');
    expect((await run('import', '--format', 'deribit', '--file', 'second.csv', '--portfolio', 'Main', '--note', 'cut')).code).toBe(0);
    const log = JSON.parse((await run('history', '--id', 'Main')).out);
    expect(log.map((h: { revision: number; note: string }) => [h.revision, h.note])).toEqual([[2, 'cut'], [1, 'import deribit CSV: 5 row(s)']]);
    const diff = JSON.parse((await run('history', 'diff', '--id', 'Main', '--from', '1', '--to', '2')).out);
    expect(diff.positions.changed[0]).toMatchObject({ fields: ['size', 'averagePrice'], old: { size: '-25000' }, new: { size: '-30000' } });
    expect(diff.positions.removed).toHaveLength(4);
    const restored = JSON.parse((await run('history', 'restore', '--id', 'Main', '--revision', '1')).out);
    expect(restored.revision).toBe(3);
    const csv = await run('export', '--id', 'Main', '--format', 'csv', '--revision', '3');
    expect(csv.out.split('\n')[0]).toBe('id,instrument,size,averagePrice,note');
    expect(csv.out).toContain('BTC-PERPETUAL,-25000,96510.5');
    expect((await run('export', '--id', 'Main', '--out', 'main.json')).code).toBe(0);
    expect(JSON.parse(files.get('main.json')!).positions).toHaveLength(5);
    const list = JSON.parse((await run('history', 'list')).out);
    expect(list).toEqual([expect.objectContaining({ name: 'Main', revision: 3 })]);
  });

  it('bad rows: nothing written, every problem on stderr, exit 1; --accept-valid writes the valid part', async () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const { run } = harness();
    const args = ['import', '--db', t.path, '--format', 'generic', '--mapping', '{"instrument":"Symbol","size":"Qty","side":"Side"}', '--source', 'sheet', '--file', join(fixtures, 'generic-positions.csv'), '--name', 'Sheet'];
    await run('history', '--db', t.path);
    const before = dumpTables(t.path);
    const r = await run(...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 4, column Qty: invalid-decimal');
    expect(r.err).toContain('nothing written');
    expect(dumpTables(t.path)).toEqual(before);
    const ok = await run(...args, '--accept-valid');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ status: 'written', validRows: 2 });
  });

  it('documents: import a snapshot, re-import as revision 2, export exact text', async () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const { run, files } = harness({ PMDESK_DB: t.path });
    const snap = '{"asOf":"2026-02-15T12:00:00Z","underlyings":{"ETH":{"index":1949.3400000000000000001}}}';
    files.set('snap.json', snap);
    expect((await run('import', '--kind', 'snapshot', '--file', 'snap.json', '--name', 'eod')).code).toBe(0);
    files.set('snap2.json', snap.replace('1949', '1950'));
    expect((await run('import', '--kind', 'snapshot', '--file', 'snap2.json', '--id', 'eod')).code).toBe(0);
    expect((await run('export', '--kind', 'snapshot', '--id', 'eod', '--revision', '1')).out).toBe(snap);
    const d = JSON.parse((await run('history', 'diff', '--kind', 'snapshot', '--id', 'eod', '--from', '1', '--to', '2')).out);
    expect(d.changes).toEqual([{ path: '/underlyings/ETH/index', kind: 'changed', old: 1949.34, new: 1950.34 }]);
  });

  it('import --kind snapshot of a saved Deribit book summary stores the converted snapshot; --as-of sets its time', async () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const { run, files } = harness({ PMDESK_DB: t.path });
    const deribit = join(__dirname, '../../../test/fixtures/market/deribit-book-summary-btc-eth.json');
    const imp = await run('import', '--kind', 'snapshot', '--file', deribit, '--name', 'deribit');
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out)).toMatchObject({ status: 'written', skippedRows: 2 });
    const exported = JSON.parse((await run('export', '--kind', 'snapshot', '--id', 'deribit')).out);
    expect(exported.asOf).toBe('2026-02-15T12:00:00Z');
    expect(Object.keys(exported.underlyings)).toEqual(['BTC', 'ETH']);
    expect(Object.keys(exported.underlyings.ETH)).toEqual(['index', 'forwards', 'vols']);
    files.set('env.json', JSON.stringify({ jsonrpc: '2.0', id: 3, result: JSON.parse(await readFile(deribit, 'utf8')) }));
    expect((await run('import', '--kind', 'snapshot', '--file', 'env.json', '--id', 'deribit', '--as-of', '2026-02-15T10:00:00Z')).code).toBe(0);
    expect(JSON.parse((await run('export', '--kind', 'snapshot', '--id', 'deribit')).out).asOf).toBe('2026-02-15T10:00:00Z');
    expect(await run('import', '--kind', 'scenario-set', '--file', 'env.json', '--as-of', '2026-02-15T10:00:00Z')).toMatchObject({ code: 2, err: expect.stringContaining('--as-of applies only to --kind snapshot') });
  });

  it('clear usage errors', async () => {
    const { run } = harness();
    expect(await run('history')).toMatchObject({ code: 2, err: expect.stringContaining('--db FILE or set PMDESK_DB') });
    expect(await run('import', '--db', 'x.db')).toMatchObject({ code: 2, err: expect.stringContaining('--file is required') });
    expect(await run('history', 'frobnicate', '--db', 'x.db')).toMatchObject({ code: 2, err: expect.stringContaining('unknown action') });
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    expect(await run('export', '--db', t.path, '--id', 'nope')).toMatchObject({ code: 1, err: expect.stringContaining('no portfolio with id or name "nope"') });
  });
});
