/**
 * Fuzz of every IPC/HTTP channel (issue 11 §2), payloads generated from the valibot request schemas
 * themselves (`requestSchemas`, iterated generically, so a channel added to the contract is fuzzed
 * without touching this file). Each case runs against the real service over a real temp database —
 * three in four through `dispatch` (the Electron IPC path), one in four over HTTP through the web
 * host — and must answer:
 *   - a mutated request: an error envelope with code `validation` whose issues or message name the
 *     mutated item, and nothing written to the database;
 *   - a valid request: any envelope but `internal` (a not-found id is fine; a crash is not);
 *   - never a thrown exception, never a non-envelope.
 * Seeded; `PMDESK_FUZZ_CASES` cases per channel (default 200; `npm run test:soak` runs 10,000).
 */
import Database from 'better-sqlite3';
import * as valibot from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PORTFOLIO_ID, demoPortfolioDto } from '../../electron/service/demo-data';
import { openAppService } from '../../electron/service/compose';
import { inProcessDispatcher, type AppService } from '../../electron/service/dispatch';
import { startWebHost, type WebHost } from '../../electron/web-host/server';
import { tempDbPath } from '../../electron/db/test-helpers';
import { prng } from '../../electron/engine/margin/synthetic-book';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { requestSchemas } from '../../shared/ipc/schemas';
import type { IpcResult } from '../../shared/ipc/result';
import { fuzzCase, type FuzzCase, type Hints } from './schema-cases';

const CASES = Number(process.env['PMDESK_FUZZ_CASES'] ?? 200);
const SEED = Number(process.env['PMDESK_FUZZ_SEED'] ?? 11_2026);
/** Per-test time allowance grows with the case count (the soak runs 10,000 per path); not an assertion on speed. */
const TIMEOUT = 30_000 + CASES * 50;

let tmp: ReturnType<typeof tempDbPath>;
let app: { service: AppService; close: () => void };
let host: WebHost;
let watcher: Database.Database;
let dispatchIpc: (channel: string, raw: unknown) => Promise<IpcResult<unknown>>;
let marketId = '';
let sessionId = '';
/** The working session's current version (patches against an older one are answered "behind"). */
let sessionVersion = 0;

beforeAll(async () => {
  tmp = tempDbPath('pmdesk-fuzz-');
  app = openAppService({ databasePath: tmp.path, host: 'web', version: 'fuzz' });
  const internal: string[] = [];
  dispatchIpc = inProcessDispatcher(app.service, (c, e) => internal.push(`${c}: ${String(e)}`));
  host = await startWebHost({ dispatch: dispatchIpc, rendererDir: tmp.dir, token: 'fuzz', log: () => {} });
  watcher = new Database(tmp.path, { readonly: true });
  const markets = (await dispatchIpc('market:list', undefined)) as { ok: true; value: { id: string }[] };
  marketId = markets.value[0]!.id;
  const opened = (await dispatchIpc('session:open', { portfolioId: DEMO_PORTFOLIO_ID })) as IpcResult<{ sessionId: string }>;
  if (opened.ok) sessionId = opened.value.sessionId;
});
afterAll(async () => {
  watcher?.close();
  await host?.close();
  app?.close();
  tmp?.cleanup();
});

const hints = (r: () => number): Hints => ({
  // Ids that exist, so a mutation reaches past the lookups; plain \`id\` fields stay random (not-found paths).
  portfolioId: () => DEMO_PORTFOLIO_ID,
  marketId: () => marketId,
  sessionId: () => sessionId,
  parameterSets: () => undefined,
  baseRevision: () => undefined,
  version: () => sessionVersion,
  instrument: () => (r() < 0.5 ? 'BTC-PERPETUAL' : 'BTC-25DEC26-100000-C'),
  methods: () => [r() < 0.5 ? 'deribit-pm' : 'deribit-sm'],
  method: () => 'deribit-sm',
  portfolio: () => {
    const p = demoPortfolioDto();
    return { ...p, positions: p.positions.slice(0, 1 + Math.floor(r() * 3)) };
  },
  // The payoff range must be ordered (a cross-field check); the walker sees each bound alone.
  lowerMove: () => -0.5 + r() * 0.4,
  upperMove: () => 0.1 + r() * 0.5,
  // A heatmap or payoff names its book by the portfolio, a held handle or an open session's book,
  // exactly one of the three (a cross-field check the walker cannot see): the fuzz sends the portfolio.
  book: () => undefined,
  session: () => undefined,
  // A long poll is a valid request but would only wait; the fuzz asks for an immediate answer.
  waitMs: () => 0,
});

/**
 * Per-channel hints where one field's valid value depends on another: a sweep's `param` must be a
 * numeric parameter of the requested method (else every mutation of `from`/`to` is refused for
 * the parameter instead, and the error names `param`), and a few steps keep a valid sweep cheap.
 */
const channelHints = (channel: string, r: () => number): Hints => (channel === 'analysis:sweep'
  ? { methods: () => ['deribit-pm'], param: () => 'general.mm_factor', steps: () => 1 + Math.floor(r() * 3) }
  : {});

/**
 * Channels whose valid request starts a thread (half a second each under tsx): at most this many of
 * their valid cases are run; the rest are checked to be accepted by the schema only, and counted
 * apart. Without the cap the soak's 10,000 job:run-all cases took over 10 minutes on one channel.
 */
const THREAD_PER_VALID_CALL = new Set(['job:run-all', 'job:export-report']);
/** A report job's valid case also writes the report (a PDF starts headless Chromium, ~1 s): fewer of them are run. */
const maxValidRuns = (channel: string) => (channel === 'job:export-report' ? 12 : 100);

/** `PRAGMA data_version` of another connection changes when (and only when) someone commits. */
const dataVersion = () => watcher.pragma('data_version', { simple: true }) as number;

async function callHttp(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
  const res = await fetch(`${host.url}api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pmdesk-token': 'fuzz' },
    body: JSON.stringify({ req: payload }),
  });
  return (await res.json()) as IpcResult<unknown>;
}

/** Whether the error names the mutated item: an issue at (or under/above) its path, or its last key in the message. */
function namesItem(c: FuzzCase, error: { message: string; issues?: { path: string }[] }): boolean {
  if (c.path === '') return error.message.length > 0;
  const last = c.path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? c.path;
  if ((error.issues ?? []).some((i) => i.path === c.path || c.path.startsWith(i.path + '.') || i.path.startsWith(c.path + '.'))) return true;
  return error.message.includes(last) || error.message.includes(c.path);
}

/** margin:run answers per method: a refusal is every method's outcome failing with an error naming the item. */
function refusedPerMethod(c: FuzzCase, value: unknown): boolean {
  const outcomes = (value as { outcomes?: { ok: boolean; error?: string }[] } | null)?.outcomes;
  const patch = value as { kind?: string; refusals?: { field?: string; reason: string }[] } | null;
  if (patch?.kind === 'refused') return (patch.refusals ?? []).some((x) => namesItem(c, { message: `${x.field ?? ''}: ${x.reason}` }));
  if (!Array.isArray(outcomes) || outcomes.length === 0) return false;
  return outcomes.every((o) => o.ok === false && typeof o.error === 'string' && namesItem(c, { message: o.error.replace(/\[(\d+)\]/g, '.$1') }));
}

const tried: Record<string, Record<string, number>> = {};
afterAll(() => {
  const lines = Object.entries(tried).map(([ch, kinds]) => `${ch.padEnd(20)} ${String(Object.values(kinds).reduce((a, b) => a + b, 0)).padStart(6)}  ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`ipc/http fuzz (seed ${SEED}), cases tried per channel:\n${lines.join('\n')}`);
});

describe('every IPC/HTTP channel refuses schema-generated nonsense with a named error and writes nothing', { timeout: TIMEOUT }, () => {
  const channels = Object.keys(requestSchemas).sort();
  it('covers every channel of the contract', () => {
    expect(channels).toEqual([...INVOKE_CHANNELS].sort());
  });
  for (const [n, channel] of channels.entries()) {
    it(channel, async () => {
      const r = prng(SEED + n * 7919);
      const h = { ...hints(r), ...channelHints(channel, r) };
      const schema = requestSchemas[channel as keyof typeof requestSchemas] as never;
      const failures: string[] = [];
      const counts: Record<string, number> = (tried[channel] = {});
      for (let i = 0; i < CASES && failures.length < 5; i++) {
        const c = fuzzCase(schema, r, h);
        if (c.kind === 'valid' && THREAD_PER_VALID_CALL.has(channel) && (counts['valid'] ?? 0) >= maxValidRuns(channel)) {
          counts['valid, schema only'] = (counts['valid, schema only'] ?? 0) + 1;
          if (!valibot.safeParse(schema, c.payload).success) failures.push(`valid case refused by its schema: ${JSON.stringify(c.payload)?.slice(0, 300)}`);
          continue;
        }
        counts[c.kind] = (counts[c.kind] ?? 0) + 1;
        const before = dataVersion();
        let res: IpcResult<unknown>;
        try {
          res = i % 4 === 3 ? await callHttp(channel, c.payload) : await dispatchIpc(channel, c.payload);
        } catch (e) {
          failures.push(`${c.kind} at "${c.path}" threw ${String(e)}`);
          continue;
        }
        const v = res?.ok ? (res.value as { version?: unknown; state?: { version?: unknown } } | null) : null;
        const seen = v?.version ?? v?.state?.version;
        if (channel.startsWith('session:') && typeof seen === 'number') sessionVersion = seen;
        const show = () => `${c.kind} at "${c.path}": ${JSON.stringify(c.payload)?.slice(0, 300)} → ${JSON.stringify(res).slice(0, 300)}`;
        if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean') { failures.push(`not an envelope: ${show()}`); continue; }
        if (!res.ok && res.error.code === 'internal') { failures.push(`internal error: ${show()}`); continue; }
        if (c.kind === 'valid') continue;
        if (res.ok && refusedPerMethod(c, res.value)) {
          // Refused inside an ok answer (per method, or a refused patch): still nothing written.
          if (dataVersion() !== before) failures.push(`wrote to the database on a refused request: ${show()}`);
          continue;
        }
        if (res.ok) { failures.push(`silently accepted: ${show()}`); continue; }
        if (res.error.code !== 'validation' && !(c.schemaRefuses === false && res.error.code === 'not-found')) failures.push(`code ${res.error.code}, wanted validation: ${show()}`);
        else if (!namesItem(c, res.error)) failures.push(`error does not name the item: ${show()}`);
        if (dataVersion() !== before) failures.push(`wrote to the database on a refused request: ${show()}`);
      }
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }
});
