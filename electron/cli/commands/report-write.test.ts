/** `writeAtomic` (pmdesk report --out): pieces are written in order, whole, with no temp file left. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomic } from './report';

const dir = mkdtempSync(join(tmpdir(), 'pmdesk-write-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomic', () => {
  it('writes string pieces (UTF-8, many and large) as their concatenation', async () => {
    const pieces = Array.from({ length: 300 }, (_, i) => `{"i": ${i}, "s": "≥ € 𝛔 ${'x'.repeat(i * 97)}"}\n`);
    const out = join(dir, 'a.json');
    writeFileSync(out, 'old contents');
    await writeAtomic(out, pieces);
    expect(readFileSync(out, 'utf8')).toBe(pieces.join(''));
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
  it('writes bytes as they are', async () => {
    const out = join(dir, 'b.bin');
    await writeAtomic(out, new Uint8Array([0, 255, 10, 13]));
    expect([...readFileSync(out)]).toEqual([0, 255, 10, 13]);
  });
  it('a failed write leaves no file and no temp file', async () => {
    await expect(writeAtomic(join(dir, 'missing-dir', 'c.json'), ['x'])).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.bin']);
  });
});
