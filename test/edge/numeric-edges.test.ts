/**
 * Numeric edge cases answered explicitly (issue 11 §6), through `pmdesk margin` in process so the
 * answers hold for the user's entry point whatever the engine's layout. Each case is an error
 * naming the item or a documented result (docs/margin-methods.md "Edge cases"):
 *   - sizes 1e15 (the largest accepted, docs/formats.md) and 1e-12: accepted, plain decimal
 *     figures; 1e15 + 1 is refused naming the size; 1e-12 rounds to 0 at the coin precision;
 *   - an option expiring today: before 08:00 UTC it is live (T = hours to 08:00 over ACT/365);
 *     from 08:00 it is expired and valued at its intrinsic value at the index (pricing.md);
 *   - an expired option still in the book: kept, valued at intrinsic at the index, margined as the
 *     position it is until settlement (no vol needed for it);
 *   - vol at the floor: the smallest positive quote gives finite figures; a vol at
 *     `min_volatility_for_shock_up` gives figures continuous with its neighbours;
 *   - a perpetual whose underlying has no index in the snapshot: exit 2 naming the position and the underlying.
 */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/cli-command';
import { commands } from '../../electron/cli/commands/index';
import { runCli } from '../../electron/cli/run-cli';
import { marginMethodList } from '../../electron/engine/margin/registry';

type Figures = Record<string, { initialMargin: string; maintenanceMargin: string }>;

async function margin(portfolio: unknown, market: unknown, method: string, params?: unknown) {
  const files: Record<string, string> = { 'p.json': JSON.stringify(portfolio), 'm.json': JSON.stringify(market), ...(params ? { 'x.json': JSON.stringify(params) } : {}) };
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { readStdin: async () => '', readFile: async (f) => files[f], writeFile: async () => undefined, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} };
  const code = await runCli(['margin', '--portfolio', 'p.json', '--market', 'm.json', '--method', method, ...(params ? ['--params', 'x.json'] : [])], io, commands);
  const json = out.length ? (JSON.parse(out.join('')) as { byCurrency: Figures }) : undefined;
  return { code, stderr: err.join(''), byCurrency: json?.byCurrency ?? {}, text: out.join('') };
}

const PLAIN = /^-?\d+(\.\d+)?$/;
// Every margin method the registry lists (issue 11 §6 holds for each; no method id written here),
// except the labelled placeholder, which margins delta-one positions only.
const METHODS = marginMethodList().filter((m) => m.role !== 'placeholder').map((m) => m.id);
// No balances: in cross mode the collateral's own price risk would be part of every figure.
const book = (positions: { instrument: string; size: string }[]) => ({ name: 'edge', balances: [], positions: positions.map((p, i) => ({ id: `e${i + 1}`, ...p })) });
const market = (asOf: string, vol = 0.6) => ({
  asOf,
  underlyings: {
    BTC: {
      index: 100_000,
      forwards: [{ expiry: '2026-12-25T08:00:00Z', price: 100_500 }],
      vols: ['2026-11-24T08:00:00Z', '2026-12-25T08:00:00Z'].filter((e) => e > asOf).flatMap((expiry) => [90_000, 100_000, 110_000].map((strike) => ({ expiry, strike, vol }))),
    },
  },
});
const figuresOf = (r: Awaited<ReturnType<typeof margin>>) => Object.values(r.byCurrency).flatMap((c) => [c.initialMargin, c.maintenanceMargin]);

describe('numeric edge cases', () => {
  for (const method of METHODS) {
    describe(method, () => {
      it('size 1e15 is accepted with plain decimal figures; 1e15 + 1 is refused naming the size', async () => {
        for (const instrument of ['BTC-PERPETUAL', 'BTC-25DEC26-100000-C']) {
          const big = await margin(book([{ instrument, size: '-1e15' }]), market('2026-11-20T00:00:00Z'), method);
          expect(big.code, big.stderr).toBe(0);
          for (const f of figuresOf(big)) { expect(f).toMatch(PLAIN); expect(Number(f)).toBeGreaterThan(0); }
          // Against size 1e6 (whose figures' rounding at the coin precision is ~1e-12 relative):
          // at least linear in size (liquidity add-ons only add); never a float overflow.
          const ref = await margin(book([{ instrument, size: '-1e6' }]), market('2026-11-20T00:00:00Z'), method);
          expect(Number(figuresOf(big)[0])).toBeGreaterThanOrEqual(Number(figuresOf(ref)[0]) * 1e9 * (1 - 1e-9));
          const over = await margin(book([{ instrument, size: '-1000000000000001' }]), market('2026-11-20T00:00:00Z'), method);
          expect(over.code).toBe(2);
          expect(over.text).toBe('');
          expect(over.stderr).toMatch(/positions\[0\]\.size.*1e15/);
        }
      });

      it('size 1e-12 is accepted and its figures round to 0 at the coin precision', async () => {
        const r = await margin(book([{ instrument: 'BTC-25DEC26-100000-C', size: '-1e-12' }]), market('2026-11-20T00:00:00Z'), method);
        expect(r.code, r.stderr).toBe(0);
        for (const f of figuresOf(r)) expect(f).toBe('0');
      });

      it('an option expiring today: live before 08:00 UTC, expired (intrinsic at the index) from 08:00', async () => {
        // At the money (index 100,000), so the last hour's time value (~0.4·σ·√T·F ≈ 256 USD at
        // σ = 0.6, T = 1/8760) is visible under every method's rounding.
        const short = book([{ instrument: 'BTC-24NOV26-100000-P', size: '-1' }]);
        const before = await margin(short, market('2026-11-24T07:00:00Z'), method);
        const at = await margin(short, market('2026-11-24T08:00:00Z'), method);
        const after = await margin(short, market('2026-11-24T09:00:00Z'), method);
        for (const r of [before, at, after]) expect(r.code, r.stderr).toBe(0);
        // From 08:00 the option is expired: no vol is read for it (the 24NOV26 smile is gone from the
        // snapshot) and its value no longer moves with time.
        expect(figuresOf(at)).toEqual(figuresOf(after));
        // An hour before, it is still a live option: worth more than its intrinsic value (time value).
        expect(figuresOf(before)).not.toEqual(figuresOf(at));
      });

      it('an expired option still in the book is kept and valued at its intrinsic value at the index', async () => {
        const mk = market('2026-11-24T09:00:00Z');
        const withExpired = await margin(book([{ instrument: 'BTC-20NOV26-90000-C', size: '-1' }, { instrument: 'BTC-25DEC26-100000-C', size: '1' }]), mk, method);
        expect(withExpired.code, withExpired.stderr).toBe(0);
        for (const f of figuresOf(withExpired)) expect(f).toMatch(PLAIN);
        // Kept, not dropped: deep in the money (index 100,000, strike 90,000) it moves 1:1 with the
        // index like a short future, so the figures differ from the book without it.
        const without = await margin(book([{ instrument: 'BTC-25DEC26-100000-C', size: '1' }]), mk, method);
        expect(figuresOf(withExpired)).not.toEqual(figuresOf(without));
        // Alone, a short expired in-the-money call needs margin.
        const alone = await margin(book([{ instrument: 'BTC-20NOV26-90000-C', size: '-1' }]), mk, method);
        expect(Number(figuresOf(alone)[0])).toBeGreaterThan(0);
        // Valued at intrinsic, not by Black-76: where the method reports the net option value it is
        // −(100,000 − 90,000) = the short call's intrinsic value, 10,000 USD; and the scenario P&L
        // does not depend on the vol state (the scenarios that move the price alike agree exactly).
        const out = JSON.parse(alone.text) as { byCurrency: Record<string, { addOns?: Record<string, string>; vector?: { move?: number; volState?: string; aggregated: string }[] }> };
        for (const c of Object.values(out.byCurrency)) {
          if (c.addOns?.['netOptionValue'] !== undefined) expect(c.addOns['netOptionValue']).toBe('10000');
          const byMove = new Map<number, Set<string>>();
          for (const x of c.vector ?? []) if (x.move !== undefined && x.volState !== undefined) byMove.set(x.move, (byMove.get(x.move) ?? new Set()).add(x.aggregated));
          for (const [move, values] of byMove) expect([...values], `move ${move}`).toHaveLength(1);
        }
      });

      it('vol at the floor: the smallest positive quote gives finite figures', async () => {
        const r = await margin(book([{ instrument: 'BTC-25DEC26-100000-C', size: '-1' }]), market('2026-11-20T00:00:00Z', 1e-6), method);
        expect(r.code, r.stderr).toBe(0);
        for (const f of figuresOf(r)) { expect(f).toMatch(PLAIN); expect(Number.isFinite(Number(f))).toBe(true); }
      });

      it('a perpetual whose underlying has no index in the snapshot is an error naming the position and underlying', async () => {
        const r = await margin(book([{ instrument: 'ETH-PERPETUAL', size: '1' }]), market('2026-11-20T00:00:00Z'), method);
        expect(r.code).toBe(2);
        expect(r.text).toBe('');
        expect(r.stderr).toMatch(/ETH-PERPETUAL/);
        expect(r.stderr).toMatch(/no market data for underlying ETH/);
      });
    });
  }

  it('deribit-pm: a vol at min_volatility_for_shock_up is continuous with its neighbours', async () => {
    const p = book([{ instrument: 'BTC-25DEC26-100000-C', size: '-1' }]);
    const floor = 0.5;
    const params = { currency_pair: { btc_usd: { min_volatility_for_shock_up: floor } } };
    const im = async (vol: number) => Number(figuresOf(await margin(p, market('2026-11-20T00:00:00Z', vol), 'deribit-pm', params))[0]);
    const [below, at, above] = [await im(floor - 1e-7), await im(floor), await im(floor + 1e-7)];
    expect(Math.abs(at - below) / at).toBeLessThan(1e-4);
    expect(Math.abs(above - at) / at).toBeLessThan(1e-4);
  });
});
