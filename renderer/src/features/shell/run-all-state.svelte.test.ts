/** RunAllState against a scripted job API: progress followed in order, cancel forwarded, the answer kept. */
import { describe, expect, it } from 'vitest';
import { RunAllState } from './run-all-state.svelte';
import type { ImportJobResultDto, JobApi, JobProgressDto, RunAllResultDto } from '../../../../shared/ipc/job-contract';
import type { ImportResultDto } from '../../../../shared/domain/dto/storage.dto';

/** A fake service: the run advances one step per `step()`, cancel ends it as the service would. */
function fakeJobs(total: number) {
  let p: JobProgressDto | null = null;
  let finish: (r: RunAllResultDto) => void = () => {};
  let finishImport: (r: ImportJobResultDto) => void = () => {};
  const waiters: (() => void)[] = [];
  const change = (next: Partial<JobProgressDto>) => {
    p = { ...p!, ...next, seq: p!.seq + 1 };
    waiters.splice(0).forEach((w) => w());
  };
  const startImport = (jobId: string) => new Promise<ImportJobResultDto>((resolve) => {
    p = { jobId, seq: 1, state: 'running', done: 0, total, label: 'checking' };
    finishImport = resolve;
    finish = () => resolve({ kind: 'cancelled' });
  });
  const api: JobApi = {
    runAll: (req) => new Promise((resolve) => {
      p = { jobId: req.jobId, seq: 1, state: 'running', done: 0, total, label: 'starting' };
      finish = resolve;
    }),
    importPositions: (req) => startImport(req.jobId),
    importDocument: (req) => startImport(req.jobId),
    exportReport: () => Promise.reject(new Error('not a report test')),
    progress: async ({ jobId, afterSeq = 0, waitMs = 0 }) => {
      if (!p || p.jobId !== jobId) return null; // not started yet: the service answers null for an unknown job
      if ((p.seq > afterSeq || p.state !== 'running' || waitMs === 0)) return p;
      await new Promise<void>((r) => waiters.push(r));
      return p;
    },
    cancel: async () => {
      change({ state: 'cancelled', label: 'cancelled' });
      finish({ kind: 'cancelled' });
      return { cancelled: true };
    },
  };
  return {
    api,
    step: () => change({ done: p!.done + 1, label: `method ${p!.done + 1}` }),
    imported: (result: ImportResultDto) => {
      change({ state: 'done', done: total });
      finishImport({ kind: 'done', result });
    },
    done: () => {
      change({ state: 'done', done: total });
      finish({ kind: 'done', portfolioId: 'big', positions: 200_000, asOf: '2026-11-24', methods: [] });
    },
  };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(f()).toBe(true);
};

describe('RunAllState', () => {
  it('follows the progress to the end and keeps the answer', async () => {
    const jobs = fakeJobs(3);
    const sut = new RunAllState({ job: jobs.api });
    const run = sut.run({ portfolioId: 'big', marketId: 'm' });
    expect(sut.running).toBe(true);
    await until(() => sut.progress?.seq === 1);
    jobs.step();
    await until(() => sut.progress?.done === 1);
    expect(sut.fraction).toBeCloseTo(1 / 3);
    jobs.done();
    await run;
    expect(sut.running).toBe(false);
    expect(sut.progress).toMatchObject({ state: 'done', done: 3 });
    expect(sut.result).toMatchObject({ kind: 'done', positions: 200_000 });
  });

  it('cancel stops the running job; a second cancel has nothing to stop', async () => {
    const jobs = fakeJobs(5);
    const sut = new RunAllState({ job: jobs.api });
    const run = sut.run({ portfolioId: 'big', marketId: 'm' });
    await until(() => sut.progress?.seq === 1);
    jobs.step();
    expect(await sut.cancel()).toBe(true);
    await run;
    expect(sut.result).toEqual({ kind: 'cancelled' });
    expect(sut.progress?.state).toBe('cancelled');
    expect(await sut.cancel()).toBe(false);
  });

  it('an import runs as a job: progress under its own title, the import answer, Cancel answers null; one job at a time', async () => {
    const jobs = fakeJobs(4);
    const sut = new RunAllState({ job: jobs.api });
    const answer: ImportResultDto = { status: 'written', totalRows: 4, skippedRows: 0, validRows: 4, issues: [] };
    const imp = sut.runImport('Import positions', { kind: 'positions', request: { text: 'x', format: 'deribit', name: 'n' } });
    await until(() => sut.progress?.seq === 1);
    expect(sut.title).toBe('Import positions');
    await expect(sut.runImport('Import market snapshot', { kind: 'document', request: { kind: 'market', text: '{}' } })).rejects.toThrow(/Import positions is running/);
    jobs.step();
    await until(() => sut.progress?.done === 1);
    jobs.imported(answer);
    expect(await imp).toEqual(answer);
    expect(sut.result).toBeNull(); // the run-all panel's answer is untouched

    const again = sut.runImport('Import positions', { kind: 'positions', request: { text: 'x', format: 'deribit', name: 'n' } });
    await until(() => sut.progress?.seq === 1);
    expect(await sut.cancel()).toBe(true);
    expect(await again).toBeNull();
    expect(sut.progress?.state).toBe('cancelled');
  });
});
