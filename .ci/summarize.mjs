// Prints `N passed, N failed` per runner from the Vitest and Playwright JSON reports (and a total).
// A runner whose report is missing (an earlier stage failed) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

function vitest() {
  const f = 'reports/vitest.json';
  if (!existsSync(f)) return { passed: 0, failed: 1, missing: true };
  const r = JSON.parse(readFileSync(f, 'utf8'));
  return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0) };
}

function playwright() {
  const f = 'reports/playwright.json';
  if (!existsSync(f)) return { passed: 0, failed: 1, missing: true };
  const r = JSON.parse(readFileSync(f, 'utf8'));
  const s = r.stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

const v = vitest();
const p = playwright();
console.log(`vitest: ${v.passed} passed, ${v.failed} failed${v.missing ? ' (no report: an earlier stage failed)' : ''}`);
console.log(`playwright: ${p.passed} passed, ${p.failed} failed${p.skipped ? `, ${p.skipped} skipped` : ''}${p.missing ? ' (no report: an earlier stage failed)' : ''}`);
console.log(`${v.passed + p.passed} passed, ${v.failed + p.failed} failed`);
process.exitCode = v.failed + p.failed > 0 ? 1 : 0;
