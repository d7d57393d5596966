/** `pmdesk history`: list stored items, show a revision history, diff two revisions, restore one. */
import { parseArgs } from '../args';
import { CliError, type CliCommand } from '../cli-command';
import { docRepo, enumFlag, intFlag, openCliStore, resolveDocId, resolvePortfolioId } from './storage-cli';

const KINDS = ['portfolio', 'snapshot', 'scenario-set', 'parameter-set'] as const;
const ACTIONS = ['list', 'log', 'diff', 'restore'] as const;

/** The `history` sub-command. */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'list items, show revision history, diff two revisions, or restore an old revision',
  usage: `usage: pmdesk history [list|log|diff|restore] [--db DB] [--kind portfolio|snapshot|scenario-set|parameter-set]
         list                                 every item at its latest revision
         log     --id ID|NAME                 revisions, newest first (time, note, restored-from)
         diff    --id ID|NAME --from N --to M added / removed / changed rows (old and new values)
         restore --id ID|NAME --revision N [--note TEXT]   save revision N again as a new revision
  Output is JSON on stdout. Default action: log when --id is given, else list.
`,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['db', 'id', 'kind', 'from', 'to', 'revision', 'note'] });
    if (parsed.positionals.length > 1) throw new CliError(`unexpected argument ${parsed.positionals[1]}`);
    const action = parsed.positionals[0] ?? (parsed.flags.id !== undefined ? 'log' : 'list');
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) throw new CliError(`unknown action "${action}" (${ACTIONS.join('|')})`);
    const kind = enumFlag(parsed, 'kind', KINDS, 'portfolio');
    const idArg = parsed.flags.id;
    if (action !== 'list' && typeof idArg !== 'string') throw new CliError('--id is required');
    const store = openCliStore(parsed, io);
    let result: unknown;
    try {
      const repo = kind === 'portfolio' ? undefined : docRepo(store, kind);
      const id = action === 'list' ? '' : repo ? resolveDocId(repo, idArg as string) : resolvePortfolioId(store, idArg as string);
      if (action === 'list') result = repo ? repo.list() : store.portfolios.list();
      else if (action === 'log') result = repo ? repo.history(id) : store.portfolios.history(id);
      else if (action === 'diff') {
        const from = intFlag(parsed, 'from');
        const to = intFlag(parsed, 'to');
        if (from === undefined || to === undefined) throw new CliError('diff needs --from N and --to M');
        result = repo ? repo.diff(id, from, to) : store.portfolios.diff(id, from, to);
      } else {
        const rev = intFlag(parsed, 'revision');
        if (rev === undefined) throw new CliError('restore needs --revision N');
        const note = typeof parsed.flags.note === 'string' ? parsed.flags.note : undefined;
        result = repo ? repo.restore(id, rev, note) : store.portfolios.restore(id, rev, note);
      }
    } catch (e) {
      if (e instanceof Error && e.name === 'NotFoundError') throw new CliError(e.message, 1);
      throw e;
    } finally {
      store.close();
    }
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  },
};
