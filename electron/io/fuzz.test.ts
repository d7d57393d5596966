import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { prng as rng } from '../engine/margin/synthetic-book';
import { dumpTables, tempDbPath } from '../db/test-helpers';
import { importDocument, importPositions, type DocumentFileKind, type ImportIssueCode, type PositionSource } from './index';

/**
 * Fuzz: generated malformed CSV/JSON inputs on every import path (each venue CSV format, the
 * generic mapping, portfolio JSON, each document kind, empty/binary files). Every one must be
 * rejected with at least one named reason, none may throw, and no table may change.
 * `PMDESK_FUZZ_CASES` cases per path (default 300, seeded; `npm run test:soak` 10,000), printed.
 */
const CASES = Number(process.env['PMDESK_FUZZ_CASES'] ?? 300);
const SEED = Number(process.env['PMDESK_FUZZ_SEED'] ?? 20261124);
/** The import paths, each fuzzed with `CASES` cases. */
const PATHS = ['csv/deribit', 'csv/okx', 'csv/bybit', 'csv/generic', 'json/portfolio', 'json/snapshot', 'json/scenario-set', 'json/parameter-set', 'empty'] as const;
type FuzzPath = (typeof PATHS)[number];
const CODES: ImportIssueCode[] = [
  'file-too-large', 'empty-file', 'binary-content', 'invalid-json', 'wrong-type', 'unknown-field', 'missing-column', 'duplicate-column',
  'csv-syntax', 'wrong-field-count', 'too-many-rows', 'required', 'invalid-decimal', 'out-of-range', 'invalid-number', 'invalid-instrument',
  'unsupported-instrument', 'invalid-side', 'duplicate-instrument', 'duplicate-id', 'duplicate-currency', 'invalid-currency', 'too-long',
  'control-character', 'invalid-date', 'invalid-name', 'no-valid-rows', 'too-deep', 'invalid-market', 'invalid-scenario-set', 'invalid-parameters',
];


const BAD_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e999', '1e16', '9'.repeat(70), '0x1F', '1,5', '1.2.3', '--1', '١٢٣', '½', '1_000', '', ' ', 'null', 'true', '💥', '1e', '.', '+-3', '1 000'];
const BAD_SYMBOLS = ['', ' ', '💣BTC', 'BTC PERP', '\u0000BTC', 'X'.repeat(150), '<script>', '=cmd|"/c calc"!A1', 'BTC\u202ePERP', '-BTC'];
const SEPS = [',', ';', '\t'];

/** `partlyValid`: the input also holds valid rows, so it is run without accepting the valid part. */
interface Case { label: string; text: string; source: PositionSource | { doc: DocumentFileKind }; partlyValid?: boolean }

function makeCase(r: () => number, path: FuzzPath): Case {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const nl = r() < 0.5 ? '\n' : '\r\n';
  const bom = r() < 0.2 ? '\uFEFF' : '';
  const rows = 1 + Math.floor(r() * 6);
  if (path.startsWith('csv/')) {
    // CSV in a venue or generic format where every data row is broken in some way.
    const fmt = path.slice(4) as 'deribit' | 'okx' | 'bybit' | 'generic';
    const cols = fmt === 'deribit' ? ['instrument_name', 'size', 'average_price'] : fmt === 'okx' ? ['instId', 'pos', 'posSide'] : fmt === 'bybit' ? ['symbol', 'side', 'size'] : ['Sym', 'Qty'];
    const good = fmt === 'deribit' ? ['BTC-PERPETUAL', '100', '1'] : fmt === 'okx' ? ['BTC-USD-SWAP', '1', 'net'] : fmt === 'bybit' ? ['BTCUSDT', 'Buy', '1'] : ['BTC-PERPETUAL', '1'];
    const sep = fmt === 'generic' ? pick(SEPS) : ',';
    const mutation = Math.floor(r() * 6);
    let header = [...cols];
    const drop = Math.floor(r() * 2);
    if (mutation === 0) header = header.filter((_, k) => k !== drop); // missing required column
    if (mutation === 1) header.push(header[0].toUpperCase()); // duplicate column
    const lines = [header.join(sep)];
    for (let k = 0; k < rows; k++) {
      const cells = [...good];
      if (mutation === 2) cells[fmt === 'bybit' ? 2 : 1] = pick(BAD_NUMBERS);
      else if (mutation === 3) cells[0] = pick(BAD_SYMBOLS);
      else if (mutation === 4) { cells.push('extra'); }
      else if (mutation === 5) { if (k === 0) cells[fmt === 'bybit' ? 2 : 1] = pick(BAD_NUMBERS); }
      lines.push(cells.map((c) => (c.includes(sep) || c.includes('"') || c.includes('\n') ? `"${c.replace(/"/g, '""')}"` : c)).join(sep));
    }
    if (mutation === 5) lines.push(lines[lines.length - 1]); // duplicate symbol after a broken row
    const source: PositionSource = fmt === 'generic' ? { kind: 'csv', format: 'generic', mapping: { instrument: 'Sym', size: 'Qty' } } : { kind: 'csv', format: fmt };
    return { label: `csv/${fmt}/m${mutation}`, text: bom + lines.join(nl) + (r() < 0.5 ? nl : ''), source, partlyValid: mutation === 5 };
  }
  if (path === 'json/portfolio') {
    // Portfolio JSON with wrong types, unknown fields, bad numbers, unicode.
    const m = Math.floor(r() * 9);
    const pos = Array.from({ length: rows }, () => ({ instrument: 'BTC-PERPETUAL', size: '1' }) as Record<string, unknown>);
    let body: unknown = { name: 'fuzz', positions: pos };
    if (m === 0) pos.forEach((p) => { p.size = pick([1, -2.5, 1e308, null, true, [], {}]); });
    if (m === 1) pos.forEach((p) => { p.size = pick(BAD_NUMBERS); });
    if (m === 2) pos.forEach((p) => { p.instrument = pick(BAD_SYMBOLS); });
    if (m === 3) body = { name: 'fuzz', positions: pos, [pick(['Positions', 'extra', 'ïd', '__proto__x'])]: 1 };
    if (m === 4) body = pick([[], 42, 'text', null, { name: 'x' }, { positions: [] }, { name: 7, positions: [] }, { name: 'x', positions: {} }]);
    if (m === 5) body = { name: 'fuzz', balances: [{ currency: pick(['BTC', '', 'B T C', '€']), amount: pick(BAD_NUMBERS) }], positions: pos };
    if (m === 6) pos.forEach((p) => { p.qty = '1'; });
    if (m === 7) { let d: unknown = 1; for (let k = 0; k < 40; k++) d = [d]; body = { name: 'deep', positions: d }; }
    let text = JSON.stringify(body);
    if (m === 8) text = pick(['{"name":"x","positions":[{"instrument":"BTC","size":NaN}]}', '{"name":"x","positions":[{"instrument":"BTC","size":Infinity}]}', '{"name": "x", ', '\u0000\u0001\u0002', '{}}', "{'name':'x'}"]);
    return { label: `json/portfolio/m${m}`, text: bom + text, source: { kind: 'json' } };
  }
  if (path !== 'empty') {
    // Snapshot / scenario / parameter-set JSON with bad content.
    const doc = path.slice(5) as 'snapshot' | 'scenario-set' | 'parameter-set';
    const m = Math.floor(r() * 5);
    let body: unknown;
    if (doc === 'snapshot') {
      const u: Record<string, unknown> = { index: pick([-1, 0, '1e999', null, 'abc']), forwards: [{ expiry: pick(['2020-01-01T08:00:00Z', 'soon', 5]), price: 1 }] };
      body = m === 0 ? { asOf: pick(['', 'yesterday', 12, '2026-13-45T99:00:00Z']), underlyings: { BTC: { index: 1 } } } : m === 1 ? { asOf: '2026-02-15T12:00:00Z', underlyings: { BTC: u } } : m === 2 ? { asOf: '2026-02-15T12:00:00Z', underlyings: {}, extra: true } : m === 3 ? { asOf: '2026-02-15T12:00:00Z', underlyings: { 'b t c': { index: 1, vols: [{ expiry: '2027-01-01T08:00:00Z', strike: 1, vol: -1 }] } } } : [];
    } else if (doc === 'scenario-set') {
      body = m === 0 ? { name: '', scenarios: [] } : m === 1 ? { name: 'x', scenarios: [{ id: 1, label: null, shocks: [] }] } : m === 2 ? { name: 'x', scenarios: [{ id: 'a', label: 'b', shocks: { BTC: { move: 'NaN', vol: { kind: 'x' } } } }] } : m === 3 ? { name: 'x', scenarios: [{ id: 'a', label: 'b', shocks: {}, wat: 1 }] } : 'scenarios';
    } else {
      body = m <= 1 ? pick([[], {}, 1, 'x', null]) : { general: { mm_factor: 1 }, deep: (() => { let d: unknown = 0; for (let k = 0; k < 40; k++) d = { d }; return d; })() };
    }
    const text = m === 4 && doc !== 'snapshot' && doc !== 'scenario-set' ? '{"general": {"mm_factor": NaN}}' : JSON.stringify(body);
    return { label: `json/${doc}/m${m}`, text: bom + text, source: { doc } };
  }
  // Empty and whitespace-only files, random bytes, header-only CSV.
  const m = Math.floor(r() * 4);
  const text = m === 0 ? '' : m === 1 ? pick([' ', '\n\n', '\r\n', '\uFEFF', '\t \n']) : m === 2 ? String.fromCharCode(...Array.from({ length: 50 }, () => Math.floor(r() * 0xffff))) : `instrument_name,size${nl}`;
  return { label: `empty/m${m}`, text, source: pick([{ kind: 'csv', format: 'deribit' }, { kind: 'json' }, { doc: 'snapshot' }] as const) };
}

const t = tempDbPath('pmdesk-fuzz-');
const store = openDatabase(t.path);
// Some existing data, so "nothing changed" is checked against a populated database.
const seeded = store.portfolios.save({ id: 'seed', name: 'Seed', balances: [{ currency: 'BTC', amount: '1' }], positions: [{ id: 'a', instrument: 'BTC-PERPETUAL', size: '10' }] });
store.marketSnapshots.save('seed', { asOf: '2026-02-15T12:00:00Z', underlyings: { BTC: { index: 1 } } });
afterAll(() => { store.close(); t.cleanup(); });

describe('import fuzz', () => {
  it(`${CASES} malformed inputs per import path (${PATHS.length} paths): each rejected with a named reason, no exception, no table changed`, () => {
    const before = dumpTables(t.path);
    const r = rng(SEED);
    const failures: string[] = [];
    const seenCodes = new Set<string>();
    const tried: Record<string, number> = {};
    for (let n = 0; n < CASES * PATHS.length && failures.length <= 10; n++) {
      // Paths interleaved; `i`, the case's number within its path, varies the target and accept-valid option.
      const path = PATHS[n % PATHS.length]!;
      const i = Math.floor(n / PATHS.length);
      const c = makeCase(r, path);
      tried[path] = (tried[path] ?? 0) + 1;
      try {
        const target = i % 3 === 0 ? { portfolioId: seeded.id } : { name: 'fuzz target' };
        const out = 'doc' in c.source
          ? importDocument(store, c.source.doc, c.text, { name: 'fuzz doc' })
          : importPositions(store, c.text, c.source, target, { acceptValid: !c.partlyValid && i % 2 === 0 });
        if (out.status !== 'rejected') failures.push(`${i} ${c.label}: not rejected: ${JSON.stringify(c.text.slice(0, 120))}`);
        else if (out.report.issues.length === 0) failures.push(`${i} ${c.label}: rejected without a reason`);
        for (const iss of out.report.issues) {
          seenCodes.add(iss.code);
          if (!CODES.includes(iss.code) || !iss.message) failures.push(`${i} ${c.label}: unnamed reason ${JSON.stringify(iss)}`);
        }
      } catch (e) {
        failures.push(`${i} ${c.label}: threw ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    console.log(`import fuzz (seed ${SEED}), cases tried per path:\n${PATHS.map((p) => `  ${p}: ${tried[p] ?? 0}`).join('\n')}`);
    expect(failures).toEqual([]);
    expect(Object.values(tried)).toEqual(PATHS.map(() => CASES));
    expect(seenCodes.size).toBeGreaterThan(15);
    expect(dumpTables(t.path)).toEqual(before);
  }, 30_000 + CASES * PATHS.length);

  it('a 50 MB file is refused as file-too-large (checked before parsing) and nothing is written', () => {
    const before = dumpTables(t.path);
    const row = 'BTC-PERPETUAL,100,96000.5\n';
    const text = `instrument_name,size,average_price\n${row.repeat(Math.ceil((50 * 1024 * 1024) / row.length))}`;
    expect(text.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const out = importPositions(store, text, { kind: 'csv', format: 'deribit' }, { name: 'huge' }, { acceptValid: true });
    expect(out.status).toBe('rejected');
    expect(out.report.issues.map((i) => i.code)).toEqual(['file-too-large']);
    expect(importDocument(store, 'snapshot', `{"x":"${'a'.repeat(50 * 1024 * 1024)}"}`, { name: 'huge' }).report.issues[0].code).toBe('file-too-large');
    expect(dumpTables(t.path)).toEqual(before);
  });
});
