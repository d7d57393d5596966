import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import { black76Price, bsm, inverseOption } from '../../engine/pricing';
import { commands } from './index';
import type { CliIo } from '../cli-command';

function fakeIo(stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin, readFile: async () => { throw new Error('no files'); }, writeFile: async () => undefined,
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function iv(requests: unknown[]) {
  const f = fakeIo(JSON.stringify(requests));
  const code = await runCli(['iv'], f.io, commands);
  return { code, out: code === 0 ? JSON.parse(f.stdout()) : null, err: f.stderr() };
}

describe('pmdesk iv', () => {
  it('inverts the product.md example request (F=100, K=120, T=0.5, price 3.2)', async () => {
    const { code, out } = await iv([{ model: 'black76', type: 'call', forward: 100, strike: 120, expiryYears: 0.5, rate: 0.0, price: 3.2 }]);
    expect(code).toBe(0);
    expect(Object.keys(out[0])).toEqual(['vol']);
    // Whatever the vol, repricing at it gives back the price.
    expect(black76Price({ type: 'call', forward: 100, strike: 120, expiryYears: 0.5, vol: out[0].vol })).toBeCloseTo(3.2, 12);
  });

  it('round-trips every model, discounted and in coin', async () => {
    const bsmPrice = bsm({ type: 'put', spot: 100, strike: 110, expiryYears: 0.5, vol: 0.3, rate: 0.05, dividendYield: 0.02 }).value;
    const invPrice = inverseOption({ type: 'call', forward: 95000, strike: 100000, expiryYears: 0.1, vol: 0.55 }).value;
    const b76 = black76Price({ type: 'put', forward: 19, strike: 21, expiryYears: 0.75, vol: 0.28, rate: 0.1 });
    const { out } = await iv([
      { model: 'bsm', type: 'put', spot: 100, strike: 110, expiryYears: 0.5, rate: 0.05, dividendYield: 0.02, price: bsmPrice },
      { model: 'inverse', type: 'call', forward: 95000, strike: 100000, expiryYears: 0.1, price: invPrice },
      { model: 'black76', type: 'put', forward: 19, strike: 21, expiryYears: 0.75, rate: 0.1, price: b76 },
    ]);
    expect(Math.abs(out[0].vol - 0.3)).toBeLessThan(1e-12);
    expect(Math.abs(out[1].vol - 0.55)).toBeLessThan(1e-12);
    expect(Math.abs(out[2].vol - 0.28)).toBeLessThan(1e-12);
  });

  it('puts {"error"} in the slot of a price outside the no-arbitrage bounds, keeping order', async () => {
    const base = { model: 'black76', type: 'call', forward: 100, strike: 90, expiryYears: 1 };
    const { code, out } = await iv([
      { ...base, price: 5 }, // below intrinsic 10
      { ...base, price: 15 },
      { ...base, price: 100 }, // at the forward: above the maximum
      { ...base, type: 'put', price: 95 }, // above the strike
    ]);
    expect(code).toBe(0);
    expect(out[0]).toEqual({ error: expect.stringMatching(/below the intrinsic/) });
    expect(out[1].vol).toBeGreaterThan(0);
    expect(out[2]).toEqual({ error: expect.stringMatching(/maximum/) });
    expect(out[3]).toEqual({ error: expect.stringMatching(/maximum/) });
  });

  it.each([
    ['missing price', [{ model: 'black76', type: 'call', forward: 100, strike: 90, expiryYears: 1 }], /request \[0\]: missing "price"/],
    ['vol given', [{ model: 'black76', type: 'call', forward: 100, strike: 90, expiryYears: 1, vol: 0.2, price: 12 }], /unknown field "vol"/],
    ['zero expiry', [{ model: 'black76', type: 'call', forward: 100, strike: 90, expiryYears: 0, price: 12 }], /request \[0\]: expiryYears/],
  ])('rejects %s on stderr with exit 2', async (_n, req, message) => {
    const { code, err } = await iv(req);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
