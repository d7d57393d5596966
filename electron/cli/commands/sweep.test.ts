import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import type { CliIo } from '../cli-command';
import { MARGIN_METHODS, runMargin } from '../../engine/margin/registry';
import { commands } from './index';

const FIX = join(__dirname, '../../../test/fixtures');
const PORTFOLIO = join(FIX, 'margin-deribit-live-eth.portfolio.json');
const MARKET = join(FIX, 'margin-deribit-live-eth.market.json');

function io() {
  const out: string[] = [], err: string[] = [];
  const x: CliIo = {
    readStdin: async () => '', readFile: async (p) => readFileSync(p, 'utf8'), writeFile: async () => {},
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return { x, out, err };
}
const sweep = (...extra: string[]) => ['sweep', '--portfolio', PORTFOLIO, '--market', MARKET, ...extra];
const file = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as { positions: { id: string; instrument: string; size: string }[]; name: string };

describe('pmdesk sweep', () => {
  it('prints margin per value as JSON; each point is a plain margin run at that value', async () => {
    const t = io();
    expect(await runCli(sweep('--method', 'deribit-pm', '--param', 'currency_pair.eth_usd.price_range', '--from', '0.10', '--to', '0.25', '--steps', '16'), t.x, commands)).toBe(0);
    const r = JSON.parse(t.out.join(''));
    expect(r.values).toHaveLength(16);
    expect(r.values[0]).toBe('0.1');
    expect(r.values[15]).toBe('0.25');
    const m = r.methods[0];
    expect(m).toMatchObject({ methodId: 'deribit-pm', ok: true, declared: 'currency_pair.<pair>.price_range', bound: '(0, 1)', scenarioBuilds: 2 }); // the first point's book, then the other 15 grids priced together (GridUnion)
    const plain = runMargin({ methodId: 'deribit-pm', portfolio: file(PORTFOLIO), snapshot: JSON.parse(readFileSync(MARKET, 'utf8')), params: { currency_pair: { eth_usd: { price_range: 0.2 } } }, account: false, marginal: false });
    expect(m.points[10]).toMatchObject({ value: '0.2', initialMarginUsd: plain.totals.initialMarginUsd, maintenanceMarginUsd: plain.totals.maintenanceMarginUsd });
  });

  it('--method all sweeps every method with the parameter, lists the others on stderr; CSV has a row per method and value', async () => {
    const t = io();
    expect(await runCli(sweep('--method', 'all', '--param', 'usdDecimals', '--from', '2', '--to', '3', '--steps', '2', '--format', 'csv'), t.x, commands)).toBe(0);
    const lines = t.out.join('').trim().split('\n');
    expect(lines[0]).toBe('method,param,value,initialMarginUsd,maintenanceMarginUsd,bindingAddOn,error');
    const having = Object.values(MARGIN_METHODS).filter((m) => m.numericParams.some((p) => p.path === 'usdDecimals'));
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(having.map((m) => m.id)));
    const skipped = Object.keys(MARGIN_METHODS).filter((id) => !having.some((m) => m.id === id));
    for (const id of skipped) expect(t.err.join('')).toContain(`${id} not swept (no parameter usdDecimals)`);
  });

  it('refuses a bad value naming the parameter and its bound (exit 2, nothing printed)', async () => {
    for (const [from, msg] of [['0', 'currency_pair.eth_usd.price_range: 0 is outside (0, 1)'], ['1e400', 'currency_pair.eth_usd.price_range: 1e400 is outside (0, 1)'], ['0x10', 'currency_pair.eth_usd.price_range: "0x10" is not a decimal number'], ['NaN', '"NaN" is not a decimal number']] as const) {
      const t = io();
      expect(await runCli(sweep('--method', 'deribit-pm', '--param', 'currency_pair.eth_usd.price_range', '--from', from, '--to', '0.2', '--steps', '3'), t.x, commands), from).toBe(2);
      expect(t.err.join('')).toContain(msg);
      expect(t.out.join('')).toBe('');
    }
  });

  it('refuses a parameter no named method has, bad steps, an unknown method and --params with several methods', async () => {
    const cases: [string[], RegExp][] = [
      [['--method', 'tims', '--param', 'general.mm_factor', '--from', '0.5', '--to', '0.6', '--steps', '2'], /general\.mm_factor: no requested method has this numeric parameter/],
      [['--method', 'tims', '--param', 'perUnitMinimum', '--from', '0', '--to', '1', '--steps', 'x'], /--steps x: expected a whole number/],
      [['--method', 'tims', '--param', 'perUnitMinimum', '--from', '0', '--to', '1', '--steps', '1001'], /steps: 1001 is not an integer in 1\.\.1000/],
      [['--method', 'nope', '--param', 'x', '--from', '0', '--to', '1', '--steps', '2'], /--method nope: unknown method/],
      [['--method', 'all', '--param', 'x', '--from', '0', '--to', '1', '--steps', '2', '--params', PORTFOLIO], /--params needs exactly one --method/],
    ];
    for (const [a, re] of cases) {
      const t = io();
      expect(await runCli(sweep(...a), t.x, commands), a.join(' ')).toBe(2);
      expect(t.err.join('')).toMatch(re);
    }
  });
});

describe('pmdesk margin --method all', () => {
  const margin = (...extra: string[]) => ['margin', '--portfolio', PORTFOLIO, '--market', MARKET, '--no-account', ...extra];
  it('runs every registered method: the comparison, then each full result equal to a single-method run', async () => {
    const t = io();
    expect(await runCli(margin('--method', 'all'), t.x, commands)).toBe(0);
    const r = JSON.parse(t.out.join(''));
    const ids = Object.keys(MARGIN_METHODS);
    expect(r.comparison.map((c: { methodId: string }) => c.methodId)).toEqual(ids);
    expect(r.outcomes.map((o: { methodId: string }) => o.methodId)).toEqual(ids);
    for (const o of r.outcomes) {
      const one = io();
      expect(await runCli(margin('--method', o.methodId), one.x, commands)).toBe(0);
      if (o.ok) expect(o.result, o.methodId).toEqual(JSON.parse(one.out.join('')));
    }
    const withSaving = r.comparison.filter((c: { savingUsd?: string }) => c.savingUsd !== undefined);
    expect(withSaving.length).toBeGreaterThan(0);
  });
  it('prints the comparison as CSV, and refuses per-method options', async () => {
    const t = io();
    expect(await runCli(margin('--method', 'all', '--format', 'csv'), t.x, commands)).toBe(0);
    const lines = t.out.join('').trim().split('\n');
    expect(lines[0]).toBe('methodId,label,role,ok,initialMarginUsd,maintenanceMarginUsd,bindingAddOn,savingAgainst,savingUsd,error');
    expect(lines).toHaveLength(Object.keys(MARGIN_METHODS).length + 1);
    const bad = io();
    expect(await runCli(margin('--method', 'all', '--sensitivity', '0.1'), bad.x, commands)).toBe(2);
    expect(bad.err.join('')).toContain('--sensitivity needs a single --method');
  });
});
