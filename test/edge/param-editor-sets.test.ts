// The parameter-set editor's sets (renderer param-set-draft.ts) against every method's own parser:
// one parameter changed over the defaults, at its default value, is accepted by the method (the
// editor writes a block the method wants whole at its defaults). SPAN's scan points are a list
// whose entries carry non-numeric fields: they are edited from a stored set that has them.
import { describe, expect, it } from 'vitest';
import { MARGIN_METHODS, marginMethodList } from '../../electron/engine/margin/registry';
import { editedSet } from '../../renderer/src/features/sweep/param-set-draft';

describe('editor sets over the defaults', () => {
  it('each method accepts each of its parameters changed alone over its defaults', () => {
    const refused: string[] = [];
    for (const e of marginMethodList()) {
      for (const p of e.parameters.params) {
        if (p.default === null) continue;
        try {
          MARGIN_METHODS[e.id]!.parseParams(editedSet(undefined, { [p.example]: p.default }, e.parameters.params));
        } catch (err) {
          refused.push(`${e.id} ${p.example}: ${err instanceof Error ? err.message.slice(0, 80) : String(err)}`);
        }
      }
    }
    expect(refused.map((r) => r.split(':')[0])).toEqual(['span scanPoints[14].weight']);
  });
});
