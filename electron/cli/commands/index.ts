/** The table of `pmdesk` sub-commands, keyed by name (one file per command). */
import type { CliCommand } from '../cli-command';
import { batchCommand } from './batch';
import { exportCommand } from './export';
import { historyCommand } from './history';
import { importCommand } from './import';
import { ivCommand } from './iv';
import { marginCommand } from './margin';
import { priceCommand } from './price';
import { reportCommand } from './report';
import { sweepCommand } from './sweep';

/** Every sub-command, in help order. Add a command by adding its file and one line here. */
export const commands: CliCommand[] = [
  priceCommand,
  ivCommand,
  marginCommand,
  sweepCommand,
  reportCommand,
  batchCommand,
  importCommand,
  exportCommand,
  historyCommand,
];
