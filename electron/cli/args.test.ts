import { describe, expect, it } from 'vitest';
import { parseArgs, requireFlag } from './args';
import { CliError } from './cli-command';

const spec = { valued: ['portfolio', 'market'], booleans: ['no-account'] };

describe('parseArgs', () => {
  it('parses valued flags (both spellings), booleans and positionals', () => {
    const p = parseArgs(['--portfolio', 'a.json', '--market=m.json', '--no-account', 'x'], spec);
    expect(p.flags).toEqual({ portfolio: 'a.json', market: 'm.json', 'no-account': true });
    expect(p.positionals).toEqual(['x']);
    expect(requireFlag(p, 'portfolio')).toBe('a.json');
  });

  it('rejects unknown options and missing values', () => {
    expect(() => parseArgs(['--nope'], spec)).toThrow(/unknown option --nope/);
    expect(() => parseArgs(['--portfolio'], spec)).toThrow(/--portfolio needs a value/);
  });

  it('rejects a repeated flag instead of keeping the last one', () => {
    for (const args of [
      ['--portfolio', 'a', '--portfolio', 'b'],
      ['--portfolio=a', '--portfolio', 'b'],
      ['--portfolio', 'a', '--portfolio=a'],
      ['--no-account', '--no-account'],
    ]) {
      let err: unknown;
      try { parseArgs(args, spec); } catch (e) { err = e; }
      expect(err, args.join(' ')).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as CliError).message).toMatch(/^--(portfolio|no-account) given more than once$/);
    }
  });

  it('everything after -- is positional (not a repeat)', () => {
    expect(parseArgs(['--portfolio', 'a', '--', '--portfolio', 'b'], spec).positionals).toEqual(['--portfolio', 'b']);
  });
});
