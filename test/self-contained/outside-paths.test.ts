/**
 * Nothing in the project reads a path outside its checkout (issue 11 §1): a clone of pmdesk alone
 * must pass `npm test`. Every source, script and config file is scanned for path literals that
 * resolve outside the repository root — relative literals (`'../../../shared/refdata/x.json'`,
 * `join(__dirname, '..', '..', '..')`, `new URL('../..', import.meta.url)`) are resolved from the
 * file's own folder — and for absolute paths into home or team folders (`/work/`, `/home/`, …).
 * System tools (e.g. `/usr/bin/chromium` for Playwright) are not project data and are allowed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', 'release', 'reports', 'test-results', 'playwright-report', '.vite']);
const SCANNED = /\.(ts|mts|cts|js|mjs|cjs|svelte|json|sh|yml|yaml)$|^run$/;
/** Absolute locations that would be another machine's (or this team's) folders, never the clone's. */
const FOREIGN_ABSOLUTE = /^(\/work\/|\/home\/|\/Users\/|\/root\/|\/mnt\/|[A-Za-z]:\\)|(^|\/)shared\/refdata(\/|$)/;

function* projectFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) yield* projectFiles(path);
    else if (SCANNED.test(name) && st.size < 2_000_000) yield path;
  }
}

/** A string literal and, when it is one of several literal arguments in a row (`'..', '..'`), the run joined. */
const LITERAL_RUN = /(?:(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1\s*,\s*)*(['"`])((?:(?!\3)[^\\\n]|\\.)*)\3/g;
const ONE_LITERAL = /(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;

export interface OutsideRead {
  line: number;
  text: string;
  why: string;
}

/** Path literals of `source` (a file in `dir`) that point outside `root`. Exported for its own test. */
export function outsideReads(source: string, dir: string, root: string): OutsideRead[] {
  const found: OutsideRead[] = [];
  const lines = source.split('\n');
  lines.forEach((lineText, i) => {
    for (const run of lineText.matchAll(LITERAL_RUN)) {
      const parts = [...run[0].matchAll(ONE_LITERAL)].map((m) => m[2]);
      for (const p of parts) {
        if (FOREIGN_ABSOLUTE.test(p)) found.push({ line: i + 1, text: p, why: 'absolute path to a folder outside the checkout' });
      }
      // Relative escapes: a literal (or run of literals) that begins with `..` path segments.
      if (!/^\.\.(\/|$)/.test(parts[0] ?? '')) continue;
      if (!parts.every((p) => /^[\w.@/-]*$/.test(p))) continue;
      const target = resolve(dir, ...parts);
      const rel = relative(root, target);
      if (rel === '..' || rel.startsWith('..' + sep)) found.push({ line: i + 1, text: parts.join("', '"), why: `resolves to ${target}, outside the checkout` });
    }
  });
  return found;
}

describe('no project file reads a path outside the checkout', () => {
  it('the scanner flags the patterns it exists for', () => {
    const dir = join(ROOT, 'test/golden');
    const bad = [
      "const REFDATA = fileURLToPath(new URL('../../../shared/refdata/', import.meta.url));",
      "const DIR = join(__dirname, '../../../shared/refdata/third_party');",
      "const up = join(__dirname, '..', '..', '..', 'x.json');",
      "readFileSync('/work/shared/refdata/black76_values.json');",
    ];
    for (const line of bad) expect(outsideReads(line, dir, ROOT).length, line).toBeGreaterThan(0);
    const good = [
      "const REFDATA = fileURLToPath(new URL('./refdata/', import.meta.url));",
      "import { x } from '../../shared/ipc/api';",
      "const f = join(__dirname, '..', 'fixtures', 'a.json');",
      "executablePath: '/usr/bin/chromium',",
    ];
    for (const line of good) expect(outsideReads(line, dir, ROOT), line).toEqual([]);
  });

  it('every source, script and config file stays inside the repository', () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const file of projectFiles(ROOT)) {
      if (file === fileURLToPath(import.meta.url)) continue; // its own examples above
      scanned++;
      for (const hit of outsideReads(readFileSync(file, 'utf8'), dirname(file), ROOT)) {
        offenders.push(`${relative(ROOT, file)}:${hit.line}: '${hit.text}' — ${hit.why}`);
      }
    }
    console.log(`outside-paths: ${scanned} project files scanned`);
    expect(scanned).toBeGreaterThan(100);
    expect(offenders, offenders.join('\n')).toEqual([]);
  });
});
