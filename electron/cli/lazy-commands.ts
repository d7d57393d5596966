/**
 * The `pmdesk` command table for the bundled CLI (`out/cli/pmdesk.mjs`): names and summaries are
 * here, each command's module (and the engine/store it pulls in) is imported only when that
 * command runs, so `pmdesk --help` loads none of them. `lazy-commands.test.ts` checks this table
 * against the eager one (`commands/index.ts`), so the two cannot drift.
 */
import type { CliCommand } from './cli-command';

export interface LazyCommand {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const lazyCommands: LazyCommand[] = [
  { name: 'price', summary: 'value and greeks of option requests (JSON array on stdin or a file)', load: async () => (await import('./commands/price')).priceCommand },
  { name: 'iv', summary: 'implied vols of priced options (JSON array on stdin or a file)', load: async () => (await import('./commands/iv')).ivCommand },
  { name: 'margin', summary: 'run a margin method on a portfolio and market file, fully explained', load: async () => (await import('./commands/margin')).marginCommand },
  { name: 'sweep', summary: 'margin of a book as one numeric parameter of each method varies over a range', load: async () => (await import('./commands/sweep')).sweepCommand },
  { name: 'report', summary: 'margin report of a book for one or more methods as PDF, XLSX, CSV (zip) or re-runnable JSON', load: async () => (await import('./commands/report')).reportCommand },
  { name: 'batch', summary: 'margin many books against one market on worker threads: summary CSV/XLSX, reports', load: async () => (await import('./commands/batch')).batchCommand },
  { name: 'import', summary: 'import positions (CSV, venue exports), portfolio, snapshot, scenario or parameter JSON into the database', load: async () => (await import('./commands/import')).importCommand },
  { name: 'export', summary: 'export a portfolio (JSON or positions CSV), snapshot, scenario or parameter set from the database', load: async () => (await import('./commands/export')).exportCommand },
  { name: 'history', summary: 'list items, show revision history, diff two revisions, or restore an old revision', load: async () => (await import('./commands/history')).historyCommand },
];

/**
 * The command list for one invocation: the named command loaded for real, every other one a
 * stub carrying only its name and summary (all the help text needs).
 */
export async function commandsFor(name: string | undefined): Promise<CliCommand[]> {
  return Promise.all(lazyCommands.map(async (c): Promise<CliCommand> => {
    if (c.name === name) return c.load();
    return {
      name: c.name,
      summary: c.summary,
      usage: '',
      run: () => Promise.reject(new Error(`command ${c.name} not loaded`)),
    };
  }));
}
