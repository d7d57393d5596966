/**
 * `job:export-report`: the report built on a thread the service can terminate. The finished file
 * is byte for byte `report:export`'s; progress arrives in order (margin run method by method, then
 * the sheets written); Cancel mid-way answers cancelled, no bytes, no 'done', and the store is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { composedServiceFixture } from '../test-fixtures';
import { createJobService } from './job-service';
import type { ServiceStore } from '../ports';
import type { AppService } from '../dispatch';
import { dispatch } from '../dispatch';
import type { JobProgressDto, ReportJobResultDto } from '../../../shared/ipc/job-contract';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';

const { open, progress } = composedServiceFixture('pmdesk-report-job-');

async function base(s: AppService) {
  const portfolio = await s['portfolio:get']({ id: 'demo-book' });
  const marketId = (await s['market:list'](undefined))[0]!.id;
  const methods = (await s['app:info'](undefined)).methods.map((m) => m.id);
  return { portfolio, revision: 1, marketId, methods };
}

describe('job:export-report', () => {
  it('gives the bytes report:export gives (json, csv, xlsx, html), with progress in order', async () => {
    const s = open();
    const req = await base(s);
    for (const format of ['json', 'csv', 'xlsx', 'html'] as const) {
      const jobId = `r-${format}`;
      const r = (await s['job:export-report']({ jobId, request: { ...req, format } })) as Extract<ReportJobResultDto, { kind: 'done' }>;
      expect(r.kind).toBe('done');
      const direct = await s['report:export']({ ...req, format });
      expect(r.file.fileName).toBe(direct.fileName);
      expect(r.file.mimeType).toBe(direct.mimeType);
      expect(r.file.failedMethods).toEqual(direct.failedMethods);
      if (format === 'xlsx') {
        // exceljs stamps the zip entries and docProps/core.xml's dcterms:modified with the time they were written: compare the rest.
        const { unzipSync } = await import('fflate');
        const a = unzipSync(new Uint8Array(Buffer.from(r.file.base64, 'base64')));
        const b = unzipSync(new Uint8Array(Buffer.from(direct.base64, 'base64')));
        expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
        const text = (x: Uint8Array) => Buffer.from(x).toString('utf8').replace(/<dcterms:modified[^>]*>[^<]*<\/dcterms:modified>/, '');
        for (const k of Object.keys(a)) expect(text(a[k]!) === text(b[k]!), k).toBe(true);
      } else expect(r.file.base64, format).toBe(direct.base64);

      const mine = progress.filter((p) => p.jobId === jobId);
      expect(mine.map((p) => p.seq)).toEqual(mine.map((_, i) => i + 1));
      const running = mine.filter((p) => p.state === 'running');
      // done never goes back, and never passes total.
      expect(running.map((p) => p.done)).toEqual([...running.map((p) => p.done)].sort((x, y) => x - y));
      expect(running.every((p) => p.done <= p.total)).toBe(true);
      // Every method's margin run, in order, before any writing.
      const runs = running.map((p) => /^margin run: .* \((\d+) of (\d+)\)$/.exec(p.label)).filter((x) => x !== null);
      expect(runs.map((x) => Number(x[1]))).toEqual(req.methods.map((_, i) => i + 1));
      expect(runs.every((x) => Number(x[2]) === req.methods.length)).toBe(true);
      const firstWrite = running.findIndex((p) => p.label.startsWith('writing'));
      expect(firstWrite).toBeGreaterThan(running.findIndex((p) => p.label.includes(`(${req.methods.length} of`)));
      if (format === 'xlsx') {
        const sheets = running.map((p) => /^writing sheet (\d+) of (\d+): /.exec(p.label)).filter((x) => x !== null);
        expect(sheets.length).toBeGreaterThan(1);
        expect(sheets.map((x) => Number(x[1]))).toEqual(sheets.map((_, i) => i + 1));
        expect(running.at(-1)!.total).toBe(req.methods.length + Number(sheets[0]![2]));
      }
      expect(mine.at(-1)).toMatchObject({ state: 'done' });
      expect(mine.at(-1)!.done).toBe(mine.at(-1)!.total);
    }
  }, 120_000);

  it('cancel mid-way: the thread stops, the answer is cancelled with no bytes, nothing is written', async () => {
    const s = open();
    const req = await base(s);
    const demo = req.portfolio;
    const big: PortfolioDto = { ...demo, positions: Array.from({ length: 40_000 }, (_, i) => ({ ...demo.positions[i % demo.positions.length]!, id: `r${i}` })) };
    const before = { list: await s['portfolio:list'](undefined), history: await s['portfolio:history']({ id: 'demo-book' }) };
    const run = s['job:export-report']({ jobId: 'big', request: { ...req, portfolio: big, format: 'xlsx' } });
    let p = await s['job:progress']({ jobId: 'big' });
    while (p && p.state === 'running' && !/^margin run: .*\(1 of/.test(p.label)) p = await s['job:progress']({ jobId: 'big', afterSeq: p.seq, waitMs: 5_000 });
    expect(p?.state).toBe('running');
    expect(await s['job:cancel']({ jobId: 'big' })).toEqual({ cancelled: true });
    expect(await run).toEqual({ kind: 'cancelled' });
    expect(await s['job:progress']({ jobId: 'big' })).toMatchObject({ state: 'cancelled' });
    // Nothing arrives after the cancel (the thread is gone), and the job never says done.
    await new Promise((r) => setTimeout(r, 300));
    const mine = progress.filter((q) => q.jobId === 'big');
    expect(mine.at(-1)).toMatchObject({ state: 'cancelled' });
    expect(mine.some((q) => q.state === 'done' || q.label.startsWith('writing'))).toBe(false);
    expect(await s['job:cancel']({ jobId: 'big' })).toEqual({ cancelled: false });
    expect(await s['portfolio:list'](undefined)).toEqual(before.list);
    expect(await s['portfolio:history']({ id: 'demo-book' })).toEqual(before.history);
  }, 120_000);

  it('refuses a bad request before any thread starts, naming the item', async () => {
    const s = open();
    const req = await base(s);
    expect(await dispatch(s, 'job:export-report', { jobId: 'x', request: { ...req, marketId: 'nope', format: 'json' } })).toMatchObject({ ok: false, error: { message: expect.stringContaining('nope') } });
    expect(await dispatch(s, 'job:export-report', { jobId: 'x', request: { ...req, format: 'docx' } })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dispatch(s, 'job:export-report', { jobId: 'x', request: { ...req, methods: ['no-such-method'], format: 'json' } })).toMatchObject({ ok: false });
    expect(await s['job:progress']({ jobId: 'x' })).toBeNull();
  });

  it('pdf: the thread builds the view, the service prints it; Cancel while printing aborts the print (Chromium closed) and answers cancelled', async () => {
    const s = open();
    const req = await base(s);
    const market = await s['market:get']({ id: req.marketId });
    const store = {
      portfolios: { get: () => undefined },
      marketSnapshots: { get: () => ({ id: req.marketId, name: 'm', revision: 1, json: market.snapshot }) },
      parameterSets: { get: () => undefined },
    } as unknown as Pick<ServiceStore, 'portfolios' | 'marketSnapshots' | 'parameterSets'>;
    const seen: JobProgressDto[] = [];
    let printed: { html: string; paper: string; signal: AbortSignal } | undefined;
    const jobs = createJobService({
      store, methods: () => [], appVersion: 'test', onProgress: (p) => seen.push(p),
      printPdf: (html, paper, signal) => {
        printed = { html, paper, signal };
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('closed')), { once: true }));
      },
    });
    const run = jobs['job:export-report']({ jobId: 'pdf', request: { ...req, format: 'pdf', paper: 'Letter' } });
    let p = await jobs['job:progress']({ jobId: 'pdf' });
    while (p && p.state === 'running' && !p.label.startsWith('printing')) p = await jobs['job:progress']({ jobId: 'pdf', afterSeq: p.seq, waitMs: 5_000 });
    expect(p).toMatchObject({ state: 'running', label: 'printing the PDF (Letter)' });
    expect(printed!.html).toMatch(/^<!doctype html>/);
    expect(printed!.html).toContain('size: Letter;');
    expect(printed!.html).not.toContain('class="failure"'); // the methods ran on the real market
    expect(printed!.signal.aborted).toBe(false);
    expect(await jobs['job:cancel']({ jobId: 'pdf' })).toEqual({ cancelled: true });
    expect(printed!.signal.aborted).toBe(true);
    expect(await run).toEqual({ kind: 'cancelled' });
    expect(seen.at(-1)).toMatchObject({ jobId: 'pdf', state: 'cancelled' });
  }, 60_000);
});
