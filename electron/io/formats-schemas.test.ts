/**
 * docs/formats.md's JSON Schemas: each fenced ```json block with a "$schema" is valid JSON, and
 * the schemas describe what the code really reads and writes — checked with a tiny in-test
 * validator (the draft 2020-12 keywords the schemas use; an unknown keyword fails the test).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARGIN_METHODS, runMargin } from '../engine/margin/registry';
import { runSweep } from '../engine/margin/sweep';
import { runMarginAll } from '../cli/commands/margin-all';
import { DEFAULT_COIN_CURRENCY, DEFAULT_EXTENSIONS, DEFAULT_PAIR, resolveDeribitPmParams } from '../engine/margin/methods/deribit-pm/deribit-params';
import { parseSnapshotJson } from './json-formats';

const ROOT = join(__dirname, '../..');
const FIX = join(ROOT, 'test/fixtures');
const doc = readFileSync(join(ROOT, 'docs/formats.md'), 'utf8');
const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('"$schema"'));

type Schema = Record<string, unknown>;
const schemas: Record<string, Schema> = {};
for (const b of blocks) {
  try {
    const s = JSON.parse(b) as Schema;
    schemas[String(s.$id)] = s;
  } catch { /* reported by the first test */ }
}

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description', 'default']);
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Validate `v` against `s` (root `root` for `#/$defs/…` refs); returns the problems as `path: reason`. */
function validate(root: Schema, s: Schema | boolean, v: unknown, path = '$'): string[] {
  if (s === true) return [];
  if (s === false) return [`${path}: not allowed`];
  const errs: string[] = [];
  for (const [k, x] of Object.entries(s)) {
    if (ANNOTATIONS.has(k)) continue;
    switch (k) {
      case '$ref': {
        const m = /^#\/\$defs\/(.+)$/.exec(String(x));
        if (!m) throw new Error(`unsupported $ref ${String(x)}`);
        const target = (root.$defs as Record<string, Schema>)[m[1]];
        if (!target) throw new Error(`${path}: dangling $ref ${String(x)}`);
        errs.push(...validate(root, target, v, path));
        break;
      }
      case 'type': {
        const types = Array.isArray(x) ? x : [x];
        const t = typeOf(v);
        if (!types.some((ty) => ty === t || (ty === 'integer' && Number.isInteger(v)))) errs.push(`${path}: expected ${types.join('|')}, got ${t}`);
        break;
      }
      case 'const': if (JSON.stringify(v) !== JSON.stringify(x)) errs.push(`${path}: expected ${JSON.stringify(x)}`); break;
      case 'enum': if (!(x as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v))) errs.push(`${path}: ${JSON.stringify(v)} not in enum`); break;
      case 'anyOf': if (!(x as Schema[]).some((sub) => validate(root, sub, v, path).length === 0)) errs.push(`${path}: matches no anyOf branch`); break;
      case 'not': if (validate(root, x as Schema, v, path).length === 0) errs.push(`${path}: matches "not"`); break;
      case 'properties':
        if (typeOf(v) === 'object') for (const [p, sub] of Object.entries(x as Record<string, Schema>)) {
          if (Object.hasOwn(v as object, p)) errs.push(...validate(root, sub, (v as Record<string, unknown>)[p], `${path}.${p}`));
        }
        break;
      case 'required':
        if (typeOf(v) === 'object') for (const p of x as string[]) if (!Object.hasOwn(v as object, p)) errs.push(`${path}.${p}: required`);
        break;
      case 'additionalProperties':
        if (typeOf(v) === 'object') {
          const known = Object.keys((s.properties as object | undefined) ?? {});
          for (const [p, pv] of Object.entries(v as object)) if (!known.includes(p)) errs.push(...validate(root, x as Schema | boolean, pv, `${path}.${p}`));
        }
        break;
      case 'propertyNames':
        if (typeOf(v) === 'object') for (const p of Object.keys(v as object)) errs.push(...validate(root, { type: 'string', ...(x as Schema) }, p, `${path}[${JSON.stringify(p)}]`));
        break;
      case 'minProperties': if (typeOf(v) === 'object' && Object.keys(v as object).length < (x as number)) errs.push(`${path}: fewer than ${String(x)} properties`); break;
      case 'items': if (Array.isArray(v)) v.forEach((e, i) => errs.push(...validate(root, x as Schema, e, `${path}[${i}]`))); break;
      case 'minItems': if (Array.isArray(v) && v.length < (x as number)) errs.push(`${path}: fewer than ${String(x)} items`); break;
      case 'minimum': if (typeof v === 'number' && v < (x as number)) errs.push(`${path}: < ${String(x)}`); break;
      case 'maximum': if (typeof v === 'number' && v > (x as number)) errs.push(`${path}: > ${String(x)}`); break;
      case 'exclusiveMinimum': if (typeof v === 'number' && v <= (x as number)) errs.push(`${path}: ≤ ${String(x)}`); break;
      case 'exclusiveMaximum': if (typeof v === 'number' && v >= (x as number)) errs.push(`${path}: ≥ ${String(x)}`); break;
      case 'multipleOf': if (typeof v === 'number' && !Number.isInteger(v / (x as number))) errs.push(`${path}: not a multiple of ${String(x)}`); break;
      case 'minLength': if (typeof v === 'string' && [...v].length < (x as number)) errs.push(`${path}: too short`); break;
      case 'maxLength': if (typeof v === 'string' && [...v].length > (x as number)) errs.push(`${path}: too long`); break;
      case 'pattern': if (typeof v === 'string' && !new RegExp(x as string, 'u').test(v)) errs.push(`${path}: ${JSON.stringify(v)} does not match ${String(x)}`); break;
      default: throw new Error(`the test validator does not know keyword ${k} (at ${path})`);
    }
  }
  return errs;
}

const check = (id: string, v: unknown) => validate(schemas[id], schemas[id], v);
const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
const demoPortfolio = readJson(join(ROOT, 'electron/service/demo/demo-portfolio.json')) as never;
const demoMarket = readJson(join(ROOT, 'electron/service/demo/demo-market.json'));

describe('docs/formats.md JSON Schemas', () => {
  it('every schema block is valid JSON with a unique $id, draft 2020-12', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const b of blocks) {
      const s = JSON.parse(b) as Schema;
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect(Object.keys(schemas)).toHaveLength(blocks.length);
    expect(Object.keys(schemas)).not.toContain('undefined'); // every block names its $id
    for (const id of ['pmdesk/portfolio.schema.json', 'pmdesk/market-snapshot.schema.json', 'pmdesk/scenario-set.schema.json', 'pmdesk/deribit-pm-params.schema.json', 'pmdesk/trade-list.schema.json', 'pmdesk/margin-result.schema.json']) {
      expect(schemas[id], id).toBeDefined();
    }
  });

  it('the test validator itself catches type, required, extra-field, pattern and bound violations', () => {
    const s: Schema = { type: 'object', required: ['a'], additionalProperties: false, properties: { a: { type: 'integer', minimum: 1 }, b: { type: 'string', pattern: '^x' } } };
    expect(validate(s, s, { a: 2, b: 'xy' })).toEqual([]);
    expect(validate(s, s, { a: 0 })).toEqual(['$.a: < 1']);
    expect(validate(s, s, { a: 1.5 })).toHaveLength(1);
    expect(validate(s, s, { b: 'y', c: 1 }).sort()).toEqual(['$.a: required', '$.b: "y" does not match ^x', '$.c: not allowed']);
  });

  describe('margin result schema (MarginResultDto)', () => {
    const results = {
      'live ETH example, deribit-pm': runMargin({ methodId: 'deribit-pm', portfolio: readJson(join(FIX, 'margin-deribit-live-eth.portfolio.json')) as never, snapshot: readJson(join(FIX, 'margin-deribit-live-eth.market.json')), params: readJson(join(FIX, 'margin-deribit-live-eth.params.json')) }),
      'demo book, deribit-pm': runMargin({ methodId: 'deribit-pm', portfolio: demoPortfolio, snapshot: demoMarket }),
      'demo book, deribit-pm-cross': runMargin({ methodId: 'deribit-pm-cross', portfolio: demoPortfolio, snapshot: demoMarket }),
      'demo book, deribit-sm': runMargin({ methodId: 'deribit-sm', portfolio: demoPortfolio, snapshot: demoMarket }),
      'demo book, no account view': runMargin({ methodId: 'deribit-pm', portfolio: demoPortfolio, snapshot: demoMarket, account: false }),
    };
    for (const [name, r] of Object.entries(results)) {
      it(`a real runMargin result validates: ${name}`, () => {
        // Through JSON, as the CLI prints it (undefined members vanish).
        expect(check('pmdesk/margin-result.schema.json', JSON.parse(JSON.stringify(r)))).toEqual([]);
      });
    }

    it('its required keys are exactly a real result\'s keys (account optional)', () => {
      const s = schemas['pmdesk/margin-result.schema.json'];
      const r = results['demo book, deribit-pm'];
      expect([...(s.required as string[]), 'account'].sort()).toEqual(Object.keys(r).sort());
      const cur = (s.$defs as Record<string, Schema>).currency;
      expect([...(cur.required as string[])].sort()).toEqual(Object.keys(r.byCurrency.BTC).sort());
      expect(Object.keys(r.byCurrency.BTC.groups[0]).sort()).toEqual([...((s.$defs as Record<string, Schema>).group.required as string[])].sort());
    });

    it('rejects a result with a missing or an extra member, or a number where a decimal string belongs', () => {
      const r = JSON.parse(JSON.stringify(results['live ETH example, deribit-pm']));
      const { method: _m, ...noMethod } = r;
      expect(check('pmdesk/margin-result.schema.json', noMethod)).toEqual(['$.method: required']);
      expect(check('pmdesk/margin-result.schema.json', { ...r, extra: 1 })).toEqual(['$.extra: not allowed']);
      r.byCurrency.ETH.initialMargin = 0.157461562;
      expect(check('pmdesk/margin-result.schema.json', r)).toEqual(['$.byCurrency.ETH.initialMargin: expected string, got number']);
    });
  });

  describe('deribit-pm parameter-set schema', () => {
    const id = 'pmdesk/deribit-pm-params.schema.json';
    const defs = () => schemas[id].$defs as Record<string, Schema>;
    const info = ['timestamp', 'id', 'name'];

    it('lists every field the engine accepts, with the engine\'s defaults', () => {
      const pair = defs().pairBlock.properties as Record<string, Schema>;
      expect(Object.keys(pair).sort()).toEqual([...Object.keys(DEFAULT_PAIR), ...info].sort());
      for (const [k, v] of Object.entries(DEFAULT_PAIR)) expect(pair[k].default, k).toBe(v);
      const ccy = defs().currencyBlock.properties as Record<string, Schema>;
      expect(Object.keys(ccy).sort()).toEqual([...Object.keys(DEFAULT_COIN_CURRENCY), ...info].sort());
      for (const [k, v] of Object.entries(DEFAULT_COIN_CURRENCY)) expect(ccy[k].default, k).toBe(v);
      const ext = defs().pmdesk.properties as Record<string, Schema>;
      expect(Object.keys(ext).sort()).toEqual(Object.keys(DEFAULT_EXTENSIONS).sort());
      for (const [k, v] of Object.entries(DEFAULT_EXTENSIONS)) expect(ext[k].default, k).toEqual(v);
      const general = defs().general.properties as Record<string, Schema>;
      const g = resolveDeribitPmParams({}).general;
      expect(Object.keys(general).sort()).toEqual([...Object.keys(g), ...info].sort());
      for (const [k, v] of Object.entries(g)) expect(general[k].default, k).toBe(v);
    });

    it('accepts what the engine accepts: the live capture, the product.md example, the model_params wrapper', () => {
      const live = readJson(join(FIX, 'margin-deribit-live-eth.params.json'));
      const product = { general: { mm_factor: 0.8, buckets_count: 4, vol_scenarios_count: 3, timestamp: 1771156800000 }, currency: { eth: { min_annualised_move: 0.005, annualised_move_risk: 0.05, pnl_offset: 0.6, correlation_set: false, equity_side_impact: 'both', haircut: 0, extended_dampener: 200000, max_offsetable_pnl: 20000000 } }, currency_pair: { eth_usd: { price_range: 0.18, m_inc: 0.000004, delta_total_liq_shock_threshold: 20000000, max_delta_shock: 0.1, min_volatility_for_shock_up: 0.5, volatility_range_up: 0.4, volatility_range_down: 0.25, extended_table_factor: 1, short_term_vega_power: 0.3, long_term_vega_power: 0.13 } } };
      const wrapped = { name: 'x', version: '1', model_params: product, pmdesk: { rollShockForm: 'sqrt', extendedMoves: [-0.5, 1] } };
      for (const p of [live, product, wrapped, { currency_pair: { btc_usd: { price_range: '0.16' } } }]) {
        expect(() => resolveDeribitPmParams(structuredClone(p))).not.toThrow();
        expect(check(id, p)).toEqual([]);
      }
    });

    it('rejects what the engine rejects', () => {
      const bad: unknown[] = [
        { general: { mm_factor: -0.1 } },
        { general: { vol_scenarios_count: 5 } },
        { general: { buckets_count: 2.5 } },
        { currency_pair: { eth_usd: { price_range: 1.2 } } },
        { currency_pair: { eth_usd: { range: 0.1 } } },
        { currency: { eth: { correlation_set: 'no' } } },
        { pmdesk: { rollShockForm: 'cubic' } },
        { pmdesk: { extendedMoves: [0] } },
        { surprise: {} },
      ];
      for (const p of bad) {
        expect(() => resolveDeribitPmParams(structuredClone(p)), JSON.stringify(p)).toThrow();
        expect(check(id, p), JSON.stringify(p)).not.toEqual([]);
      }
    });
  });

  it('portfolio, trade-list and snapshot schemas accept real files (including a converted Deribit book summary)', () => {
    expect(check('pmdesk/portfolio.schema.json', readJson(join(FIX, 'margin-deribit-live-eth.portfolio.json')))).toEqual([]);
    expect(check('pmdesk/trade-list.schema.json', [{ instrument: 'ETH-PERPETUAL', size: '1948.34009189502' }])).toEqual([]);
    expect(check('pmdesk/trade-list.schema.json', [{ instrument: 'ETH-PERPETUAL', size: 1948 }])).not.toEqual([]);
    const converted = parseSnapshotJson(readFileSync(join(FIX, 'market/deribit-book-summary-btc-eth.json'), 'utf8')).valid[0].json;
    expect(check('pmdesk/market-snapshot.schema.json', converted)).toEqual([]);
    expect(check('pmdesk/market-snapshot.schema.json', readJson(join(FIX, 'margin-deribit-live-eth.market.json')))).toEqual([]);
  });
});

describe('sweep and method-comparison schemas describe real output', () => {
  const portfolio = readJson(join(FIX, 'margin-deribit-live-eth.portfolio.json')) as Parameters<typeof runSweep>[0]['portfolio'];
  const market = readJson(join(FIX, 'margin-deribit-live-eth.market.json'));
  it('a sweep of every method (points, skipped methods) validates; a point with a number for a decimal does not', () => {
    const r = runSweep({ methodIds: Object.keys(MARGIN_METHODS), portfolio, snapshot: market, param: 'usdDecimals', from: '2', to: '6', steps: 3 });
    expect(r.skipped.length).toBeGreaterThan(0);
    expect(check('pmdesk/sweep-result.schema.json', JSON.parse(JSON.stringify(r)))).toEqual([]);
    const bad = structuredClone(r) as unknown as { methods: { points: { initialMarginUsd: unknown }[] }[] };
    bad.methods[0].points[0].initialMarginUsd = 1;
    expect(check('pmdesk/sweep-result.schema.json', bad)).not.toEqual([]);
  });
  it('pmdesk margin --method all output validates', () => {
    const out: string[] = [];
    runMarginAll(Object.keys(MARGIN_METHODS), portfolio, market, { 'no-account': true }, { readStdin: async () => '', readFile: async () => '', writeFile: async () => {}, stdout: (t) => out.push(t), stderr: () => {}, env: {} }, 'json');
    const doc = JSON.parse(out.join('')) as { comparison: { savingUsd?: string }[] };
    expect(doc.comparison.some((c) => c.savingUsd !== undefined)).toBe(true);
    expect(check('pmdesk/method-comparison.schema.json', doc)).toEqual([]);
    expect(check('pmdesk/method-comparison.schema.json', { ...doc, extra: 1 })).not.toEqual([]);
  });
});
