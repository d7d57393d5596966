/** ReportExportState against a scripted shell and job service: the request for the open book, busy while saving, the job's progress followed, the outcome kept. */
import { describe, expect, it, vi } from 'vitest';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { SavedReportDto, SaveReportRequestDto, ShellApi } from '../../../../shared/ipc/shell-contract';
import type { JobApi, JobProgressDto } from '../../../../shared/ipc/job-contract';
import { ReportExportState, type ExportSource } from './report-export-state.svelte';

const book: PortfolioDto = { id: 'p1', name: 'Demo', balances: [], positions: [] };
const methods = ['deribit-pm', 'deribit-sm', 'span'].map((id) => ({ id, label: id.toUpperCase(), role: 'portfolio' as const, parameters: [] as never }));

function source(over: Partial<ExportSource> = {}): ExportSource {
  return { portfolio: book, revision: 3, dirty: false, marketId: 'm1', parameterSets: { 'deribit-pm': 'set-1', span: '' }, info: { methods }, ...over };
}

function shell() {
  const calls: SaveReportRequestDto[] = [];
  const cancels: string[] = [];
  let answer: (r: SavedReportDto) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const api = {
    shell: {
      saveReport: (r: SaveReportRequestDto) => {
        calls.push(r);
        return new Promise<SavedReportDto>((res, rej) => ((answer = res), (fail = rej)));
      },
      cancelReport: async (r: { exportId: string }) => {
        cancels.push(r.exportId);
        return { cancelled: true };
      },
    } as unknown as ShellApi,
    // The service's job board: `step` posts progress; a poll waits (briefly, as waitMs would) for a newer seq.
    job: {
      progress: async ({ jobId, afterSeq = 0 }: { jobId: string; afterSeq?: number }) => {
        const next = () => steps.find((p) => p.jobId === jobId && p.seq > afterSeq);
        if (!next()) await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 20); });
        return next() ?? steps.filter((p) => p.jobId === jobId).at(-1) ?? null;
      },
    } as unknown as JobApi,
  };
  const steps: JobProgressDto[] = [];
  const waiters: (() => void)[] = [];
  const step = (p: Omit<JobProgressDto, 'jobId' | 'seq'>) => {
    steps.push({ ...p, jobId: calls[0]!.exportId, seq: steps.length + 1 });
    waiters.splice(0).forEach((w) => w());
  };
  return { api, calls, cancels, step, answer: (r: SavedReportDto) => answer(r), fail: (e: Error) => fail(e) };
}

describe('ReportExportState', () => {
  it('asks for the open book\'s stored revision, the ticked methods (registry order) and their parameter sets, with the paper of the PDF', async () => {
    const s = shell();
    const rx = new ReportExportState(s.api, source());
    rx.show();
    expect(rx.methods).toEqual(['deribit-pm', 'deribit-sm', 'span']);
    rx.toggleMethod('deribit-sm', false);
    rx.toggleMethod('deribit-sm', true);
    rx.toggleMethod('span', false);
    rx.choiceId = 'pdf-letter';
    expect(rx.request('x1')).toEqual({ portfolio: book, revision: 3, marketId: 'm1', methods: ['deribit-pm', 'deribit-sm'], parameterSets: { 'deribit-pm': 'set-1' }, format: 'pdf', paper: 'Letter', exportId: 'x1' });
    rx.choiceId = 'csv';
    expect(rx.request()).not.toHaveProperty('paper');
  });

  it('unsaved edits: no revision is claimed; nothing ticked or no book: Export is blocked with the reason', () => {
    const s = shell();
    const dirty = new ReportExportState(s.api, source({ dirty: true }));
    dirty.show();
    expect(dirty.request()).toMatchObject({ marketId: 'm1' });
    expect(dirty.request()).not.toHaveProperty('revision');
    const rx = new ReportExportState(s.api, source());
    rx.show();
    for (const m of methods) rx.toggleMethod(m.id, false);
    expect(rx.blocked).toBe('tick at least one method');
    expect(rx.request()).toBeNull();
    expect(new ReportExportState(s.api, source({ portfolio: null })).blocked).toBe('no book is open');
  });

  it('busy while the shell saves (a second run is ignored); then the saved name; a cancelled dialog keeps the dialog open', async () => {
    const s = shell();
    const rx = new ReportExportState(s.api, source());
    rx.show();
    const first = rx.run();
    expect(rx.busy).toBe(true);
    expect(rx.blocked).toBe('an export is running');
    await rx.run();
    expect(s.calls).toHaveLength(1);
    s.answer({ name: 'book.pdf', failedMethods: ['span'] });
    await first;
    expect(rx.busy).toBe(false);
    expect(rx.open).toBe(false);
    expect(rx.message).toBe('report saved as book.pdf (failed on this book: span)');
    rx.show();
    const second = rx.run();
    s.answer(null);
    await second;
    expect(rx.open).toBe(true);
    expect(rx.message).toBeNull();
  });

  it('cancel while it runs goes to the shell with this export\'s id; the outcome says nothing was saved', async () => {
    const s = shell();
    const rx = new ReportExportState(s.api, source());
    rx.show();
    expect(await rx.cancel()).toBe(false);
    const p = rx.run();
    expect(await rx.cancel()).toBe(true);
    expect(s.cancels).toEqual([s.calls[0]!.exportId]);
    expect(s.calls[0]!.exportId).toMatch(/^report-/);
    s.answer(null);
    await p;
    expect(rx.busy).toBe(false);
    expect(rx.message).toBe('export cancelled; nothing was saved');
    expect(rx.error).toBeNull();
  });

  it('a failure is shown and the dialog stays open', async () => {
    const s = shell();
    const rx = new ReportExportState(s.api, source());
    rx.show();
    const p = rx.run();
    s.fail(new Error('shell:save-report: market snapshot m1 not found'));
    await p;
    expect(rx.error).toContain('not found');
    expect(rx.open).toBe(true);
    expect(rx.busy).toBe(false);
  });

  it("follows the export's job (id = the export id) while it runs: each step in order, none after it ends", async () => {
    const s = shell();
    const rx = new ReportExportState(s.api, source());
    rx.show();
    const p = rx.run();
    expect(rx.progress).toBeNull(); // the save dialog is open: no job yet
    s.step({ state: 'running', done: 0, total: 4, label: 'margin run: DERIBIT-PM on 2 positions (1 of 3)' });
    await vi.waitFor(() => expect(rx.progress?.label).toContain('(1 of 3)'));
    s.step({ state: 'running', done: 3, total: 9, label: 'writing sheet 1 of 6: Header' });
    await vi.waitFor(() => expect(rx.progress).toMatchObject({ done: 3, total: 9, label: 'writing sheet 1 of 6: Header' }));
    s.step({ state: 'done', done: 9, total: 9, label: 'report built' });
    await vi.waitFor(() => expect(rx.progress?.state).toBe('done'));
    expect(rx.busy).toBe(true); // main is still writing the file
    s.answer({ name: 'book.xlsx', failedMethods: [] });
    await p;
    expect(rx.busy).toBe(false);
    expect(rx.progress).toBeNull();
    expect(rx.message).toBe('report saved as book.xlsx');
  });
});
