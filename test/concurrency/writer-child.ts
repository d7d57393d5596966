/**
 * Two-writers child (issue 11 §3): one process that writes to the shared database on command,
 * either as the app/web host (`app`: the composed service, `portfolio:import` and `document:import`
 * through `dispatch`, one long-lived connection; with `via: 'session'`, the app's own edit path:
 * the working session open on the book, a patch adding row `app-<n>`, then `session:save`) or as
 * the CLI (`cli`: `runCli(['import', …])`, which opens and closes the file per command, as
 * `npm run pmdesk -- import` does).
 * Protocol on stdin/stdout, one JSON line each: `{"run", "ops": [{"delayMs", "what", "n", "via"?}]}` →
 * `{"run", "results": [{"what", "revision", "row"?} | {"what", "refused", "row"} | {"what", "error"}]}`.
 * `refused`: a save told the book moved on (a `conflict` answer: nothing written, the edit pending;
 * the child saves again up to twice, as a user would, before reporting it). Prints `ready` first.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../electron/cli/commands/index';
import { runCli } from '../../electron/cli/run-cli';
import { openAppService } from '../../electron/service/compose';
import { inProcessDispatcher } from '../../electron/service/dispatch';

const [role, dbPath, portfolioId] = process.argv.slice(2) as ['app' | 'cli', string, string];
const app = role === 'app' ? openAppService({ databasePath: dbPath, host: 'web', version: 'two-writers', seedDemo: false }) : undefined;
const dispatch = app ? inProcessDispatcher(app.service) : undefined;

/**
 * `db`: another database file for this write (the CLI writers only; fresh-file races).
 * `portfolio` / `append`: write positions into that portfolio, appending two instruments of their
 * own (`ETH-25DEC26-<1000+n>-C/P`) instead of replacing the book (import-job-writers.test.ts).
 */
interface Op { delayMs: number; what: 'positions' | 'snapshot'; n: number; db?: string; portfolio?: string; append?: boolean; via?: 'session' }
/**
 * `refusals`: saves told the book moved on before this one went through (or before giving up);
 * `rebased`: the saved revision is not the one after the revision the edit was made on (the
 * session found the head moved and replayed its edit on it).
 */
type Result = { what: string; revision: number; row?: string; refusals?: number; rebased?: boolean; firstRefusal?: string } | { what: string; refused: string; row: string; refusals: number } | { what: string; error: string };

const csv = (n: number) => `instrument_name,size,average_price\nBTC-PERPETUAL,${n},1\nETH-PERPETUAL,-${n},1\n`;
const appendCsv = (n: number) => `instrument_name,size,average_price\nETH-25DEC26-${1000 + n}-C,1,0.01\nETH-25DEC26-${1000 + n}-P,-1,0.01\n`;
const snapshot = (n: number) => JSON.stringify({ asOf: '2026-02-15T12:00:00Z', underlyings: { BTC: { index: 60_000 + n } } });

/** The app's working session on the book (opened on first use, kept open as a window keeps it). */
let session: { id: string; version: number } | undefined;

async function call<T>(channel: string, req: unknown): Promise<T> {
  const res = await dispatch!(channel as never, req as never);
  if (!res.ok) throw Object.assign(new Error(`${channel}: ${res.error.code}: ${res.error.message}`), { code: res.error.code });
  return res.value as T;
}

/** The session path: patch (catching up when told the book moved on), then save. */
async function viaSession(op: Op): Promise<Result> {
  if (!session) {
    const snap = await call<{ sessionId: string; state: { version: number } }>('session:open', { portfolioId, methods: ['deribit-pm'] });
    session = { id: snap.sessionId, version: snap.state.version };
  }
  const row = `app-${op.n}`;
  let base = 0;
  for (let attempt = 0; ; attempt++) {
    const r = await call<{ kind: string; version: number; state?: { baseRevision: number } }>('session:patch', {
      sessionId: session.id, version: session.version, seq: op.n, writer: 'two-writers', ops: [{ op: 'add', rows: [{ id: row, instrument: 'BTC-PERPETUAL', size: String(op.n) }] }],
    });
    if (r.kind === 'applied') { session.version = r.version; base = r.state!.baseRevision; break; }
    if (r.kind !== 'behind' || attempt >= 5) return { what: op.what, error: `session:patch ${r.kind}: ${JSON.stringify(r)}` };
    // Told the book moved on (an import reloaded it): catch up, as the window does, and edit again.
    const since = await call<{ kind: string; version?: number; state?: { version: number } }>('session:since', { sessionId: session.id, version: session.version });
    session.version = since.kind === 'snapshot' ? since.state!.version : since.version!;
  }
  let refused = '';
  for (let save = 1; save <= 3; save++) {
    try {
      const saved = await call<{ revision: { revision: number }; state: { version: number } }>('session:save', { sessionId: session.id, writer: 'two-writers', note: `app session ${op.n}${save > 1 ? ` (save ${save})` : ''}` });
      session.version = saved.state.version;
      return { what: op.what, revision: saved.revision.revision, row, refusals: save - 1, rebased: saved.revision.revision !== base + 1, ...(refused ? { firstRefusal: refused } : {}) };
    } catch (e) {
      if ((e as { code?: string }).code !== 'conflict') throw e;
      refused = (e as Error).message;
    }
  }
  return { what: op.what, refused, row, refusals: 3 };
}

async function perform(op: Op): Promise<Result> {
  if (dispatch && op.via === 'session') return viaSession(op);
  if (dispatch) {
    const res = op.what === 'positions'
      ? await dispatch('portfolio:import', { text: csv(op.n), format: 'deribit', portfolioId, mode: 'replace', note: `app ${op.n}` })
      : await dispatch('document:import', { kind: 'market', text: snapshot(op.n), name: 'shared-snapshot', note: `app ${op.n}` });
    if (!res.ok) return { what: op.what, error: `${res.error.code}: ${res.error.message}` };
    const v = res.value as { status: string; portfolio?: { revision: number }; document?: { revision: number }; issues: unknown[] };
    const written = v.status === 'written' ? (v.portfolio ?? v.document) : undefined;
    return written ? { what: op.what, revision: written.revision } : { what: op.what, error: `${v.status}: ${JSON.stringify(v.issues)}` };
  }
  const file = join(tmpdir(), `pmdesk-two-writers-${process.pid}-${op.n}.txt`);
  writeFileSync(file, op.what === 'positions' ? (op.append ? appendCsv(op.n) : csv(op.n)) : snapshot(op.n));
  const out: string[] = [];
  const err: string[] = [];
  const argv = op.what === 'positions'
    ? ['import', '--db', op.db ?? dbPath, '--format', 'deribit', '--portfolio', op.portfolio ?? portfolioId, '--file', file, '--note', `cli ${op.n}`, ...(op.append ? ['--mode', 'append'] : [])]
    : ['import', '--db', op.db ?? dbPath, '--kind', 'snapshot', '--name', 'shared-snapshot', '--file', file, '--note', `cli ${op.n}`];
  const code = await runCli(argv, {
    readStdin: async () => '',
    readFile: async (p) => (await import('node:fs/promises')).readFile(p, 'utf8'),
    writeFile: async () => undefined,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
  }, commands);
  if (code !== 0) return { what: op.what, error: `exit ${code}: ${err.join('')}` };
  return { what: op.what, revision: (JSON.parse(out.join('')) as { written: { revision: number } }).written.revision };
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'quit') break;
  const { run, ops } = JSON.parse(line) as { run: number; ops: Op[] };
  const results: Result[] = [];
  for (const op of ops) {
    await sleep(op.delayMs);
    try { results.push(await perform(op)); } catch (e) { results.push({ what: op.what, error: `threw ${e instanceof Error ? e.message : String(e)}` }); }
  }
  process.stdout.write(`${JSON.stringify({ run, results })}\n`);
}
app?.close();
