import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePortfolioJson, parseSnapshotJson, parseScenarioSetJson, parseParameterSetJson } from './index';

const demo = (f: string) => readFileSync(join(__dirname, '../service/demo', f), 'utf8');

describe('JSON file formats', () => {
  it('accept the bundled demo portfolio and market snapshot', () => {
    const p = parsePortfolioJson(demo('demo-portfolio.json'));
    expect(p.issues).toEqual([]);
    expect(p.valid[0].positions.length).toBeGreaterThan(5);
    const m = parseSnapshotJson(demo('demo-market.json'));
    expect(m.issues).toEqual([]);
    expect(m.valid[0].text).toBe(demo('demo-market.json').replace(/^\uFEFF/, ''));
  });

  it('accept the product.md examples', () => {
    expect(parsePortfolioJson('{"name": "x", "balances": [{"currency": "BTC", "amount": "2.5"}, {"currency": "USDC", "amount": "150000"}], "positions": [{"instrument": "BTC-27DEC26-100000-C", "size": "-10"}, {"instrument": "ETH-PERPETUAL", "size": "-1948.34"}]}').issues).toEqual([]);
    expect(parseSnapshotJson('{"asOf": "2026-02-15T12:00:00Z", "underlyings": {"ETH": {"index": 1949.34, "forwards": [{"expiry": "2026-03-27T08:00:00Z", "price": 1952.1}], "vols": [{"expiry": "2026-03-27T08:00:00Z", "strike": 2000, "vol": 0.62}]}}}').issues).toEqual([]);
    expect(parseParameterSetJson('{"general": {"mm_factor": 0.8, "buckets_count": 4, "vol_scenarios_count": 3, "timestamp": 1}, "currency": {"eth": {"pnl_offset": 0.6, "correlation_set": false, "equity_side_impact": "both"}}}').issues).toEqual([]);
  });

  it('report unknown fields, wrong types and numbers where decimal strings are required', () => {
    const r = parsePortfolioJson('{"name": "x", "positions": [{"instrument": "BTC-PERPETUAL", "size": 10}, {"instrument": "A", "size": "1", "qty": "2"}, {"instrument": "B", "size": "1"}]}');
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([[1, 'size', 'wrong-type'], [2, 'qty', 'unknown-field']]);
    expect(r.valid[0].positions).toEqual([{ instrument: 'B', size: '1' }]);
    expect(parsePortfolioJson('{"name": "x", "positions": [], "extra": 1}')).toMatchObject({ fatal: true, issues: [{ code: 'unknown-field', column: 'extra' }] });
    expect(parsePortfolioJson('[1,2]').issues[0].code).toBe('wrong-type');
    expect(parsePortfolioJson('{"name": ').issues[0].code).toBe('invalid-json');
    expect(parsePortfolioJson('   ').issues[0].code).toBe('empty-file');
  });

  it('parameter sets: with a method, that method\'s parser must accept them', () => {
    const text = '{"general": {"mm_factor": 0.8}, "currency_pair": {"eth_usd": {"price_range": 0.18}}}';
    expect(parseParameterSetJson(text, 'deribit-pm').issues).toEqual([]);
    const bad = parseParameterSetJson('{"general": {"mm_factor": "lots"}}', 'deribit-pm');
    expect(bad.issues.map((i) => i.code)).toEqual(['invalid-parameters']);
    expect(parseParameterSetJson('{"general": {"mm_factor": "lots"}}').issues).toEqual([]);
  });

  it('snapshot: negative vol, expiry before asOf, missing index, non-finite numbers', () => {
    const r = parseSnapshotJson('{"asOf": "2026-02-15T12:00:00Z", "underlyings": {"ETH": {"forwards": [{"expiry": "2026-01-01T08:00:00Z", "price": 1e400}], "vols": [{"expiry": "2026-03-27T08:00:00Z", "strike": 2000, "vol": -0.1}]}}}');
    expect(r.fatal).toBe(true);
    expect(r.issues.map((i) => [i.column, i.code])).toEqual([
      ['underlyings.ETH.index', 'required'],
      ['underlyings.ETH.forwards[0].expiry', 'invalid-date'],
      ['underlyings.ETH.forwards[0].price', 'invalid-number'],
      ['underlyings.ETH.vols[0].vol', 'out-of-range'],
    ]);
  });

  it('scenario sets follow the engine ScenarioSet shape', () => {
    const ok = { name: 'Crash', smile: 'sticky-strike', scenarios: [{ id: 's1', label: 'BTC -25%, vols +50%', table: 'custom', shocks: { BTC: { move: -0.25, vol: { kind: 'relative', factor: 0.5 } } } }] };
    expect(parseScenarioSetJson(JSON.stringify(ok)).issues).toEqual([]);
    const bad = { name: 'x', scenarios: [{ id: 's1', label: 'l', shocks: { BTC: { move: 'down', vol: { kind: 'wild' } } } }] };
    expect(parseScenarioSetJson(JSON.stringify(bad)).issues.map((i) => i.code)).toEqual(['wrong-type', 'wrong-type']);
    // The engine's parser is the final authority (duplicate ids, a move of -100 %).
    const dup = { scenarios: [{ id: 'a', shocks: { BTC: { move: -0.2 } } }, { id: 'a', shocks: {} }] };
    expect(parseScenarioSetJson(JSON.stringify(dup)).issues.map((i) => [i.code, i.message])).toEqual([['invalid-scenario-set', expect.stringContaining('duplicate id')]]);
    expect(parseScenarioSetJson(JSON.stringify({ scenarios: [{ id: 'x', shocks: { BTC: { move: -1 } } }] })).issues[0].code).toBe('invalid-scenario-set');
  });
});
