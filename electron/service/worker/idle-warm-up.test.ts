/**
 * IdleWarmUp's schedule against fake timers: a step runs only after `quietMs` without activity,
 * activity restarts the wait, steps run one per quiet period in order, a failing
 * step ends the warm-up with a log line, and `stop` drops what is left. Plus the analysis steps
 * themselves on the real engine.
 */
import { describe, expect, it } from 'vitest';
import { IdleWarmUp } from './idle-warm-up';
import { analysisWarmUpSteps, PAYOFF_WARM_UP_RUNS } from '../analysis/warm-up-steps';

function timers() {
  let now = 0, next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn: () => void, ms: number) => { const id = next++; pending.set(id, { at: now + ms, fn }); return id; },
    clear: (h: unknown) => { pending.delete(h as number); },
    /** Advance the clock by `ms`, firing due timers in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    get pending() { return pending.size; },
  };
}

describe('IdleWarmUp', () => {
  it('runs one step per quiet period, in order; any activity (a request arriving, done, answered) restarts the wait', () => {
    const t = timers(), ran: number[] = [];
    const w = new IdleWarmUp([0, 1, 2].map((i) => () => { ran.push(i); }), { quietMs: 100, setTimer: t.set, clearTimer: t.clear });
    t.advance(99);
    expect(ran).toEqual([]);
    w.activity(); // a request arrives just before the first step was due
    t.advance(60);
    w.activity(); // its answer
    t.advance(99);
    expect(ran).toEqual([]);
    t.advance(1);
    expect(ran).toEqual([0]);
    t.advance(100);
    expect(ran).toEqual([0, 1]);
    w.activity();
    t.advance(50);
    expect(ran).toEqual([0, 1]);
    t.advance(50);
    expect(ran).toEqual([0, 1, 2]);
    expect(w.finished).toBe(true);
    expect(w.done).toBe(3);
    expect(t.pending).toBe(0);
    w.activity();
    t.advance(1000);
    expect(ran).toEqual([0, 1, 2]); // done: nothing scheduled again
    expect(t.pending).toBe(0);
  });

  it('steady activity closer together than quietMs keeps every step back', () => {
    const t = timers(), ran: string[] = [];
    const w = new IdleWarmUp([() => { ran.push('a'); }], { quietMs: 300, setTimer: t.set, clearTimer: t.clear });
    for (let i = 0; i < 50; i++) { t.advance(250); w.activity(); }
    expect(ran).toEqual([]);
    t.advance(300);
    expect(ran).toEqual(['a']);
  });

  it('a step that throws ends the warm-up with a log line; stop drops the rest', () => {
    const t = timers(), logs: string[] = [], ran: number[] = [];
    const w = new IdleWarmUp([() => { throw new Error('boom'); }, () => { ran.push(1); }], { quietMs: 5, setTimer: t.set, clearTimer: t.clear, log: (m) => logs.push(m) });
    t.advance(50);
    expect(ran).toEqual([]);
    expect(w.finished).toBe(true);
    expect(logs).toEqual([expect.stringMatching(/step 1 failed.*boom/)]);
    const s = new IdleWarmUp([() => { ran.push(2); }], { quietMs: 5, setTimer: t.set, clearTimer: t.clear });
    s.stop();
    t.advance(50);
    expect(ran).toEqual([]);
    expect(t.pending).toBe(0);
  });
});

describe('analysisWarmUpSteps', () => {
  it('are the payoff chart\'s default request on a small book, each run without error', () => {
    const steps = analysisWarmUpSteps();
    expect(steps).toHaveLength(PAYOFF_WARM_UP_RUNS);
    for (const s of steps) s(); // each checks its own answer (4 curves)
  });
});
