import { describe, expect, it } from 'vitest';
import { commands } from './commands/index';
import { commandsFor, lazyCommands } from './lazy-commands';
import { helpText } from './run-cli';

describe('lazy command table (bundled CLI)', () => {
  it('lists the same commands, in the same order, with the same summaries as the eager table', () => {
    expect(lazyCommands.map((c) => [c.name, c.summary])).toEqual(commands.map((c) => [c.name, c.summary]));
    expect(helpText(lazyCommands.map((c) => ({ ...c, usage: '', run: () => Promise.resolve(0) })))).toBe(helpText(commands));
  });
  it('loads each command to the very module the eager table holds', async () => {
    for (const c of lazyCommands) expect(await c.load()).toBe(commands.find((e) => e.name === c.name));
  });
  it('loads only the named command', async () => {
    const list = await commandsFor('price');
    expect(list.find((c) => c.name === 'price')?.usage).not.toBe('');
    expect(list.filter((c) => c.usage === '').map((c) => c.name)).toEqual(['iv', 'margin', 'sweep', 'report', 'batch', 'import', 'export', 'history']);
  });
});
