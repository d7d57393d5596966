import { describe, expect, it } from 'vitest';
import { MARGIN_METHODS } from '../engine/margin/registry';
import { methodList } from './commands/report';
import { methodIds } from './method-flag';

describe('--method', () => {
  const ids = Object.keys(MARGIN_METHODS);
  it('all: every method the registry lists, in its order (margin, sweep, report and batch share it)', () => {
    expect(methodIds('all')).toEqual(ids);
    expect(methodIds(' all ')).toEqual(ids);
    expect(methodList('all')).toEqual(ids);
  });
  it('a comma list of registered ids, in the order given', () => {
    expect(methodIds(`${ids[1]}, ${ids[0]}`)).toEqual([ids[1], ids[0]]);
  });
  it('refuses an empty list, an unknown id (keeping the known list) and a repeated id', () => {
    expect(() => methodIds(' , ')).toThrow(/give at least one method id, or all/);
    expect(() => methodIds(`${ids[0]},nope`)).toThrow(`--method nope: unknown method (known: ${ids.join(', ')}); all runs every method`);
    expect(() => methodIds(`${ids[0]},${ids[0]}`)).toThrow(/listed twice/);
    expect(() => methodIds('all,' + ids[0])).toThrow(/--method all: unknown method/);
  });
});
