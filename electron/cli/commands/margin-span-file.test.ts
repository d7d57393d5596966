/** `pmdesk margin --method span --params FILE.spn`: a PC-SPAN XML file margins the book (errors name line and element). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import type { CliIo } from '../cli-command';
import { commands } from './index';

const ROOT = join(__dirname, '../../..');
const SPN = join(ROOT, 'test/golden/span-synthetic/synthetic-4.00.spn');
const MARKET = join(ROOT, 'electron/service/demo/demo-market.json');
const BOOK = JSON.stringify({ name: 'covered write', positions: [{ instrument: 'BTC-25DEC26', size: '1' }, { instrument: 'BTC-25DEC26-100000-C', size: '-1' }] });

function io(files: Record<string, string>) {
  const out: string[] = [], err: string[] = [];
  const x: CliIo = {
    readStdin: async () => '', readFile: async (p) => (p in files ? files[p] : readFileSync(p, 'utf8')), writeFile: async () => {},
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return { x, out, err };
}

describe('pmdesk margin with a PC-SPAN file', () => {
  it('margins the covered write against the file\'s arrays (McMillan: 6,620)', async () => {
    const t = io({ 'book.json': BOOK });
    expect(await runCli(['margin', '--portfolio', 'book.json', '--market', MARKET, '--method', 'span', '--params', SPN, '--no-account'], t.x, commands)).toBe(0);
    const r = JSON.parse(t.out.join(''));
    expect(r.byCurrency.USD.maintenanceMargin).toBe('6620');
    expect(r.parameterSet).toEqual({ name: 'PC-SPAN PMD 20261124', version: '4.00' });
  });

  it('takes the file\'s inter-commodity spreads in priority order (two-commodity file: 7,200, margin-span-xml.test.ts has the arithmetic)', async () => {
    const book = JSON.stringify({ name: 'btc-eth', positions: [{ instrument: 'BTC-25DEC26', size: '1' }, { instrument: 'ETH-25DEC26', size: '-2' }] });
    const t = io({ 'book.json': book });
    expect(await runCli(['margin', '--portfolio', 'book.json', '--market', MARKET, '--method', 'span', '--params', join(ROOT, 'test/golden/span-synthetic/synthetic-4.00-spreads.spn'), '--no-account'], t.x, commands)).toBe(0);
    const u = JSON.parse(t.out.join('')).byCurrency.USD;
    // Scan 10,000 + 8,000; priority-1 credit 6,000 + 4,800.
    expect([u.addOns.scanRisk, u.addOns.interSpreadCredit, u.maintenanceMargin]).toEqual(['18000', '-10800', '7200']);
  });

  it('a malformed file is refused naming the line and element', async () => {
    const bad = readFileSync(SPN, 'utf8').replace('<a>0</a><a>0</a>', '<a>0</a>');
    const t = io({ 'book.json': BOOK, 'bad.spn': bad });
    expect(await runCli(['margin', '--portfolio', 'book.json', '--market', MARKET, '--method', 'span', '--params', 'bad.spn', '--no-account'], t.x, commands)).toBe(2);
    expect(t.err.join('')).toContain('PC-SPAN file: line 52: <ra>: 15 <a> values, expected 16');
  });
});
