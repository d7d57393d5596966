/**
 * `pmdesk margin` output is byte-identical to what the CLI printed before the issue-12 speed-ups
 * (faster input checks, JSON writer, start-up): a fixed book generated here (seeded synthetic
 * book, nothing stored) is run through every registered method as JSON and CSV, and each output's
 * length (UTF-16 code units) and SHA-256 (of the UTF-8 bytes) must equal the references recorded from commit b7b8ac5 (before the change).
 * Re-recorded on 2026-12-07 for deribit-pm, deribit-pm-cross and span only, after group vectors and
 * SPAN's tier sums were taken in blocks (group-sum.ts, span-slot-sums.ts: exact incremental edits):
 * only raw float diagnostics (`preAggregated`, `aggregated`, `pnlInBinding`) moved, at the ulp level;
 * deribit-pm's JSON diffed against 55174b8 shows no other change.
 * The 20,000-position book of `bench/cli-start.bench.ts` is checked the same way for deribit-pm.
 * On a mismatch the output is written to the temp folder for diffing against an older checkout.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import type { CliIo } from '../cli-command';
import { commands } from './index';
import { MARGIN_METHODS } from '../../engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../../engine/margin/synthetic-book';

async function run(files: Record<string, string>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const io: CliIo = {
    readStdin: async () => '',
    readFile: async (p) => { if (p in files) return files[p]; throw new Error(`no file ${p}`); },
    writeFile: async () => {},
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  const code = await runCli(['margin', '--portfolio', 'b.json', '--market', 'm.json', ...args], io, commands);
  return { code, out: out.join(''), err: err.join('') };
}

function fingerprint(text: string): string {
  return `${text.length} ${createHash('sha256').update(text).digest('hex')}`;
}

function check(name: string, text: string, want: string): void {
  const got = fingerprint(text);
  if (got !== want) writeFileSync(join(tmpdir(), `pmdesk-margin-identity-${name.replace(/\W+/g, '_')}.out`), text);
  expect(got, name).toBe(want);
}

/** 1,540 positions: options on 360 instruments over three underlyings, perpetuals and futures. */
function fixedBook(): Record<string, string> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 120);
  const positions = [...syntheticPositions(syn.options, 1500), ...syntheticPositions(syn.deltaOne, 40, 11).map((p) => ({ ...p, id: `d${p.id}` }))];
  return { 'm.json': JSON.stringify(syn.market), 'b.json': JSON.stringify({ name: 'fixed', positions }) };
}

/** Length and SHA-256 of each output, recorded before the change (method, format, account view). */
const REFERENCE: Record<string, string> = {
  'deribit-pm json': '534887 9deea5942f2485613c97c6489cab84079066c2bc2eff165fb89c4f1b3d93da17',
  'deribit-pm json --no-account': '531635 dd2e450dcc7ba800d02c467a99a66fa722ce42963733eb7ab2bfb504d2cbc7fa',
  'deribit-pm csv': '128223 20296bb7b5b2b6c809a25d783f0b64bd939b27c4d14aa1c569d7dfbf62b42f94',
  'deribit-pm csv --no-account': '127080 692e3625aef8d8ad68405a42c3c9868af627cbb563322115c54f2b939e1c011e',
  'deribit-pm-cross json': '449854 389ac66fdc14b7f7bece33978dcadd740fc5470496b90f49917e54c0a652f199',
  'deribit-pm-cross csv': '115664 d3a38860a9d0ee52716300a4f3f110d4ea1df18ce09dbe72d8b4d2b0af0b04ab',
  'deribit-sm json': '475846 bbddc2fa95481929a9c4669801b1ff0d273198ad683565166d50677d27d6ea32',
  'deribit-sm csv': '75327 50fbb99a02ba4677f750b80f9ff5f75ac1d786dc26328bcd3868a8634e61c2c0',
  'derive-pm2 json': '404077 e7885461afaa0a4d2c8daf28a3faed4c342c3bb9c87a0dc36175cd5b13ddcef1',
  'derive-pm2 csv': '88062 6ea477e551a4414712e1a613ec1f5f5e69a6f86d1b4328913a87ddd8aedc676b',
  'span json': '396158 371cb7aeca0b65b1b78a653a164c042dbc92b6d7a2bb4894645cb2e1810e58f3',
  'span csv': '84325 def74df92b75f7542e0f99bbbe5365c91d7778f4631ba6f113263dc8c896fdd0',
  'okx-pm json': '409692 88edab4b1b632f9a56c35d1b0d3726dca08f1f9d7a572aa24452fa26f58807a2',
  'okx-pm csv': '89758 6e6102c736f5fa06a83a7784eb7c1e000ea5c17607fd769cf819c64dbe5a01a7',
  'tims json': '381843 c14732ef9d674c28f334046fad61d3bb853b65ce5c7a9a3be3f06b7346e36dc5',
  'tims csv': '82807 a0688bacc070abf2310d06897c0fc5bc8f7ad5865a42c4d9f4b8eca8fd6ae51e',
  'hvar json': '1941330 a5871bf2d015efb00906abb1e0e0ac4fcf5d4c7d05b704ffc1a4f2b0490f785c',
  'hvar csv': '424882 8b722b2aa88b159691ef9ce967cbd7e4c51978b41c6aafb24be466fbd287996d',
  'linear-shock json': '10949 2aff0f8e90c21d670c29dde0f0ba4ed5a816d6eb0a1bc72a783f2644aac28fa1',
  'linear-shock csv': '2021 e30d537dd1860c2c76c6fc8a9b56d2c0b59a10e3d40e3f094fd525eefb2d64b6',
};

describe('pmdesk margin output is byte-identical to the pre-change references', () => {
  const files = fixedBook();
  for (const key of Object.keys(REFERENCE)) {
    const [method, format, ...extra] = key.split(' ');
    it(key, async () => {
      const r = await run(files, ['--method', method, '--format', format, ...extra]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      check(key, r.out, REFERENCE[key]);
    });
  }

  it('covers every registered method', () => {
    const covered = new Set(Object.keys(REFERENCE).map((k) => k.split(' ')[0]));
    // A method registered after the references were recorded has none: add its references then.
    expect(Object.keys(MARGIN_METHODS).filter((m) => !covered.has(m))).toEqual([]);
  });

  it('the 20,000-position bench book (deribit-pm, JSON with and without the account view, CSV)', async () => {
    const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
    const big = { 'm.json': JSON.stringify(syn.market), 'b.json': JSON.stringify({ name: 'bench-20k', positions: syntheticPositions(syn.options.slice(0, 2000), 20_000) }) };
    const want: [string[], string][] = [
      [['--format', 'json'], '5268755 ee95afbb6bcb7887c1e01c5f514627327a3e93312eb5f99430e842a124e04339'],
      [['--format', 'json', '--no-account'], '5265550 d6d20d26da84e8949194e898ab3ea834af1f37e8208b74bb3248a29362b9dbe5'],
      [['--format', 'csv'], '1471963 20212b973614d3b132c7301d016647478f9b9f3156783475ed80cabff50acc3c'],
    ];
    for (const [args, fp] of want) {
      const r = await run(big, ['--method', 'deribit-pm', ...args]);
      expect(r.code).toBe(0);
      check(`20k ${args.join(' ')}`, r.out, fp);
    }
  }, 120_000);
});
