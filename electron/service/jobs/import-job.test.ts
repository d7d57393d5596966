/**
 * Imports of large files as jobs (`job:import`, issue 14 §4): a 200,000-row positions CSV and a
 * market snapshot import off the service's thread with progress on the job channel, give the same
 * answer as `portfolio:import` / `document:import`, and a Cancel — while the rows are checked, or
 * while the one transaction writes them — leaves every table exactly as it was.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppService } from '../compose';
import { inProcessDispatcher, type AppService } from '../dispatch';
import { dumpTables, openTempStore, tempDbPath } from '../../db/test-helpers';
import type { ImportJobResultDto, JobProgressDto } from '../../../shared/ipc/job-contract';
import type { ImportResultDto } from '../../../shared/domain/dto/storage.dto';
import { GATE_CANCELLED, GATE_COMMITTING, gatedStore } from './import-gate';
import { demoPortfolioDto } from '../demo-data';

const ROWS = 200_000;
/** A Deribit positions export of `n` distinct options (a venue export holds one net row per instrument). */
function bigCsv(n: number): string {
  const lines = ['instrument_name,size,average_price'];
  for (let i = 0; i < n; i++) lines.push(`BTC-25DEC26-${10_000 + i * 5}-${i % 2 ? 'P' : 'C'},${(i % 9) + 1},0.0${(i % 90) + 10}`);
  return lines.join('\n');
}

let opened: { service: AppService; close: () => void; tmp: ReturnType<typeof tempDbPath> } | undefined;
const progress: JobProgressDto[] = [];
afterEach(() => {
  opened?.close();
  opened?.tmp.cleanup();
  opened = undefined;
  progress.length = 0;
});
function open(databasePath?: string) {
  const tmp = tempDbPath('pmdesk-import-job-');
  const app = openAppService({ databasePath: databasePath ?? tmp.path, host: 'web', version: 'test' }, { onProgress: (p) => progress.push(p) });
  opened = { ...app, tmp };
  return { s: app.service, path: databasePath ?? tmp.path };
}

/** Wait (polling the job channel as the renderer does) until the job's progress satisfies `ok`. */
async function waitFor(s: AppService, jobId: string, ok: (p: JobProgressDto) => boolean): Promise<JobProgressDto> {
  let seq = 0;
  for (;;) {
    const p = await s['job:progress']({ jobId, afterSeq: seq, waitMs: 5_000 });
    if (p && ok(p)) return p;
    if (p && p.state !== 'running') throw new Error(`job ended as ${p.state} (${p.label}) before the awaited progress`);
    seq = p?.seq ?? 0;
    if (!p) await new Promise((r) => setTimeout(r, 20));
  }
}

describe('job:import', () => {
  it('imports 200,000 positions with row progress, the same answer as portfolio:import', async () => {
    const { s } = open();
    const text = bigCsv(ROWS);
    const job = s['job:import-positions']({ jobId: 'imp-1', request: { text, format: 'deribit', name: 'Wide book' } }) as Promise<ImportJobResultDto>;
    // The service's own thread stays free while the import thread works: it answers at once.
    await waitFor(s, 'imp-1', (p) => p.done > 0 && p.done < ROWS);
    expect((await s['portfolio:list'](undefined)).map((p) => p.name)).not.toContain('Wide book');
    const r = await job;
    expect(r.kind).toBe('done');
    const result = (r as Extract<ImportJobResultDto, { kind: 'done' }>).result;
    expect(result).toMatchObject({ status: 'written', totalRows: ROWS, validRows: ROWS, issues: [] });
    const stored = await s['portfolio:get']({ id: result.portfolio!.id });
    expect(stored.positions).toHaveLength(ROWS);
    const [instrument, size, averagePrice] = text.slice(text.lastIndexOf('\n') + 1).split(',');
    expect(stored.positions[ROWS - 1]).toMatchObject({ instrument, size, averagePrice });

    const mine = progress.filter((p) => p.jobId === 'imp-1');
    const checking = mine.filter((p) => p.state === 'running' && p.label.startsWith('checking positions'));
    expect(checking.length).toBeGreaterThanOrEqual(ROWS / 5_000);
    expect(checking.map((p) => p.done)).toEqual([...checking.map((p) => p.done)].sort((a, b) => a - b));
    expect(checking.every((p) => p.total === ROWS)).toBe(true);
    expect(mine.some((p) => p.label === `writing ${ROWS.toLocaleString('en-US')} positions (one transaction)`)).toBe(true);
    expect(mine.at(-1)).toMatchObject({ state: 'done', label: 'positions import written' });
    expect(mine.map((p) => p.seq)).toEqual(mine.map((_, i) => i + 1));

    // The synchronous channel on the same text gives the same answer (a dry run: nothing more written).
    const same = (await s['portfolio:import']({ text, format: 'deribit', name: 'Wide book', dryRun: true })) as ImportResultDto;
    expect({ ...result, status: 'dry-run', portfolio: undefined }).toEqual({ ...same, portfolio: undefined });
  }, 120_000);

  it('Cancel while the rows are checked: cancelled, every table unchanged', async () => {
    const { s, path } = open();
    const before = dumpTables(path);
    const job = s['job:import-positions']({ jobId: 'imp-2', request: { text: bigCsv(ROWS), format: 'deribit', name: 'Never' } }) as Promise<ImportJobResultDto>;
    await waitFor(s, 'imp-2', (p) => p.label.startsWith('checking positions') && p.done > 0);
    expect(await s['job:cancel']({ jobId: 'imp-2' })).toEqual({ cancelled: true });
    expect(await job).toEqual({ kind: 'cancelled' });
    expect(await s['job:progress']({ jobId: 'imp-2' })).toMatchObject({ state: 'cancelled' });
    expect(dumpTables(path)).toEqual(before);
  }, 120_000);

  it('Cancel while the one transaction writes: the thread is stopped before COMMIT, every table unchanged', async () => {
    const { s, path } = open();
    const before = dumpTables(path);
    const job = s['job:import-positions']({ jobId: 'imp-3', request: { text: bigCsv(ROWS), format: 'deribit', name: 'Never' } }) as Promise<ImportJobResultDto>;
    await waitFor(s, 'imp-3', (p) => p.label.startsWith('writing'));
    const c = await s['job:cancel']({ jobId: 'imp-3' });
    const r = await job;
    // The write takes about a second; a cancel that lost the race to the commit is refused, never half-applied.
    if (c.cancelled) {
      expect(r).toEqual({ kind: 'cancelled' });
      await new Promise((res) => setTimeout(res, 300)); // the terminated thread's connection is gone
      expect(dumpTables(path)).toEqual(before);
    } else {
      expect(r).toMatchObject({ kind: 'done', result: { status: 'written' } });
    }
    expect(c.cancelled).toBe(true);
  }, 120_000);

  it('imports a market snapshot as a job, as document:import does; unknown ids stay not-found', async () => {
    const { s } = open();
    const text = readFileSync('electron/service/demo/demo-market.json', 'utf8');
    const r = (await s['job:import-document']({ jobId: 'imp-4', request: { kind: 'market', text, name: 'Imported snapshot' } })) as Extract<ImportJobResultDto, { kind: 'done' }>;
    expect(r.result).toMatchObject({ status: 'written', document: { name: 'Imported snapshot', revision: 1 } });
    expect((await s['document:list']({ kind: 'market' })).map((d) => d.name)).toContain('Imported snapshot');
    expect(progress.filter((p) => p.jobId === 'imp-4').at(-1)).toMatchObject({ state: 'done', label: 'market snapshot import written' });

    const dispatch = inProcessDispatcher(s);
    expect(await dispatch('job:import-document', { jobId: 'imp-5', request: { kind: 'market', text, id: 'no-such-snapshot' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // A bad file is an answer with its issues (nothing written), as on portfolio:import.
    expect(await dispatch('job:import-positions', { jobId: 'imp-6', request: { text: 'instrument_name,size\nBTC-PERPETUAL,abc\n', format: 'deribit', name: 'Bad' } }))
      .toMatchObject({ ok: true, value: { kind: 'done', result: { status: 'rejected', issues: [{ row: 2, code: 'invalid-decimal' }] } } });
    // The schema refuses a document request without its kind, naming the field.
    expect(await dispatch('job:import-document', { jobId: 'imp-7', request: { text } })).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: 'request.kind' }] } });
  }, 60_000);
});

describe('the import gate', () => {
  it('a transaction whose gate Cancel claimed first rolls back; a claimed gate refuses a later cancel', () => {
    const t = openTempStore();
    try {
      const before = dumpTables(t.path);
      const gate = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(gate, 0, GATE_CANCELLED);
      const g = gatedStore(t.store, gate);
      expect(() => g.transaction(() => t.store.portfolios.save({ ...demoPortfolioDto(), id: '', name: 'y' }, 'n'))).toThrow(/cancelled/);
      expect(() => g.marketSnapshots.saveText('snap', '{}', 'n')).toThrow(/cancelled/);
      expect(dumpTables(t.path)).toEqual(before);

      const gate3 = new Int32Array(new SharedArrayBuffer(4));
      const g3 = gatedStore(t.store, gate3);
      g3.transaction(() => t.store.portfolios.save({ ...demoPortfolioDto(), id: '', name: 'z' }, 'n'));
      expect(Atomics.load(gate3, 0)).toBe(GATE_COMMITTING);
      expect(Atomics.compareExchange(gate3, 0, 0, GATE_CANCELLED)).toBe(GATE_COMMITTING);
    } finally {
      t.close();
    }
  });
});
