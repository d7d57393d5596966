/**
 * Whole-process CLI figures (issue 12 §3): cold start of the bundled CLI (`node bin/pmdesk.mjs`,
 * built to out/cli by scripts/build-cli.mjs) against an in-run baseline of `node -e ''` and the
 * source CLI through tsx (`npm run -s pmdesk` runs that). Each figure: median wall time of N
 * spawned processes, same Node binary as this bench (the `node` devDependency, 22).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_ROOT, buildCli, writeBigBook } from './cli-bench-setup';
import { DERIBIT_PM_ID } from '../electron/engine/margin/methods/deribit-pm/id';

const root = BENCH_ROOT;

function medianMs(n: number, args: string[], input?: string): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, input, stdio: ['pipe', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    t.push(performance.now() - s);
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(n / 2)];
}

/**
 * `--import` of this module makes a run print its CPU time at exit on standard error: the main
 * thread's (`process.threadCpuUsage`, what bounds the wall time on an idle machine) and the whole
 * process's (`process.resourceUsage`: compiler and GC threads too). Both are far steadier than
 * wall time on a loaded machine, where a run waits for a core.
 */
const CPU_AT_EXIT = 'data:text/javascript,process.on("exit",()=>{const c=process.threadCpuUsage(),r=process.resourceUsage();process.stderr.write("\\npmdesk-bench-cpu "+(c.user+c.system)/1000+" "+(r.userCPUTime+r.systemCPUTime)/1000+"\\n")})';

/** Median main-thread and process CPU (ms) of N runs of `args` (see `CPU_AT_EXIT`). */
function medianCpuMs(n: number, args: string[]): { main: number; proc: number } {
  const main: number[] = [], proc: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    const m = /pmdesk-bench-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr.toString());
    if (r.status !== 0 || !m) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
    main.push(Number(m[1]));
    proc.push(Number(m[2]));
  }
  const mid = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(n / 2)];
  return { main: mid(main), proc: mid(proc) };
}

/** Run and print the CLI start-up benchmarks. */
export async function runCliStartBench(): Promise<void> {
  buildCli();
  const { dir } = writeBigBook('pmdesk-cli-bench-');
  try {
    const priceReq = JSON.stringify([{ model: 'black76', type: 'call', forward: 19, strike: 19, expiryYears: 0.75, vol: 0.28, rate: 0.1 }]);
    const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
    const margin = ['margin', '--portfolio', join(dir, 'book.json'), '--market', join(dir, 'market.json'), '--method', DERIBIT_PM_ID, '--format', 'json'];

    const load0 = loadavg()[0];
    const baseline = medianMs(9, ['-e', '']);
    const help = medianMs(9, ['bin/pmdesk.mjs', '--help']);
    const version = medianMs(9, ['bin/pmdesk.mjs', '--version']);
    const helpTsx = medianMs(5, [tsx, 'electron/cli/index.ts', '--help']);
    const price = medianMs(9, ['bin/pmdesk.mjs', 'price'], priceReq);
    const marginBundled = medianMs(5, ['bin/pmdesk.mjs', ...margin]);
    const marginNoAccount = medianMs(5, ['bin/pmdesk.mjs', ...margin, '--no-account']);
    const marginTsx = medianMs(3, [tsx, 'electron/cli/index.ts', ...margin]);
    const baselineCpu = medianCpuMs(5, ['-e', '']);
    const marginCpu = medianCpuMs(5, ['bin/pmdesk.mjs', ...margin]);
    const noAccountCpu = medianCpuMs(5, ['bin/pmdesk.mjs', ...margin, '--no-account']);
    console.log(`load average (1 min) before / after:       ${load0.toFixed(2)} / ${loadavg()[0].toFixed(2)} (2 cores)`);
    console.log(`baseline node -e '' (in-run):              ${baseline.toFixed(0)} ms`);
    console.log(`pmdesk --help, bundled (target < 100 ms):  ${help.toFixed(0)} ms (+${(help - baseline).toFixed(0)} over baseline); via tsx ${helpTsx.toFixed(0)} ms`);
    console.log(`pmdesk --version, bundled:                 ${version.toFixed(0)} ms (+${(version - baseline).toFixed(0)})`);
    console.log(`pmdesk price, 1 request, bundled:          ${price.toFixed(0)} ms (+${(price - baseline).toFixed(0)})`);
    console.log(`pmdesk margin 20k json, bundled (< 300):   ${marginBundled.toFixed(0)} ms; --no-account ${marginNoAccount.toFixed(0)} ms (the account view: +${(marginBundled - marginNoAccount).toFixed(0)}); via tsx ${marginTsx.toFixed(0)} ms`);
    console.log(`  CPU main thread / whole process:         ${marginCpu.main.toFixed(0)} / ${marginCpu.proc.toFixed(0)} ms; --no-account ${noAccountCpu.main.toFixed(0)} / ${noAccountCpu.proc.toFixed(0)} ms (the account view: +${(marginCpu.main - noAccountCpu.main).toFixed(0)} main thread); node -e '' ${baselineCpu.main.toFixed(0)} / ${baselineCpu.proc.toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
