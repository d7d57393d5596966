/** `pmdesk margin --method hvar --params FILE.csv`: a price-history CSV is the history over the default parameters (bad rows named). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import type { CliIo } from '../cli-command';
import { commands } from './index';

const ROOT = join(__dirname, '../../..');
const MARKET = join(ROOT, 'electron/service/demo/demo-market.json');
const BOOK = JSON.stringify({ name: 'one BTC', positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }] });

function io(files: Record<string, string>) {
  const out: string[] = [], err: string[] = [];
  const x: CliIo = {
    readStdin: async () => '', readFile: async (p) => (p in files ? files[p] : readFileSync(p, 'utf8')), writeFile: async () => {},
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return { x, out, err };
}

/** 1,001 closes of BTC to the demo as-of day, alternately 100 and 98: 500 days of −2 %, 500 of +2.0408 %. */
function history(): string {
  const lines = ['date,symbol,close'];
  for (let i = 0; i <= 1000; i++) {
    const d = new Date(Date.UTC(2026, 10, 24) - (1000 - i) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${d},BTC,${i % 2 === 0 ? 100 : 98}`);
  }
  return lines.join('\n');
}

describe('pmdesk margin with a price-history CSV', () => {
  it('margins the book over the file: 1 BTC at 96,512.37 and daily moves of −2 % → ES = 1,930.2474', async () => {
    // 500 of the 1,000 days are 98/100 − 1 = −2 %: the 11 worst all lose 96,512.37 × 0.02 = 1,930.2474,
    // so VaR = ES = 1,930.2474.
    const t = io({ 'book.json': BOOK, 'h.csv': history() });
    expect(await runCli(['margin', '--portfolio', 'book.json', '--market', MARKET, '--method', 'hvar', '--params', 'h.csv', '--no-account'], t.x, commands)).toBe(0);
    const r = JSON.parse(t.out.join(''));
    expect(Number(r.byCurrency.USD.initialMargin)).toBeCloseTo(1930.2474, 6);
    expect(Number(r.byCurrency.USD.addOns.valueAtRisk)).toBeCloseTo(1930.2474, 6);
    expect(r.byCurrency.USD.vector).toHaveLength(1000);
  });

  it('a bad row is refused naming the row and the reason', async () => {
    const bad = history().replace(/\n(\d{4}-\d{2}-\d{2}),BTC,[^\n]*/, '\n$1,BTC,abc');
    const t = io({ 'book.json': BOOK, 'bad.csv': bad });
    expect(await runCli(['margin', '--portfolio', 'book.json', '--market', MARKET, '--method', 'hvar', '--params', 'bad.csv', '--no-account'], t.x, commands)).toBe(2);
    expect(t.err.join('')).toContain('history.csv row 2: close "abc" is not a positive decimal number');
  });
});
