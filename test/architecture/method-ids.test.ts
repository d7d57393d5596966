/**
 * Issue 10 §1: the registry, the service, the CLI, the io layer, the shared DTOs and the renderer
 * gain a margin method without naming it. No production source outside
 * `electron/engine/margin/registry.ts` and the method's own folder (`electron/engine/margin/methods/<folder>/`)
 * may contain a registered method id as a quoted literal ('x', "x" or `x`). Tests, benchmarks and
 * scripts may name methods (they exercise them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MARGIN_METHODS } from '../../electron/engine/margin/registry';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED_ROOTS = ['electron', 'shared', 'renderer/src'];
const METHODS_DIR = 'electron/engine/margin/methods/';

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|svelte)$/.test(name) && !/\.(test|test-d|spec)\.ts$/.test(name) && !/\.svelte\.test\.ts$/.test(name)) yield path;
  }
}

/** Whether `text` holds `id` as a whole quoted literal. */
function quotes(text: string, id: string): boolean {
  const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`['"\`]${esc}['"\`]`).test(text);
}

describe('method ids live only in the registry and their own folder', () => {
  const ids = Object.keys(MARGIN_METHODS);

  it('the registry lists methods', () => {
    expect(ids.length).toBeGreaterThan(1);
  });

  it('no production source elsewhere writes a method id', () => {
    const offenders: string[] = [];
    for (const r of SCANNED_ROOTS) {
      for (const file of sources(join(ROOT, r))) {
        const rel = relative(ROOT, file).split(sep).join('/');
        if (rel === 'electron/engine/margin/registry.ts') continue;
        const text = readFileSync(file, 'utf8');
        for (const id of ids) {
          if (!quotes(text, id)) continue;
          // Inside methods/: only the folder that defines the id (its id.ts) may write it.
          if (rel.startsWith(METHODS_DIR)) {
            const folder = rel.slice(METHODS_DIR.length).split('/')[0];
            const own = readdirSync(join(ROOT, METHODS_DIR, folder)).includes('id.ts') && quotes(readFileSync(join(ROOT, METHODS_DIR, folder, 'id.ts'), 'utf8'), id);
            if (own) continue;
          }
          offenders.push(`${rel}: "${id}"`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check finds an id where it is written (the scan can fail)', () => {
    expect(quotes(`const x = '${ids[0]}';`, ids[0])).toBe(true);
    expect(quotes(`const x = '${ids[0]}-other';`, ids[0])).toBe(false);
  });
});
