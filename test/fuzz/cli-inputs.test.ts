/**
 * Fuzz of the CLI's inputs (issue 11 §2): `price`, `iv`, `margin` (portfolio, market and parameter
 * files) and `import`, in process through `runCli` with an in-memory io. A nonsense input must exit
 * 2 (input error; `import` may exit 1, "rejected") with stderr naming the item, nothing on stdout
 * (`import` prints its rejection report), and — for `import` — nothing written to the database.
 * Parameter sets are also walked at and past every bound of the deribit-pm bound tables: at a
 * closed bound the run succeeds with finite figures, at an open bound or past it the run exits 2
 * naming the field. `PMDESK_FUZZ_CASES` per path (default 200; `npm run test:soak` 10,000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/cli-command';
import { commands } from '../../electron/cli/commands/index';
import { runCli } from '../../electron/cli/run-cli';
import { openDatabase } from '../../electron/db';
import { dumpTables, tempDbPath } from '../../electron/db/test-helpers';
import { CURRENCY_BOUNDS, GENERAL_BOUNDS, PAIR_BOUNDS, PMDESK_BOUNDS, type ParamBound } from '../../electron/engine/margin/methods/deribit-pm/deribit-params';
import { prng } from '../../electron/engine/margin/synthetic-book';

const CASES = Number(process.env['PMDESK_FUZZ_CASES'] ?? 200);
const SEED = Number(process.env['PMDESK_FUZZ_SEED'] ?? 11_2026);
/** Per-test time allowance grows with the case count (the soak runs 10,000 per path); not an assertion on speed. */
const TIMEOUT = 30_000 + CASES * 50;
const FIX = join(__dirname, '../fixtures');
const PORTFOLIO = readFileSync(join(FIX, 'margin-deribit-live-eth.portfolio.json'), 'utf8');
const MARKET = readFileSync(join(FIX, 'margin-deribit-live-eth.market.json'), 'utf8');
const PARAMS = readFileSync(join(FIX, 'margin-deribit-live-eth.params.json'), 'utf8');

/** Run the CLI with stdin and in-memory files; stdout/stderr captured. */
async function cli(argv: string[], stdin = '', files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin,
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      return files[p];
    },
    writeFile: async () => undefined,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
  };
  const code = await runCli(argv, io, commands);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const tried: Record<string, Record<string, number>> = {};
const count = (path: string, kind: string) => {
  const t = (tried[path] ??= {});
  t[kind] = (t[kind] ?? 0) + 1;
};
afterAll(() => {
  const lines = Object.entries(tried).map(([p, kinds]) => `${p.padEnd(16)} ${String(Object.values(kinds).reduce((a, b) => a + b, 0)).padStart(6)}  ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`cli fuzz (seed ${SEED}), cases tried per path:\n${lines.join('\n')}`);
});

type Row = Record<string, unknown>;
const pickOf = (r: () => number) => <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function pricingRow(r: () => number, withPrice: boolean): Row {
  const pick = pickOf(r);
  const model = pick(['black76', 'bsm', 'inverse']);
  const row: Row = { model, type: pick(['call', 'put']), strike: pick([80, 100, 120]), expiryYears: pick([0.1, 0.5, 1]), rate: pick([0, 0.05]) };
  if (model === 'bsm') row.spot = 100;
  else row.forward = 100;
  if (withPrice) row.price = row.type === 'call' ? 8 : 9;
  else row.vol = pick([0.2, 0.5, 1]);
  return row;
}

/** One nonsense edit of a pricing request list: the label and the item the error must name. */
function mutatePricing(rows: Row[], r: () => number, withPrice: boolean): { kind: string; names: RegExp } {
  const pick = pickOf(r);
  const i = Math.floor(r() * rows.length);
  const row = rows[i];
  const numeric = ['strike', 'expiryYears', row.model === 'bsm' ? 'spot' : 'forward', withPrice ? 'price' : 'vol'];
  const at = (f: string) => new RegExp(`request \\[${i}\\].*${f}`);
  switch (Math.floor(r() * 8)) {
    case 0: { const f = pick(numeric.filter((x) => x !== 'expiryYears' || withPrice)); delete row[f]; return { kind: 'missing', names: at(f) }; }
    case 1: row[pick(['volatility', 'Strike', 'extra', 'dividend'])] = 1; return { kind: 'unknown field', names: new RegExp(`request \\[${i}\\]`) };
    case 2: { const f = pick(['model', 'type']); row[f] = pick(['', 'straddle', 'BLACK76', 7, null]); return { kind: `bad ${f}`, names: at(f) }; }
    case 3: { const f = pick(['strike', row.model === 'bsm' ? 'spot' : 'forward']); row[f] = pick([0, -1, -0, '-5', '0']); return { kind: 'non-positive price input', names: at(f) }; }
    case 4: if (!withPrice) { row.vol = pick([-0.1, -1e-9, '-0.5']); return { kind: 'negative vol', names: at('vol') }; }
      if (r() < 0.5) { row.price = pick([-1, -1e-9, '-0.5']); return { kind: 'negative price', names: at('price') }; }
      row.expiryYears = pick([0, -1]); return { kind: 'expiry ≤ 0', names: at('expiryYears') };
    case 5: row.expiryYears = pick([-0.5, -1e-9, '-1']); return { kind: 'negative time', names: at('expiryYears') };
    case 6: { const f = pick(numeric); row[f] = pick(['1e400', 'NaN', 'Infinity', '0x10', ' ', '1,5', true, [], {}, '']); return { kind: 'number nonsense', names: at(f) }; }
    default: { const f = pick(['rate', 'strike']); row[f] = pick(['1e400', 'abc', {}]); return { kind: 'number nonsense', names: at(f) }; }
  }
}

describe('CLI inputs refuse nonsense with exit 2, the item named, nothing on stdout', { timeout: TIMEOUT }, () => {
  for (const command of ['price', 'iv'] as const) {
    it(command, async () => {
      const r = prng(SEED + (command === 'iv' ? 17 : 3));
      const failures: string[] = [];
      for (let n = 0; n < CASES && failures.length < 5; n++) {
        const rows = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pricingRow(r, command === 'iv'));
        const garbage = r() < 0.05;
        const m = garbage ? { kind: 'not a JSON array', names: /./ } : mutatePricing(rows, r, command === 'iv');
        count(command, m.kind);
        const text = garbage ? pickOf(r)(['', '{', '{"model":"bsm"}', 'null', '[1,2]', '\u0000', '[{"model":"bsm",}]']) : JSON.stringify(rows);
        const res = await cli([command], text);
        const show = `${m.kind}: ${text.slice(0, 200)} → exit ${res.code}, stderr ${res.stderr.slice(0, 200)}, stdout ${res.stdout.slice(0, 120)}`;
        if (res.code !== 2) failures.push(`wanted exit 2: ${show}`);
        else if (res.stdout !== '') failures.push(`printed a result: ${show}`);
        else if (!m.names.test(res.stderr)) failures.push(`stderr does not name ${m.names}: ${show}`);
      }
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }

  it('iv: a price outside the no-arbitrage bounds is answered {"error"} in its slot (documented), never a vol', async () => {
    const r = prng(SEED + 23);
    for (let n = 0; n < Math.min(CASES, 200); n++) {
      const rows = [pricingRow(r, true), pricingRow(r, true)];
      const bad = rows[1];
      bad.price = pickOf(r)([1e6, 150, 120]);
      count('iv', 'no-arbitrage');
      const res = await cli(['iv'], JSON.stringify(rows));
      expect(res.code, res.stderr).toBe(0);
      const out = JSON.parse(res.stdout) as { vol?: number; error?: string }[];
      expect(out[1].vol, JSON.stringify(bad)).toBeUndefined();
      expect(out[1].error).toMatch(/price/);
      expect(Number.isFinite(out[0].vol) || typeof out[0].error === 'string').toBe(true);
    }
  });

  it('margin: portfolio, market and parameter files with nonsense', async () => {
    const r = prng(SEED + 31);
    const pick = pickOf(r);
    const failures: string[] = [];
    for (let n = 0; n < CASES && failures.length < 5; n++) {
      const p = JSON.parse(PORTFOLIO) as { positions: Row[]; balances?: Row[] };
      const mk = JSON.parse(MARKET) as { asOf: string; underlyings: Record<string, { index: unknown; forwards?: Row[]; vols?: Row[] }> };
      const pa = JSON.parse(PARAMS) as { model_params: { general: Row; currency: Record<string, Row>; currency_pair: Record<string, Row> } };
      const i = Math.floor(r() * p.positions.length);
      let kind: string;
      let names: RegExp;
      const which = Math.floor(r() * 9);
      if (which === 0) { p.positions[i].size = pick(['1e400', 'NaN', '', '0x10', -1, null, '1,5', '1e16']); kind = 'portfolio size'; names = new RegExp(`positions\\[${i}\\]\\.size`); }
      else if (which === 1) { p.positions[i].instrument = pick(['', 'ETH-32MAR26-2000-C', 'ETH-27MAR26-0-C', 'ETH-27MAR26-2000-X', 'eth perpetual', '💥']); kind = 'portfolio instrument'; names = new RegExp(`positions\\[${i}\\]\\.instrument`); }
      else if (which === 2) { p.positions[i].sizee = '1'; kind = 'portfolio unknown field'; names = new RegExp(`positions\\[${i}\\]`); }
      else if (which === 3) { p.positions.push({ ...p.positions[i] }); kind = 'portfolio duplicate id'; names = /positions\[\d+\]\.id: .*(twice|duplicate)/; }
      else if (which === 4) { const u = Object.keys(mk.underlyings)[0]; mk.underlyings[u].index = pick([-1, 0, '1e400', 'x']); kind = 'market index'; names = new RegExp(`underlyings\\.${u}\\.index`); }
      else if (which === 5) {
        const u = Object.keys(mk.underlyings)[0];
        const vols = mk.underlyings[u].vols ?? [];
        if (vols.length === 0) { mk.asOf = '2026-02-30T08:00:00Z'; kind = 'market asOf'; names = /asOf/; }
        else { const k = Math.floor(r() * vols.length); vols[k].vol = pick([-0.2, 0, 55]); kind = 'market vol'; names = new RegExp(`vols\\[${k}\\]\\.vol`); }
      } else if (which === 6) { pa.model_params.general.mm_factor = pick([0, 1.5, -1, 'x', null]); kind = 'params mm_factor'; names = /general\.mm_factor/; }
      else if (which === 7) { const c = Object.keys(pa.model_params.currency_pair)[0]; pa.model_params.currency_pair[c].price_range = pick([0, 1, -0.1, 2]); kind = 'params price_range'; names = new RegExp(`currency_pair\\.${c}\\.price_range`); }
      else { pa.model_params.general[pick(['mm_factr', 'buckets'])] = 1; kind = 'params unknown'; names = /general\.(mm_factr|buckets): unknown parameter/; }
      count('margin', kind);
      const files = { 'p.json': JSON.stringify(p), 'm.json': JSON.stringify(mk), 'x.json': JSON.stringify(pa) };
      const res = await cli(['margin', '--portfolio', 'p.json', '--market', 'm.json', '--params', 'x.json', '--method', pick(['deribit-pm', 'deribit-pm-cross']), '--no-account'], '', files);
      const show = `${kind} → exit ${res.code}, stderr ${res.stderr.slice(0, 300)}, stdout ${res.stdout.slice(0, 100)}`;
      if (res.code !== 2) failures.push(`wanted exit 2: ${show}`);
      else if (res.stdout !== '') failures.push(`printed a result: ${show}`);
      else if (!names.test(res.stderr)) failures.push(`stderr does not name ${names}: ${show}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('margin: parameter sets at and past every bound of the deribit-pm tables', async () => {
    const pm = JSON.parse(PARAMS) as { model_params: Record<string, Record<string, unknown>> };
    const ccy = Object.keys(pm.model_params.currency)[0];
    const pair = Object.keys(pm.model_params.currency_pair)[0];
    const tables: [string, Readonly<Record<string, ParamBound>>][] = [['general', GENERAL_BOUNDS], [`currency.${ccy}`, CURRENCY_BOUNDS], [`currency_pair.${pair}`, PAIR_BOUNDS], ['pmdesk', PMDESK_BOUNDS]];
    const failures: string[] = [];
    for (const [block, bounds] of tables) {
      for (const [key, b] of Object.entries(bounds)) {
        const step = b.integer ? 1 : Math.max(1e-9, Math.abs(b.max === Infinity ? b.min : b.max - b.min) * 1e-6);
        const probes: { value: unknown; ok: boolean; what: string }[] = [
          { value: b.min, ok: !b.minOpen, what: 'at min' },
          { value: b.min - step, ok: false, what: 'below min' },
          ...(b.max !== Infinity ? [{ value: b.max, ok: !b.maxOpen, what: 'at max' }, { value: b.max + step, ok: false, what: 'above max' }] : [{ value: 1e300, ok: true, what: 'huge' }]),
          ...(b.integer && b.max > b.min ? [{ value: b.min + 0.5, ok: false, what: 'fraction' }] : []),
          { value: 'NaN', ok: false, what: 'NaN' },
          { value: null, ok: false, what: 'null' },
        ];
        for (const probe of probes) {
          const params = structuredClone(pm);
          const target = block === 'pmdesk' ? ((params.model_params as Record<string, unknown>).pmdesk ??= {}) as Record<string, unknown>
            : block.split('.').reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, params.model_params);
          target[key] = probe.value;
          count('params-bounds', probe.what);
          const files = { 'p.json': PORTFOLIO, 'm.json': MARKET, 'x.json': JSON.stringify(params) };
          const res = await cli(['margin', '--portfolio', 'p.json', '--market', 'm.json', '--params', 'x.json', '--method', 'deribit-pm', '--no-account'], '', files);
          const show = `${block}.${key} = ${String(probe.value)} (${probe.what}) → exit ${res.code}, ${res.stderr.slice(0, 200)}`;
          if (probe.ok) {
            if (res.code !== 0) { failures.push(`refused a value inside the bounds: ${show}`); continue; }
            const out = JSON.parse(res.stdout) as { byCurrency: Record<string, { initialMargin: string; maintenanceMargin: string }> };
            for (const c of Object.values(out.byCurrency)) {
              if (!Number.isFinite(Number(c.initialMargin)) || !Number.isFinite(Number(c.maintenanceMargin))) failures.push(`non-finite figure: ${show} ${JSON.stringify(c).slice(0, 200)}`);
            }
          } else if (res.code !== 2 || res.stdout !== '' || !res.stderr.includes(`${block}.${key}`)) failures.push(`not refused naming the field: ${show}`);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('import: nonsense files are rejected and nothing is written', async () => {
    const t = tempDbPath('pmdesk-fuzz-cli-');
    try {
      openDatabase(t.path).close();
      const base = dumpTables(t.path);
      const r = prng(SEED + 41);
      const pick = pickOf(r);
      const failures: string[] = [];
      for (let n = 0; n < CASES && failures.length < 5; n++) {
        const which = Math.floor(r() * 5);
        let argv: string[];
        let text: string;
        let kind: string;
        if (which === 0) {
          kind = 'deribit csv';
          text = `instrument_name,size,average_price\nBTC-PERPETUAL,${pick(['1e400', 'NaN', 'x', '', '0x10'])},1\n`;
          argv = ['--format', 'deribit', '--name', 'f'];
        } else if (which === 1) {
          kind = 'portfolio json';
          text = JSON.stringify({ name: 'f', positions: [{ instrument: pick(['BTC-PERPETUAL', 'NOPE']), size: pick([1, '1e400', 'NaN', null]) }] });
          argv = ['--kind', 'portfolio', '--name', 'f'];
          if (text.includes('"BTC-PERPETUAL","size":"1"')) text = text.replace('"1"', '"abc"');
        } else if (which === 2) {
          kind = 'snapshot';
          text = JSON.stringify({ asOf: '2026-02-15T12:00:00Z', underlyings: { BTC: { index: 60000, vols: [{ expiry: pick(['2026-03-27T08:00:00Z', '2026-02-30T08:00:00Z']), strike: pick([60000, 0]), vol: pick([0, -0.5, 62]) }] } } });
          argv = ['--kind', 'snapshot', '--name', 'f'];
        } else if (which === 3) {
          kind = 'parameter set';
          text = JSON.stringify({ model_params: { general: { mm_factor: pick([0, 2, 'x']) } } });
          argv = ['--kind', 'parameter-set', '--method', 'deribit-pm', '--name', 'f'];
        } else {
          kind = 'garbage';
          text = pick(['', '\u0000\u0001', '{"name":', 'x'.repeat(1000), '[]']);
          argv = ['--kind', pick(['portfolio', 'snapshot', 'scenario-set', 'parameter-set']), '--name', 'f'];
        }
        count('import', kind);
        const res = await cli(['import', '--db', t.path, '--file', 'in.txt', ...argv], '', { 'in.txt': text });
        const show = `${kind}: ${text.slice(0, 160)} → exit ${res.code}, ${res.stderr.slice(0, 200)}`;
        if (res.code !== 1 && res.code !== 2) failures.push(`wanted exit 1 or 2: ${show}`);
        else if (res.stderr.trim() === '') failures.push(`no reason on stderr: ${show}`);
        if (n % 10 === 0 || failures.length > 0) {
          const now = dumpTables(t.path);
          if (JSON.stringify(now) !== JSON.stringify(base)) { failures.push(`wrote to the database: ${show}`); break; }
        }
      }
      expect(JSON.stringify(dumpTables(t.path))).toBe(JSON.stringify(base));
      expect(failures, failures.join('\n')).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});
