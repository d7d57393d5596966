/**
 * `JSON.stringify(value, null, indent)` produced in pieces (issue 12 §3): a 20,000-position margin
 * result is written to stdout a slice at a time instead of as one string of tens of megabytes.
 * The concatenated pieces are byte-identical to `JSON.stringify(value, null, indent)`
 * (json-stream.test.ts checks this on generated values), so the determinism guarantees of
 * `pmdesk margin` hold unchanged. Arrays and objects are walked; every leaf, and every value
 * with a `toJSON` method, is left to `JSON.stringify` itself, and so is each container nested
 * deeper than a few levels (re-indented; one position row of a result, say).
 */

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Containers nested deeper than this are written by one `JSON.stringify` call each (re-indented). */
const WALK_DEPTH = 4;

class Sink {
  private buf = '';
  constructor(private readonly write: (text: string) => void, private readonly chunkChars: number) {}
  push(s: string): void {
    this.buf += s;
    if (this.buf.length >= this.chunkChars) { this.write(this.buf); this.buf = ''; }
  }
  end(): void { if (this.buf) this.write(this.buf); this.buf = ''; }
}

function skipped(e: unknown): boolean {
  return e === undefined || typeof e === 'function' || typeof e === 'symbol';
}

function walk(out: Sink, v: unknown, indent: string, pad: string, depth: number): void {
  if (!isContainer(v)) { out.push(JSON.stringify(v) ?? 'null'); return; }
  if (depth >= WALK_DEPTH) {
    // JSON text never holds a raw newline inside a string, so every \n is a line break to re-indent
    const text = JSON.stringify(v, null, indent);
    out.push(pad ? text.replace(/\n/g, `\n${pad}`) : text);
    return;
  }
  const inner = pad + indent;
  if (Array.isArray(v)) {
    if (v.length === 0) { out.push('[]'); return; }
    out.push(`[\n${inner}`);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(`,\n${inner}`);
      const e: unknown = v[i];
      // JSON.stringify writes undefined, functions and symbols inside arrays as null
      if (skipped(e)) out.push('null');
      else walk(out, e, indent, inner, depth + 1);
    }
    out.push(`\n${pad}]`);
    return;
  }
  let first = true;
  for (const k of Object.keys(v)) {
    const e = v[k];
    if (skipped(e)) continue;
    out.push(`${first ? '{\n' : ',\n'}${inner}${JSON.stringify(k)}: `);
    first = false;
    walk(out, e, indent, inner, depth + 1);
  }
  out.push(first ? '{}' : `\n${pad}}`);
}

/**
 * Write `JSON.stringify(value, null, indent)` through `write` in pieces of about `chunkChars`
 * characters (small pieces are joined, so the writer sees few large writes).
 */
export function writeJsonChunks(write: (text: string) => void, value: unknown, indent = 2, chunkChars = 1 << 16): void {
  const out = new Sink(write, chunkChars);
  walk(out, value, ' '.repeat(indent), '', 0);
  out.end();
}

/** The pieces {@link writeJsonChunks} writes, as an array (tests). */
export function jsonChunks(value: unknown, indent = 2, chunkChars = 1 << 16): string[] {
  const pieces: string[] = [];
  writeJsonChunks((t) => pieces.push(t), value, indent, chunkChars);
  return pieces;
}

/** Write `value` as indented JSON plus a newline through `write`, one chunk at a time. */
export function writeJson(write: (text: string) => void, value: unknown, indent = 2): void {
  writeJsonChunks(write, value, indent);
  write('\n');
}
