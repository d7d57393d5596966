/**
 * Market snapshots with domain nonsense (issue 11 §2): a seeded valid snapshot, then one
 * nonsense edit — a negative, zero or percent-typed vol, a negative or zero forward or index,
 * an expiry at or before asOf, duplicate expiries or strikes, a strike of 0, an impossible
 * calendar date, a rate typed in percent, a bad code, an out-of-range number. Each must be refused
 * by `parseMarketSnapshot` with a MarketDataError naming the item, and by the service's
 * `document:import` (kind market) with a validation error, nothing written. A number computed
 * from such a snapshot is a failure. `PMDESK_FUZZ_CASES` per path (default 200; soak 10,000).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppService } from '../../electron/service/compose';
import { inProcessDispatcher, type AppService } from '../../electron/service/dispatch';
import { tempDbPath } from '../../electron/db/test-helpers';
import { prng } from '../../electron/engine/margin/synthetic-book';
import { MarketDataError, parseMarketSnapshot } from '../../electron/engine/market-data';
import type { IpcResult } from '../../shared/ipc/result';

const CASES = Number(process.env['PMDESK_FUZZ_CASES'] ?? 200);
const SEED = Number(process.env['PMDESK_FUZZ_SEED'] ?? 11_2026);
/** Per-test time allowance grows with the case count (the soak runs 10,000 per path); not an assertion on speed. */
const TIMEOUT = 30_000 + CASES * 50;
const AS_OF = '2026-02-15T12:00:00Z';
const EXPIRIES = ['2026-02-27T08:00:00Z', '2026-03-27T08:00:00Z', '2026-06-26T08:00:00Z', '2026-12-25T08:00:00Z'];

type Json = {
  asOf: string;
  underlyings: Record<string, { index: unknown; forwards: { expiry: unknown; price: unknown }[]; vols: { expiry: unknown; strike: unknown; vol: unknown }[] }>;
  rates?: Record<string, unknown>;
};

function validSnapshot(r: () => number): Json {
  const underlyings: Json['underlyings'] = {};
  for (const [u, spot] of [['BTC', 60_000], ['ETH', 2_000]] as const) {
    if (u === 'ETH' && r() < 0.3) continue;
    const n = 1 + Math.floor(r() * EXPIRIES.length);
    const exps = EXPIRIES.slice(0, n);
    underlyings[u] = {
      index: spot,
      forwards: exps.map((e, i) => ({ expiry: e, price: spot * (1 + 0.002 * (i + 1)) })),
      vols: exps.flatMap((e) => [0.8, 0.9, 1, 1.1, 1.25].map((m, k) => ({ expiry: e, strike: Math.round(spot * m), vol: 0.5 + 0.05 * k + r() * 0.1 }))),
    };
  }
  return { asOf: AS_OF, underlyings, ...(r() < 0.5 ? { rates: { USD: 0.05 } } : {}) };
}

interface Nonsense { label: string; path: RegExp }

/** One nonsense edit of `j`: what it was and the item path the error must name. */
function mutate(j: Json, r: () => number): Nonsense {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const u = pick(Object.keys(j.underlyings));
  const md = j.underlyings[u];
  const vi = Math.floor(r() * md.vols.length);
  const fi = Math.floor(r() * md.forwards.length);
  const at = `underlyings\\.${u}`;
  switch (Math.floor(r() * 14)) {
    case 0: md.vols[vi].vol = pick([-0.1, -1e-12, 0, -0, '0', '-0.5']); return { label: 'vol ≤ 0', path: new RegExp(`${at}\\.vols\\[${vi}\\]\\.vol`) };
    case 1: md.vols[vi].vol = pick([62, 11, 150, '80']); return { label: 'vol in percent', path: new RegExp(`${at}\\.vols\\[${vi}\\]\\.vol`) };
    case 2: md.forwards[fi].price = pick([-5, 0, -0, '-60000', '0']); return { label: 'forward ≤ 0', path: new RegExp(`${at}\\.forwards\\[${fi}\\]\\.price`) };
    case 3: md.index = pick([-1, 0, -0, '-2000', '0']); return { label: 'index ≤ 0', path: new RegExp(`${at}\\.index`) };
    case 4: md.vols[vi].expiry = pick(['2026-01-01T08:00:00Z', AS_OF, '2026-02-15T11:59:59Z', '2020-12-25T08:00:00Z']); return { label: 'vol expiry ≤ asOf', path: new RegExp(`${at}\\.vols\\[${vi}\\]\\.expiry`) };
    case 5: md.forwards[fi].expiry = pick(['2026-01-01T08:00:00Z', AS_OF]); return { label: 'forward expiry ≤ asOf', path: new RegExp(`${at}\\.forwards\\[${fi}\\]\\.expiry`) };
    case 6: md.forwards.push({ ...md.forwards[fi], price: Number(md.forwards[fi].price) + 1 }); return { label: 'duplicate expiry', path: new RegExp(`${at}\\.forwards: duplicate expiry`) };
    case 7: md.vols.push({ ...md.vols[vi], vol: 0.7 }); return { label: 'duplicate strike', path: new RegExp(`${at}\\.vols: duplicate strike`) };
    case 8: md.vols[vi].strike = pick([0, -0, -100, '0']); return { label: 'strike ≤ 0', path: new RegExp(`${at}\\.vols\\[${vi}\\]\\.strike`) };
    case 9: md.vols[vi].expiry = pick(['2026-02-30T08:00:00Z', '2026-04-31T08:00:00Z', '2026-06-26T24:00:00Z', '2026-13-01T08:00:00Z', '2026-06-26T08:60:00Z', 'soon', 20260626]); return { label: 'impossible date', path: new RegExp(`${at}\\.vols\\[${vi}\\]\\.expiry`) };
    case 10: j.rates = { USD: pick([5, -2, 'NaN', '1e400']) }; return { label: 'rate', path: /rates\.USD/ };
    case 11: {
      const bad = pick(['btc', 'B', 'BTC-USD', '12', '']);
      j.underlyings[bad] = j.underlyings[u];
      delete j.underlyings[u];
      return { label: 'underlying code', path: new RegExp(`underlyings\\.${bad.replace(/[-]/g, '\\-')}`) };
    }
    case 12: {
      const field = pick(['strike', 'vol'] as const);
      md.vols[vi][field] = pick(['1e400', 'NaN', 'Infinity', '0x10', '', null, true, [1]]);
      return { label: 'number nonsense', path: new RegExp(`${at}\\.vols\\[${vi}\\]\\.${field}`) };
    }
    default: {
      j.asOf = pick(['2026-02-30T12:00:00Z', '2026-02-15', 'yesterday', '', '2026-02-15T25:00:00Z']);
      return { label: 'asOf', path: /asOf/ };
    }
  }
}

let tmp: ReturnType<typeof tempDbPath>;
let app: { service: AppService; close: () => void };
let watcher: Database.Database;
beforeAll(() => {
  tmp = tempDbPath('pmdesk-fuzz-market-');
  app = openAppService({ databasePath: tmp.path, host: 'web', version: 'fuzz' });
  watcher = new Database(tmp.path, { readonly: true });
});
afterAll(() => {
  watcher?.close();
  app?.close();
  tmp?.cleanup();
});

describe('market snapshots with domain nonsense are refused, naming the item', { timeout: TIMEOUT }, () => {
  it('the generated base snapshots are valid (the mutations are what is refused)', () => {
    const r = prng(SEED);
    for (let i = 0; i < 20; i++) expect(() => parseMarketSnapshot(validSnapshot(r))).not.toThrow();
  });

  it('parseMarketSnapshot (engine) and document:import (service)', async () => {
    const r = prng(SEED + 1);
    const dispatch = inProcessDispatcher(app.service);
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    for (let i = 0; i < CASES && failures.length < 5; i++) {
      const j = validSnapshot(r);
      const n = mutate(j, r);
      counts[n.label] = (counts[n.label] ?? 0) + 1;
      const text = JSON.stringify(j);
      try {
        parseMarketSnapshot(JSON.parse(text));
        failures.push(`engine accepted ${n.label}: ${text.slice(0, 300)}`);
      } catch (e) {
        if (!(e instanceof MarketDataError)) failures.push(`engine threw ${String(e)} for ${n.label}`);
        else if (!n.path.test(e.message)) failures.push(`engine error "${e.message}" does not name ${n.path} (${n.label})`);
      }
      const before = watcher.pragma('data_version', { simple: true });
      const res = (await dispatch('document:import', { kind: 'market', text, name: `fuzz ${i}` })) as IpcResult<{ status: string; issues: { column?: string; message: string }[] }>;
      const named = (m: string) => n.path.test(m);
      if (res.ok) {
        if (res.value.status !== 'rejected' || !res.value.issues.some((x) => named(`${x.column ?? ''}: ${x.message}`))) failures.push(`service accepted ${n.label}: ${JSON.stringify(res.value).slice(0, 300)}`);
      } else if (res.error.code !== 'validation' || !named(res.error.message)) failures.push(`service answered ${JSON.stringify(res.error).slice(0, 300)} for ${n.label}`);
      if (watcher.pragma('data_version', { simple: true }) !== before) failures.push(`service wrote on a refused snapshot (${n.label})`);
    }
    console.log(`market snapshot fuzz (seed ${SEED}): ${CASES} cases tried: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
