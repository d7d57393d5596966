/**
 * PayoffState's date choice against a scripted `analysis:payoff`: the requests name only the
 * chosen dates (today, the next N expiries, the custom date), the curves drawn are those, and
 * the Expiries select offers none … all of the book's expiries ahead.
 */
import { describe, expect, it } from 'vitest';
import { PAYOFF_MAX_EXPIRIES, type PayoffDto, type PayoffRequestDto } from '../../../../shared/ipc/analysis-contract';
import type { AppApi } from '../../../../shared/ipc/api';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { DEFAULT_NEXT_EXPIRIES, expiryChoices, PayoffState } from './payoff-state.svelte';

const AHEAD = ['2026-12-25T08:00:00Z', '2027-01-29T08:00:00Z', '2027-03-26T08:00:00Z', '2027-06-25T08:00:00Z', '2027-09-24T08:00:00Z'];

/** A service that answers the dates a request names, as the real one does (nearest expiries first). */
function fake(ahead = AHEAD, sessionRef: () => unknown = () => undefined) {
  const sent: PayoffRequestDto[] = [];
  /** Answers wait for `gate.wait` (a test holds them back). */
  const gate: { wait: Promise<void> } = { wait: Promise.resolve() };
  const payoff = async (req: PayoffRequestDto): Promise<PayoffDto> => {
    sent.push(req);
    await gate.wait;
    const labels = [
      ...(req.today === false ? [] : ['today']),
      ...(req.expiries === false ? [] : ahead.slice(0, req.nextExpiries ?? PAYOFF_MAX_EXPIRIES).map((d) => `expiry ${d.slice(0, 10)}`)),
      ...(req.dates ?? []).map((d) => `custom ${d.slice(0, 10)}`),
    ];
    if (labels.length === 0) throw new Error('no valuation date: ask for today, the expiries or a custom date');
    return { underlying: req.underlying, index: 100, prices: [50, 150], curves: labels.map((label) => ({ label, at: '', days: 0, pnlUsd: [0, 0] })), expiriesAhead: ahead, elapsedMs: 1, book: 'h1' };
  };
  const api = { analysis: { payoff } } as unknown as AppApi;
  const ws = { portfolio: { id: 'p', name: 'p', balances: [], positions: [{ id: 'r1', instrument: 'BTC-27DEC26-100000-C', size: '1' }] }, marketId: 'm', figuresTick: 0, detail: null, sessionRef } as unknown as WorkspaceState;
  return { sent, gate, po: new PayoffState(api, ws) };
}
const labels = (po: PayoffState) => po.result!.curves.map((c) => c.label);

describe('PayoffState dates', () => {
  it('draws today and the next 3 expiries by default, asking for today, then those 3 alone', async () => {
    const { sent, po } = fake();
    await po.run();
    expect(DEFAULT_NEXT_EXPIRIES).toBe(3);
    expect(labels(po)).toEqual(['today', 'expiry 2026-12-25', 'expiry 2027-01-29', 'expiry 2027-03-26']);
    expect(sent.map((r) => [r.today, r.expiries, r.nextExpiries, r.dates])).toEqual([[undefined, false, undefined, undefined], [false, undefined, 3, undefined]]);
  });

  it('asks for today\'s curve and the later dates at once: the later request is on its way before today\'s answer', async () => {
    // In step with the service (a session ref): each request names the session, neither waits for the other.
    const { sent, po, gate } = fake(AHEAD, () => ({ sessionId: 'p', version: 1 }));
    let open!: () => void;
    gate.wait = new Promise<void>((r) => { open = r; }); // no answer until both could be on their way
    const run = po.run();
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((r) => [r.today, r.expiries, r.nextExpiries])).toEqual([[undefined, false, undefined], [false, undefined, 3]]);
    open();
    await run;
    expect(labels(po)).toEqual(['today', 'expiry 2026-12-25', 'expiry 2027-01-29', 'expiry 2027-03-26']);
    expect(sent.every((r) => r.session !== undefined && r.portfolio === undefined)).toBe(true);
  });

  it('a run superseded while it answers (Draw again with fewer dates) adds nothing to the newer chart', async () => {
    const { po, gate } = fake(AHEAD, () => ({ sessionId: 'p', version: 1 }));
    let open!: () => void;
    gate.wait = new Promise<void>((r) => { open = r; });
    const first = po.run(); // today + next 3, held back
    po.nextExpiries = 0;
    gate.wait = Promise.resolve();
    await po.run(); // today alone, answered at once
    expect(labels(po)).toEqual(['today']);
    open();
    await first;
    expect(labels(po)).toEqual(['today']); // the first run's later dates are not merged in
  });

  it('next 1 with a custom date: two later curves; none: today alone, one request; all: every expiry', async () => {
    const { sent, po } = fake();
    po.nextExpiries = 1;
    po.customDate = '2027-02-10';
    await po.run();
    expect(labels(po)).toEqual(['today', 'expiry 2026-12-25', 'custom 2027-02-10']);
    sent.length = 0;
    po.nextExpiries = 0;
    po.customDate = '';
    await po.run();
    expect(labels(po)).toEqual(['today']);
    expect(sent).toHaveLength(1);
    po.nextExpiries = 0;
    po.customDate = '2027-02-10';
    await po.run();
    expect(labels(po)).toEqual(['today', 'custom 2027-02-10']);
    expect(sent.at(-1)).toMatchObject({ today: false, expiries: false, dates: ['2027-02-10T08:00:00Z'] });
    po.customDate = '';
    po.nextExpiries = AHEAD.length;
    await po.run();
    expect(labels(po)).toHaveLength(1 + AHEAD.length);
    expect(po.error).toBeNull();
  });

  it('a choice beyond the book\'s expiries draws those it has and shows as all of them', async () => {
    const { po } = fake(AHEAD.slice(0, 2));
    await po.run();
    expect(labels(po)).toEqual(['today', 'expiry 2026-12-25', 'expiry 2027-01-29']);
    expect(po.expiryCount).toBe(2);
    expect(po.expiryChoices.map((c) => c.label)).toEqual(['none', 'next 1 (2026-12-25)', 'all 2 (to 2027-01-29)']);
  });

  it('offers none … all, at most the channel\'s limit, naming the last expiry each draws', () => {
    expect(expiryChoices(null).map((c) => c.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(expiryChoices([]).map((c) => c.label)).toEqual(['none']);
    const many = Array.from({ length: 9 }, (_, i) => `2027-0${i + 1}-01T08:00:00Z`);
    const c = expiryChoices(many);
    expect(c).toHaveLength(1 + PAYOFF_MAX_EXPIRIES);
    expect(c.at(-1)!.label).toBe(`next ${PAYOFF_MAX_EXPIRIES} of 9 (to 2027-06-01)`);
  });
});
