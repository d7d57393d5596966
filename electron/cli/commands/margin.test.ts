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
});
