/**
 * `npm run test:soak` reaches every fuzz test (issue 11 §2: 10,000 cases per path in the soak, a
 * seeded few hundred in `npm test`). A test file that fuzzes reads its case count from
 * `PMDESK_FUZZ_CASES` (no hard-coded count), and the soak's fuzz run names a filter matching it —
 * a new fuzz test outside test/fuzz would otherwise run only its default count, even in the soak.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const SELF = relative(ROOT, __filename).replaceAll('\\', '/');

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'e2e' ? [] : testFiles(rel);
    return e.name.endsWith('.test.ts') && rel !== SELF ? [rel] : [];
  });
}

/** The file filters of the soak's `PMDESK_FUZZ_CASES=… vitest run <filters>` step. */
function soakFuzzFilters(): { cases: number; filters: string[] } {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['test:soak'] ?? '';
  const step = script.split('&&').map((s) => s.trim()).find((s) => /PMDESK_FUZZ_CASES=\d+/.test(s));
  if (!step) return { cases: 0, filters: [] };
  const cases = Number(/PMDESK_FUZZ_CASES=(\d+)/.exec(step)![1]);
  const args = step.slice(step.indexOf('vitest run') + 'vitest run'.length).trim().split(/\s+/).filter((a) => a !== '' && !a.startsWith('-'));
  return { cases, filters: args };
}

describe('the soak covers every fuzz test', () => {
  const files = ['electron', 'shared', 'renderer', 'test'].flatMap(testFiles);
  const fuzzing = files.filter((f) => /fuzz/i.test(readFileSync(join(ROOT, f), 'utf8')));

  it('every test file that fuzzes reads PMDESK_FUZZ_CASES', () => {
    expect(fuzzing.length).toBeGreaterThanOrEqual(5);
    expect(fuzzing.filter((f) => !readFileSync(join(ROOT, f), 'utf8').includes("process.env['PMDESK_FUZZ_CASES']"))).toEqual([]);
  });

  it('test:soak runs each of them with 10,000 cases', () => {
    const { cases, filters } = soakFuzzFilters();
    expect(cases).toBe(10_000);
    expect(fuzzing.filter((f) => !filters.some((flt) => f.includes(flt)))).toEqual([]);
  });
});
