/** `pmdesk export`: write a portfolio (JSON or positions CSV) or a stored document (exact JSON text). */
import { parseArgs } from '../args';
import { CliError, type CliCommand } from '../cli-command';
import { exportDocumentJson, exportPortfolioJson, exportPositionsCsv } from '../../io';
import { docRepo, enumFlag, intFlag, openCliStore, resolveDocId, resolvePortfolioId } from './storage-cli';

const KINDS = ['portfolio', 'snapshot', 'scenario-set', 'parameter-set'] as const;

/** The `export` sub-command. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a portfolio (JSON or positions CSV), snapshot, scenario or parameter set from the database',
  usage: `usage: pmdesk export --id ID|NAME [--db DB] [--kind portfolio|snapshot|scenario-set|parameter-set]
                     [--revision N] [--format json|csv] [--out FILE]
  Default kind portfolio, latest revision, JSON on stdout. --format csv (portfolios) writes the
  positions CSV (id,instrument,size,averagePrice,note). Decimals are exported exactly as stored.
`,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['db', 'id', 'kind', 'revision', 'format', 'out'] });
    if (parsed.positionals.length > 0) throw new CliError(`unexpected argument ${parsed.positionals[0]}`);
    const kind = enumFlag(parsed, 'kind', KINDS, 'portfolio');
    const format = enumFlag(parsed, 'format', ['json', 'csv'] as const, 'json');
    const idArg = parsed.flags.id;
    if (typeof idArg !== 'string') throw new CliError('--id is required');
    const revision = intFlag(parsed, 'revision');
    const store = openCliStore(parsed, io);
    let text: string;
    try {
      if (kind === 'portfolio') {
        const id = resolvePortfolioId(store, idArg);
        const p = store.portfolios.get(id, revision);
        if (!p) throw new CliError(`portfolio ${idArg} has no revision ${revision}`, 1);
        text = format === 'csv' ? exportPositionsCsv(p) : exportPortfolioJson(p);
      } else {
        if (format === 'csv') throw new CliError('--format csv is only for portfolios');
        const repo = docRepo(store, kind);
        const d = repo.get(resolveDocId(repo, idArg), revision);
        if (!d) throw new CliError(`${kind} ${idArg} has no revision ${revision}`, 1);
        text = exportDocumentJson(d);
      }
    } finally {
      store.close();
    }
    const out = parsed.flags.out;
    if (typeof out === 'string') await io.writeFile(out, text);
    else io.stdout(text);
    return 0;
  },
};
