import { describe, expect, it, vi } from 'vitest';
import { listenForNotices } from './notice-poll';

describe('listenForNotices (the web host stand-in for the shell:notice push)', () => {
  it('learns the current seq first, then hands on every later notice once, retries a failed poll, and stops', async () => {
    const answers = [
      { seq: 3, notices: [{ message: 'old, from before the tab' }] },
      new Error('host restarting'),
      { seq: 4, notices: [{ message: 'restarted' }] },
      { seq: 4, notices: [] },
    ];
    const reqs: unknown[] = [];
    const poll = vi.fn(async (req: unknown) => {
      reqs.push(req);
      const a = answers.shift();
      if (a instanceof Error) throw a;
      if (!a) await new Promise(() => {}); // the next poll waits forever
      return a!;
    });
    const seen: string[] = [];
    const stop = listenForNotices(poll, (n) => seen.push(n.message), 1);
    await vi.waitFor(() => expect(reqs).toHaveLength(5));
    stop();
    expect(seen).toEqual(['restarted']);
    expect(reqs[0]).toEqual({});
    expect(reqs[1]).toMatchObject({ afterSeq: 3 });
    expect(reqs[2]).toMatchObject({ afterSeq: 3 });
    expect(reqs[3]).toMatchObject({ afterSeq: 4 });
  });
});
