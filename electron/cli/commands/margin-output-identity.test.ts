/**
 * `pmdesk margin` output is byte-identical to what the CLI printed before the issue-12 speed-ups
 * (faster input checks, JSON writer, start-up): a fixed book generated here (seeded synthetic
 * book, nothing stored) is run through every registered method as JSON and CSV, and each output's
 * length (UTF-16 code units) and SHA-256 (of the UTF-8 bytes) must equal the references recorded from commit b7b8ac5 (before the change).
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
  'deribit-pm json': '534877 299dea1b3483a6e9cf3d8be822414c05229de521ec0b002fbe90b181c9bfaa72',
  'deribit-pm json --no-account': '531625 a61a466bd6a0fba23ffd20459e2a47fe9cf84f84c319cd5d7a629bab5d2e6329',
  'deribit-pm csv': '128218 fa8f1590cd4c84fa3bfc71b90f63e9ed0c297bb4ef787a6a4fff36ea202a5a50',
  'deribit-pm csv --no-account': '127075 322ba326dc823fc9916c4a47b081911a5e9b7b535b77df0f387440f15c9679de',
  'deribit-pm-cross json': '449866 7949b8d6ef59caabca4738e7471b33f21ee04b375c38547bca3a46ede600cd5c',
  'deribit-pm-cross csv': '115669 40d80fc7d180db0a434e08022004f01b3d8014657b2fde090b5a1775eb13c0d6',
  'deribit-sm json': '475846 bbddc2fa95481929a9c4669801b1ff0d273198ad683565166d50677d27d6ea32',
  'deribit-sm csv': '75327 50fbb99a02ba4677f750b80f9ff5f75ac1d786dc26328bcd3868a8634e61c2c0',
  'derive-pm2 json': '404077 e7885461afaa0a4d2c8daf28a3faed4c342c3bb9c87a0dc36175cd5b13ddcef1',
  'derive-pm2 csv': '88062 6ea477e551a4414712e1a613ec1f5f5e69a6f86d1b4328913a87ddd8aedc676b',
  'span json': '396156 337ef156326d58097f14b659eb6a37d48a3159799f808ffa75ee2708992903e5',
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
      [['--format', 'json'], '5268761 cea925fb17f5338ae9517d531ee49a04725d8a4e7185cb0e2e4b2d4c13e90813'],
      [['--format', 'json', '--no-account'], '5265556 accd2db47ffd5a40599879442022dfd9e0aca3d532bcd805df110d454ffeea57'],
      [['--format', 'csv'], '1471969 d1b918416f32c5615f1c92bcae5e9d06510887599542794de5d0401a2eb33abd'],
    ];
    for (const [args, fp] of want) {
      const r = await run(big, ['--method', 'deribit-pm', ...args]);
      expect(r.code).toBe(0);
      check(`20k ${args.join(' ')}`, r.out, fp);
    }
  }, 120_000);
});
