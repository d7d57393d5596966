import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-command';
import { runCli } from '../run-cli';
import { black76, bsm, inverseOption } from '../../engine/pricing';
import { commands } from './index';

/** In-memory CliIo: stdin text and files given, stdout/stderr captured. */
function fakeIo(stdin: string, files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin,
    readFile: async (p) => {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return files[p];
    },
    writeFile: async () => undefined,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const CONTRACT_EXAMPLE = [
  { model: 'black76', type: 'call', forward: 19, strike: 19, expiryYears: 0.75, vol: 0.28, rate: 0.10 },
  { model: 'bsm', type: 'put', spot: 100, strike: 110, expiryYears: 0.5, vol: 0.3, rate: 0.05, dividendYield: 0.02 },
  { model: 'inverse', type: 'call', forward: 95000, strike: 100000, expiryYears: 0.1, vol: 0.55 },
];

describe('pmdesk price', () => {
  it('prices the product.md example: same order, exactly the six contract fields, engine values', async () => {
    const f = fakeIo(JSON.stringify(CONTRACT_EXAMPLE));
    expect(await runCli(['price'], f.io, commands)).toBe(0);
    expect(f.stderr()).toBe('');
    const out = JSON.parse(f.stdout());
    expect(out).toHaveLength(3);
    for (const r of out) expect(Object.keys(r).sort()).toEqual(['delta', 'gamma', 'rho', 'theta', 'value', 'vega']);
    const b = black76({ type: 'call', forward: 19, strike: 19, expiryYears: 0.75, vol: 0.28, rate: 0.1 });
    expect(out[0].value).toBe(b.value);
    expect(Math.abs(out[0].value - 1.7011)).toBeLessThan(1e-4); // Haug p.2-8 futures option
    const p = bsm({ type: 'put', spot: 100, strike: 110, expiryYears: 0.5, vol: 0.3, rate: 0.05, dividendYield: 0.02 });
    expect(out[1]).toEqual({ value: p.value, delta: p.delta, gamma: p.gamma, vega: p.vega, theta: p.theta, rho: p.rho });
    expect(out[1].delta).toBeLessThan(0);
    const inv = inverseOption({ type: 'call', forward: 95000, strike: 100000, expiryYears: 0.1, vol: 0.55 });
    expect(out[2].value).toBe(inv.value);
    expect(out[2].value).toBeCloseTo(inv.valueUsd / 95000, 15); // coin = USD / forward
    expect(out[0].theta).toBeLessThan(0); // long option decays
  });

  it('reads a file argument and accepts decimal strings', async () => {
    const req = [{ model: 'black76', type: 'put', forward: '19', strike: '19', expiryYears: '0.75', vol: '0.28', rate: '0.1' }];
    const f = fakeIo('', { 'req.json': JSON.stringify(req) });
    expect(await runCli(['price', 'req.json'], f.io, commands)).toBe(0);
    expect(Math.abs(JSON.parse(f.stdout())[0].value - 1.7011)).toBeLessThan(1e-4);
  });

  it('defaults rate and dividendYield to 0', async () => {
    const f = fakeIo(JSON.stringify([{ model: 'bsm', type: 'call', spot: 100, strike: 100, expiryYears: 1, vol: 0.2 }]));
    expect(await runCli(['price'], f.io, commands)).toBe(0);
    expect(JSON.parse(f.stdout())[0].value).toBe(bsm({ type: 'call', spot: 100, strike: 100, expiryYears: 1, vol: 0.2 }).value);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an array', '{}', /JSON array/],
    ['bad model', '[{"model":"heston","type":"call"}]', /request \[0\]: "model"/],
    ['bad type', '[{"model":"black76","type":"straddle"}]', /request \[0\]: "type"/],
    ['missing field', '[{"model":"black76","type":"call","forward":1,"strike":1,"expiryYears":1}]', /request \[0\]: missing "vol"/],
    ['unknown field', '[{"model":"black76","type":"call","spot":1,"forward":1,"strike":1,"expiryYears":1,"vol":1}]', /unknown field "spot"/],
    ['negative strike', '[{"model":"black76","type":"call","forward":1,"strike":-1,"expiryYears":1,"vol":1}]', /request \[0\]: strike/],
    ['negative vol', '[{"model":"black76","type":"call","forward":1,"strike":1,"expiryYears":1,"vol":-0.1}]', /request \[0\]: vol/],
    ['non-numeric', '[{"model":"black76","type":"call","forward":"abc","strike":1,"expiryYears":1,"vol":1}]', /request \[0\]: "forward"/],
    ['second item bad', `[${JSON.stringify(CONTRACT_EXAMPLE[0])},{"model":"bsm","type":"call"}]`, /request \[1\]/],
  ])('rejects %s on stderr with exit 2', async (_name, input, message) => {
    const f = fakeIo(input);
    expect(await runCli(['price'], f.io, commands)).toBe(2);
    expect(f.stdout()).toBe('');
    expect(f.stderr()).toMatch(/^pmdesk price: /);
    expect(f.stderr()).toMatch(message);
  });

  it('rejects an unknown option and extra positionals', async () => {
    expect(await runCli(['price', '--fast'], fakeIo('[]').io, commands)).toBe(2);
    expect(await runCli(['price', 'a', 'b'], fakeIo('[]').io, commands)).toBe(2);
  });

  it('prints usage on --help', async () => {
    const f = fakeIo('');
    expect(await runCli(['price', '--help'], f.io, commands)).toBe(0);
    expect(f.stdout()).toMatch(/usage: npm run -s pmdesk -- price/);
  });

  it('works as a real process through the entry point (stdin → stdout)', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', 'price'], {
      cwd: root, input: JSON.stringify(CONTRACT_EXAMPLE), encoding: 'utf8', timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });
});
