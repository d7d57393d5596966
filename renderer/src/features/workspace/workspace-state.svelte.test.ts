/**
 * WorkspaceState against a scripted session API (issue 9 §1): a result for a superseded batch is
 * never shown — its figures are taken, but the summary on screen goes from the last one shown
 * straight to the newest batch's — and switching portfolio closes (cuts) the one left.
 */
import { describe, expect, it } from 'vitest';
import { WorkspaceState } from './workspace-state.svelte';
import { BookHandle } from '../analysis/book-handle';
import type { AnalysisBookRef } from '../../../../shared/ipc/analysis-contract';
import type { AppApi } from '../../../../shared/ipc/api';
import type { PatchOp } from '../../../../shared/domain/book-patch';
import type { PortfolioDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { MarginSummaryDto } from '../../../../shared/domain/dto/margin-run.dto';
import type { SessionDeltaDto, SessionPatchResultDto, SessionSnapshotDto, SessionStateDto } from '../../../../shared/domain/dto/session.dto';

const book = (id: string): PortfolioDto => ({ id, name: id, balances: [], positions: [{ id: 'r1', instrument: 'BTC-PERPETUAL', size: '10' }, { id: 'r2', instrument: 'ETH-PERPETUAL', size: '-5' }] });
/** A summary that says which version it is of (an outcome's error text), to tell them apart on screen. */
const summaryAt = (version: number): MarginSummaryDto => ({ asOf: '2026-11-24T08:00:00Z', outcomes: [{ methodId: 'deribit-pm', ok: false, error: `summary of version ${version}` }] });
const stateAt = (version: number): SessionStateDto => ({ version, baseRevision: 1, dirty: version > 1, pendingEdits: version - 1, canUndo: version > 1, canRedo: false });
const table = (ids: string[], size: string) => ({ ids, columns: { markCoin: ids.map(() => size) } });

/**
 * A fake session service: `patch` answers are held until `release(seq)` (or answered at once when
 * not held); `since` long polls never answer (no other window); `close` is recorded.
 */
function fakeApi() {
  const held = new Map<number, () => void>();
  const hold = new Set<number>();
  const calls: string[] = [];
  let version = 1;
  const snapshot = (id: string): SessionSnapshotDto => ({
    sessionId: id, portfolio: book(id), context: { marketId: 'm', methods: ['deribit-pm'], detailFor: 'deribit-pm', shown: ['deribit-pm'] },
    state: stateAt(version), marks: table(['r1', 'r2'], '0'), margin: { ids: [], columns: {} }, summary: summaryAt(version), pending: [], symbols: [],
  });
  const session = {
    open: async ({ portfolioId }: { portfolioId: string }) => { calls.push(`open ${portfolioId}`); version = 1; return snapshot(portfolioId); },
    patch: ({ seq, ops, version: base }: { seq: number; ops: PatchOp[]; version: number }): Promise<SessionPatchResultDto> => {
      calls.push(`patch ${seq} at ${base}`);
      const answer = (): SessionDeltaDto & { kind: 'applied' } => {
        version++;
        return { kind: 'applied', version, seq, ops, state: stateAt(version), summary: summaryAt(version), pending: [], marks: table(['r1'], `seq ${seq}`), margin: { ids: [], columns: {} }, removed: [] };
      };
      if (!hold.has(seq)) return Promise.resolve(answer());
      return new Promise((resolve) => held.set(seq, () => resolve(answer())));
    },
    since: () => new Promise<never>(() => {}),
    account: async () => ({ kind: 'stale' as const, version }),
    save: async ({ sessionId }: { sessionId: string }) => {
      calls.push(`save ${sessionId}`);
      version++; // the cut is one version step
      return { revision: { id: sessionId, name: sessionId, revision: 2, savedAt: '2026-12-07T00:00:00Z', positionCount: 2 }, state: { ...stateAt(version), dirty: false, pendingEdits: 0 } };
    },
    close: async ({ sessionId }: { sessionId: string }) => { calls.push(`close ${sessionId}`); return { revision: { id: sessionId, name: sessionId, revision: 2, savedAt: '2026-12-07T00:00:00Z', positionCount: 2 } }; },
  };
  const api = { session, portfolio: { list: async () => [] } } as unknown as AppApi;
  return { api, calls, hold: (seq: number) => hold.add(seq), release: (seq: number) => { held.get(seq)!(); held.delete(seq); }, isHeld: (seq: number) => held.has(seq) };
}

/** Every value `margin` is given, in order (the summary as the margin panel would draw it). */
function recordMargin(st: WorkspaceState): (MarginSummaryDto | null)[] {
  const shown: (MarginSummaryDto | null)[] = [];
  // The field is the rune's accessor (on the prototype) or, as compiled for tests, a plain own property.
  const accessor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(st) as object, 'margin');
  let value = st.margin;
  Object.defineProperty(st, 'margin', {
    configurable: true,
    get() { return accessor?.get ? (accessor.get.call(this) as MarginSummaryDto | null) : value; },
    set(v: MarginSummaryDto | null) { shown.push(v); if (accessor?.set) accessor.set.call(this, v); else value = v; },
  });
  return shown;
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(f()).toBe(true);
};
const label = (m: MarginSummaryDto | null) => (m && !m.outcomes[0].ok ? m.outcomes[0].error : null);

describe('WorkspaceState', () => {
  it("a superseded batch's answer, delayed past a second batch, is never shown: its figures are taken, the summary jumps to the newest", async () => {
    const fake = fakeApi();
    const st = new WorkspaceState(fake.api);
    await st.selectPortfolio('a');
    const shown = recordMargin(st);
    expect(label(st.margin)).toBe('summary of version 1');
    fake.hold(1);
    const first = st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '11' }]);
    const second = st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '12' }]);
    // Both edits are on screen at once (optimistic), the first is in flight, the second queued behind it.
    expect(st.portfolio!.positions[0].size).toBe('12');
    await until(() => fake.isHeld(1));
    fake.release(1);
    expect(await first).toEqual({ ok: true });
    // The first answer's figures are folded in, but its summary (version 2) is never put on screen.
    expect(st.figures.get('r1')!.markCoin).toMatch(/^seq [12]$/);
    expect(await second).toEqual({ ok: true });
    expect(fake.calls.filter((c) => c.startsWith('patch'))).toEqual(['patch 1 at 1', 'patch 2 at 2']);
    expect(shown.map(label)).toEqual(['summary of version 3']);
    expect([label(st.margin), st.marginVersion, st.figures.get('r1')!.markCoin]).toEqual(['summary of version 3', 3, 'seq 2']);
  });

  it('with no newer batch queued, each answer is shown in turn', async () => {
    const fake = fakeApi();
    const st = new WorkspaceState(fake.api);
    await st.selectPortfolio('a');
    const shown = recordMargin(st);
    await st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '11' }]);
    await st.applyPatch([{ op: 'set', id: 'r2', field: 'size', value: '-6' }]);
    expect(shown.map(label)).toEqual(['summary of version 2', 'summary of version 3']);
  });

  it('switching portfolio closes the one left (the service cuts its pending edits) before opening the next', async () => {
    const fake = fakeApi();
    const st = new WorkspaceState(fake.api);
    await st.selectPortfolio('a');
    await st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '11' }]);
    await st.selectPortfolio('b');
    expect(fake.calls.filter((c) => !c.startsWith('patch'))).toEqual(['open a', 'close a', 'open b']);
    expect(st.lastSaved).toMatchObject({ id: 'a', revision: 2 });
    expect(st.portfolio!.id).toBe('b');
  });

  it('an edit right after Ctrl+S builds on the version the cut made (not answered "behind" by the book this window just saved)', async () => {
    const fake = fakeApi();
    const st = new WorkspaceState(fake.api);
    await st.selectPortfolio('a');
    await st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '11' }]);
    expect(await st.save()).toMatchObject({ revision: 2 });
    await st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '12' }]);
    expect(fake.calls.filter((c) => c.startsWith('patch') || c.startsWith('save'))).toEqual(['patch 1 at 1', 'save a', 'patch 2 at 3']);
  });
  it("analysis requests name the session at its confirmed version, and send the rows while an edit is queued or in flight", async () => {
    const fake = fakeApi();
    const st = new WorkspaceState(fake.api);
    const sent: AnalysisBookRef[] = [];
    const call = async (ref: AnalysisBookRef) => { sent.push(ref); return { book: `h${sent.length}` }; };
    expect(st.sessionRef()).toBeUndefined();
    await st.selectPortfolio('a');
    expect(st.sessionRef()).toEqual({ sessionId: 'a', version: 1 });
    await new BookHandle(st).call(st.portfolio!, call);
    fake.hold(1);
    const edit = st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '11' }]);
    expect(st.sessionRef()).toBeUndefined();
    const during = st.portfolio!;
    await new BookHandle(st).call(during, call);
    await until(() => fake.isHeld(1));
    expect(st.sessionRef()).toBeUndefined();
    fake.release(1);
    await edit;
    expect(st.sessionRef()).toEqual({ sessionId: 'a', version: 2 });
    await new BookHandle(st).call(st.portfolio!, call);
    expect(sent).toEqual([{ session: { sessionId: 'a', version: 1 } }, { portfolio: during }, { session: { sessionId: 'a', version: 2 } }]);
  });
  it('is not idle while the slow lane waits for its quiet moment or for its answer; idle once answered, busy again after an edit', async () => {
    const fake = fakeApi();
    let answer: (() => void) | undefined;
    (fake.api.session as unknown as { account: () => Promise<unknown> }).account = () => new Promise((resolve) => { answer = () => resolve({ kind: 'stale', version: 1 }); });
    const st = new WorkspaceState(fake.api);
    await st.selectPortfolio('a');
    expect(st.activity).toBe('idle');
    expect(st.idle).toBe(false); // the quiet moment before the slow lane asks
    await until(() => answer !== undefined);
    expect(st.idle).toBe(false); // asked, not answered
    answer!();
    await until(() => st.idle);
    expect(st.slowLane).toBe(false);
    answer = undefined;
    await st.applyPatch([{ op: 'set', id: 'r1', field: 'size', value: '11' }]);
    expect(st.idle).toBe(false);
    await until(() => answer !== undefined);
    answer!();
    await until(() => st.idle);
  });
});
