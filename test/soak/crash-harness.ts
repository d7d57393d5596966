/**
 * Crash-safety harness shared by the quick test (`electron/db/crash-safety.test.ts`, 20 loops) and
 * the soak test (`test/soak/crash.soak.test.ts`, `PMDESK_CRASH_LOOPS=200`). Each loop starts a
 * child that saves revisions, SIGKILLs it at a random moment, then checks that the database
 * opens, passes `integrity_check`, and holds every revision whose save had returned, intact.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../electron/db';
import { prng as mulberry32 } from '../../electron/engine/margin/synthetic-book';
import { CRASH_PORTFOLIO_ID, crashBook } from './crash-book';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');

/** Loop count from `PMDESK_CRASH_LOOPS`, else `fallback`. */
export function crashLoops(fallback = 20): number {
  const n = Number(process.env.PMDESK_CRASH_LOOPS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** What the loops observed. */
export interface CrashReport {
  loops: number;
  acknowledged: number;
  killsBeforeReady: number;
  headRevision: number;
}

function runOnce(path: string, killEarly: boolean, rand: () => number): Promise<{ acks: number[]; snaps: [number, number][]; ready: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: number[] = [];
    const snaps: [number, number][] = []; // [snapshot revision, portfolio revision saved with it]
    let ready = false;
    let buf = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
    if (killEarly) timer = setTimeout(kill, Math.floor(rand() * 1200)); // during start-up, open, migration or the first saves
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') {
          ready = true;
          if (!killEarly) timer = setTimeout(kill, 5 + Math.floor(rand() * 250));
        } else if (line.startsWith('ack ')) {
          const [, r, snap] = line.split(' ').map(Number);
          acks.push(r);
          if (snap > 0) snaps.push([snap, r]);
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const guard = setTimeout(kill, 20_000);
    // 'close' (not 'exit') fires after stdout is drained, so no acknowledgement is lost.
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`crash child exited by itself (code ${code}): ${err}`));
      else resolve({ acks, snaps, ready });
    });
  });
}


/**
 * Seed of the kill delays: fixed so a run is reproducible (`PMDESK_CRASH_SEED=<n>` to vary it; a
 * failure names its seed). The moment the child is at when killed still depends on the machine.
 */
export const DEFAULT_CRASH_SEED = Number(process.env['PMDESK_CRASH_SEED'] ?? 20261124);

/** Run `loops` kill/verify cycles on the database at `path`; throws on the first violation. */
export async function runCrashLoops(path: string, loops: number, seed = DEFAULT_CRASH_SEED): Promise<CrashReport> {
  const rand = mulberry32(seed);
  let acknowledged = 0;
  let killsBeforeReady = 0;
  let everAcked = 0;
  let head = 0;
  for (let i = 0; i < loops; i++) {
    const { acks, snaps, ready } = await runOnce(path, i % 5 === 4, rand);
    if (!ready) killsBeforeReady++;
    acknowledged += acks.length;
    if (acks.length) everAcked = Math.max(everAcked, acks[acks.length - 1]);
    const store = openDatabase(path); // full integrity_check; throws DatabaseCorruptError on damage
    try {
      const problems = store.integrityCheck();
      if (problems.length) throw new Error(`loop ${i}: integrity_check: ${problems.join('; ')}`);
      head = store.portfolios.headRevision(CRASH_PORTFOLIO_ID) ?? 0;
      if (head < everAcked) throw new Error(`loop ${i} (seed ${seed}): revision ${everAcked} was acknowledged but head is ${head}`);
      const history = head > 0 ? store.portfolios.history(CRASH_PORTFOLIO_ID) : [];
      if (history.length !== head) throw new Error(`loop ${i}: history has ${history.length} revisions, head is ${head}`);
      // Every revision acknowledged in this loop, and the head (possibly unacknowledged), must be complete.
      for (const r of new Set([...acks, head].filter((x) => x > 0))) {
        const got = store.portfolios.get(CRASH_PORTFOLIO_ID, r);
        const want = crashBook(r);
        if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`loop ${i} (seed ${seed}): revision ${r} is missing or differs`);
      }
      // Acknowledged snapshot revisions (JSON documents) too.
      const snapDoc = store.marketSnapshots.findByName('crash-snap');
      for (const [rev, r] of snaps) {
        const got = snapDoc ? store.marketSnapshots.get(snapDoc.id, rev) : undefined;
        if ((got?.json as { r?: number } | undefined)?.r !== r) throw new Error(`loop ${i} (seed ${seed}): snapshot revision ${rev} is missing or differs`);
      }
    } finally {
      store.close();
    }
  }
  return { loops, acknowledged, killsBeforeReady, headRevision: head };
}
