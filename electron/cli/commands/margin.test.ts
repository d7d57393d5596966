import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import type { CliIo } from '../cli-command';
import { commands } from './index';

const FIX = join(__dirname, '../../../test/fixtures');

function io(files: Record<string, string> = {}) {
  const out: string[] = [], err: string[] = [];
  const x: CliIo = {
    readStdin: async () => '',
    readFile: async (p) => { if (p in files) return files[p]; return readFileSync(p, 'utf8'); },
    writeFile: async () => {},
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return { x, out, err };
}
const args = (...extra: string[]) => ['margin', '--portfolio', join(FIX, 'margin-deribit-live-eth.portfolio.json'), '--market', join(FIX, 'margin-deribit-live-eth.market.json'), '--params', join(FIX, 'margin-deribit-live-eth.params.json'), ...extra];

describe('pmdesk margin', () => {
  it('prints the explained result as JSON (product.md shape)', async () => {
    const t = io();
    expect(await runCli(args('--method', 'deribit-pm'), t.x, commands)).toBe(0);
    const r = JSON.parse(t.out.join(''));
    expect(r.method).toBe('deribit-pm');
    expect(r.byCurrency.ETH).toMatchObject({ initialMargin: '0.157461562', maintenanceMargin: '0.12596925', addOns: { worstCase: '0.152464127', rollShock: '0.004997435', deltaShock: '0' } });
    expect(r.byCurrency.ETH.vector).toHaveLength(35);
    expect(r.byCurrency.ETH.contributions[0].positionId).toBe('perp');
  });

  it('prints CSV rows', async () => {
    const t = io();
    expect(await runCli(args('--method', 'deribit-pm', '--format', 'csv', '--no-account'), t.x, commands)).toBe(0);
    const lines = t.out.join('').trim().split('\n');
    expect(lines[0]).toBe('section,currency,key,label,value,value2');
    expect(lines).toContain('margin,ETH,initialMargin,IM,0.157461562,306.946121');
  });

  it('what-if and hedge search', async () => {
    const t = io({ 'trades.json': JSON.stringify([{ instrument: 'ETH-PERPETUAL', size: '1948.34009189502' }]) });
    expect(await runCli(args('--method', 'deribit-pm', '--what-if', 'trades.json', '--hedge', 'trades.json', '--no-account'), t.x, commands)).toBe(0);
    const r = JSON.parse(t.out.join(''));
    expect(r.whatIf.after.byCurrency.ETH.initialMargin).toBe('0');
    expect(r.whatIf.incremental.byCurrency.ETH.initialMargin).toBe('-0.157461562');
    expect(r.hedges[0].trade.instrument).toBe('ETH-PERPETUAL');
  });

  it('errors name the offending item and exit 2', async () => {
    const t = io({ 'bad.json': JSON.stringify({ name: 'x', positions: [{ instrument: 'ETH-PERPETUAL', size: 'abc' }] }) });
    expect(await runCli(['margin', '--portfolio', 'bad.json', '--market', join(FIX, 'margin-deribit-live-eth.market.json'), '--method', 'deribit-pm'], t.x, commands)).toBe(2);
    expect(t.err.join('')).toMatch(/positions\[0\]\.size/);
    const u = io();
    expect(await runCli(args('--method', 'nope'), u.x, commands)).toBe(2);
    expect(u.err.join('')).toMatch(/unknown method/);
    const v = io();
    expect(await runCli(['margin', '--method', 'deribit-pm'], v.x, commands)).toBe(2);
    expect(v.err.join('')).toMatch(/--portfolio is required/);
  });

  it('validates the portfolio file strictly: unknown fields and number sizes are errors, every one named', async () => {
    const market = join(FIX, 'margin-deribit-live-eth.market.json');
    const bad = JSON.stringify({
      name: 'x', colour: 'red',
      positions: [
        { instrument: 'ETH-PERPETUAL', size: -1948.34 },
        { instrument: 'ETH-PERPETUAL', size: '1', sise: '2' },
        { instrument: 'ETH-PERPETUAL', size: '1' },
      ],
    });
    const t = io({ 'p.json': bad });
    expect(await runCli(['margin', '--portfolio', 'p.json', '--market', market, '--method', 'deribit-pm'], t.x, commands)).toBe(2);
    // File-level problems first (fatal), so the unknown top-level field is reported on its own.
    expect(t.err.join('')).toMatch(/^pmdesk margin: --portfolio p\.json: 1 problem\(s\):\n {2}colour: unknown field "colour"\n$/);
    expect(t.out.join('')).toBe('');
    const u = io({ 'p.json': JSON.stringify({ name: 'x', positions: JSON.parse(bad).positions }) });
    expect(await runCli(['margin', '--portfolio', 'p.json', '--market', market, '--method', 'deribit-pm'], u.x, commands)).toBe(2);
    const err = u.err.join('');
    expect(err).toMatch(/--portfolio p\.json: 2 problem\(s\)/);
    expect(err).toMatch(/ {2}positions\[0\]\.size: size must be a decimal string, got the number -1948\.34/);
    expect(err).toMatch(/ {2}positions\[1\]\.sise: unknown field "sise"/);
    expect(err).not.toMatch(/positions\[2\]/);
  });

  it('validates --what-if and --hedge trade files strictly (instrument string, size decimal string, nothing else)', async () => {
    const trades = JSON.stringify([
      { instrument: 'ETH-PERPETUAL', size: 1948 },
      { instrument: 'ETH-PERPETUAL', size: '1', side: 'buy' },
      { instrument: 42, size: '1' },
      'ETH-PERPETUAL',
      { instrument: 'ETH-PERPETUAL', size: '1' },
    ]);
    for (const flag of ['--what-if', '--hedge']) {
      const t = io({ 'trades.json': trades });
      expect(await runCli(args('--method', 'deribit-pm', flag, 'trades.json', '--no-account'), t.x, commands)).toBe(2);
      const err = t.err.join('');
      expect(err).toContain(`pmdesk margin: ${flag} trades.json: 4 problem(s):`);
      expect(err).toContain('  [0].size: size must be a decimal string, got the number 1948');
      expect(err).toContain('  [1].side: unknown field "side"');
      expect(err).toContain('  [2].instrument: instrument must be text');
      expect(err).toContain('  [3]: a trade must be an object');
      expect(err).not.toContain('[4]');
      expect(t.out.join('')).toBe('');
    }
    const e = io({ 'empty.json': '[]', 'obj.json': '{"instrument": "ETH-PERPETUAL", "size": "1"}' });
    expect(await runCli(args('--method', 'deribit-pm', '--what-if', 'empty.json'), e.x, commands)).toBe(2);
    expect(await runCli(args('--method', 'deribit-pm', '--hedge', 'obj.json'), e.x, commands)).toBe(2);
    expect(e.err.join('')).toMatch(/--hedge obj\.json: 1 problem\(s\):\n {2}\(file\): a trade list must be a non-empty JSON array/);
  });

  it('validates the market file (unknown fields are errors)', async () => {
    const t = io({ 'm.json': JSON.stringify({ asOf: '2026-02-15T12:00:00Z', underlyings: { ETH: { index: 1949.34, spot: 1 } } }) });
    expect(await runCli(['margin', '--portfolio', join(FIX, 'margin-deribit-live-eth.portfolio.json'), '--market', 'm.json', '--method', 'deribit-pm'], t.x, commands)).toBe(2);
    expect(t.err.join('')).toContain('  underlyings.ETH.spot: unknown field "spot"');
  });

  it('--market accepts a saved Deribit get_book_summary_by_currency response (converted on load)', async () => {
    const deribit = join(FIX, 'market/deribit-book-summary-btc-eth.json');
    const run = async (market: string, ...extra: string[]) => {
      const t = io();
      const code = await runCli(['margin', '--portfolio', join(FIX, 'margin-deribit-live-eth.portfolio.json'), '--market', market, '--params', join(FIX, 'margin-deribit-live-eth.params.json'), '--method', 'deribit-pm', '--no-account', ...extra], t.x, commands);
      return { code, out: t.out.join(''), err: t.err.join('') };
    };
    const a = await run(deribit);
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    const r = JSON.parse(a.out);
    // The fixture's ETH index is the live example's 1949.34: the §2.8 figures come back exactly.
    expect(r.asOf).toBe('2026-02-15T12:00:00.000Z');
    expect(r.byCurrency.ETH).toMatchObject({ initialMargin: '0.157461562', maintenanceMargin: '0.12596925', addOns: { worstCase: '0.152464127', rollShock: '0.004997435' } });
    const b = await run(deribit, '--as-of', '2026-02-15T08:00:00Z');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).asOf).toBe('2026-02-15T08:00:00.000Z');
    const c = await run(deribit, '--as-of', 'yesterday');
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--as-of yesterday: expected an ISO-8601 time/);
    const d = await run(join(FIX, 'margin-deribit-live-eth.market.json'), '--as-of', '2026-02-15T08:00:00Z');
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/applies only to venue market data/);
  });

  it('--market: Deribit data without creation_timestamp needs --as-of', async () => {
    const rows = (JSON.parse(readFileSync(join(FIX, 'market/deribit-book-summary-btc-eth.json'), 'utf8')) as Record<string, unknown>[])
      .filter((x) => x.base_currency === 'ETH').map(({ creation_timestamp: _c, ...rest }) => rest);
    const files = { 'eth.json': JSON.stringify({ jsonrpc: '2.0', id: 1, result: rows }) };
    const base = ['margin', '--portfolio', join(FIX, 'margin-deribit-live-eth.portfolio.json'), '--market', 'eth.json', '--method', 'deribit-pm', '--no-account'];
    const t = io(files);
    expect(await runCli(base, t.x, commands)).toBe(2);
    expect(t.err.join('')).toMatch(/--market eth\.json: 1 problem\(s\):\n {2}asOf: the Deribit book summary has no creation_timestamp.*--as-of/);
    const u = io(files);
    expect(await runCli([...base, '--as-of', '2026-02-15T12:00:00Z'], u.x, commands)).toBe(0);
  });

  it('--scenarios: the scenario-set validator lists every problem; a valid set adds "stress"', async () => {
    const t = io({
      'bad.json': JSON.stringify({ name: 'x', bogus: 1, scenarios: [{ id: 'a', shocks: { ETH: { move: -0.2, wat: 1 } } }, { id: 'b', shocks: { ETH: { move: '-2' } } }] }),
      'ok.json': JSON.stringify({ name: 'crash', scenarios: [{ id: 'eth-30', label: 'ETH -30%', shocks: { ETH: { move: -0.3 } } }] }),
    });
    expect(await runCli(args('--method', 'deribit-pm', '--no-account', '--scenarios', 'bad.json'), t.x, commands)).toBe(2);
    const err = t.err.join('');
    expect(err).toContain('--scenarios bad.json: 3 problem(s):');
    expect(err).toContain('  bogus: unknown field "bogus"');
    expect(err).toContain('  scenarios[0].shocks.ETH.wat: unknown field "wat"');
    expect(err).toContain('  scenarios[1].shocks.ETH.move: shocks.ETH.move must be ≥ -1');
    expect(await runCli(args('--method', 'deribit-pm', '--no-account', '--scenarios', 'ok.json'), t.x, commands)).toBe(0);
    expect(JSON.parse(t.out.join('')).stress.scenarios[0].id).toBe('eth-30');
  });
});

