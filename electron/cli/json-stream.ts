/**
 * `JSON.stringify(value, null, indent)` produced in pieces (issue 12 §3): a 20,000-position margin
 * result is written to stdout a slice at a time instead of as one string of tens of megabytes.
 * The concatenated pieces are byte-identical to `JSON.stringify(value, null, indent)`
 * (json-stream.test.ts checks this on generated values), so the determinism guarantees of
 * `pmdesk margin` hold unchanged. Arrays and objects are walked; every leaf, and every value
 * with a `toJSON` method, is left to `JSON.stringify` itself, and so is each container nested
 * deeper than a few levels (re-indented; one position row of a result, say). An array of such
 * rows is written a slice of rows per `JSON.stringify` call (`sliced`): as fast as one
 * `JSON.stringify` of the whole value (~22 ms CPU for the 20k-position result, was ~60 ms cold
 * with a call per row), pieces of about 8 K characters joined into writes of about 64 K.
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
    // A piece that would overflow the chunk goes out first: writes stay near `chunkChars`
    // (a single longer piece — one huge row — is written on its own).
    if (this.buf.length > 0 && this.buf.length + s.length > this.chunkChars) { this.write(this.buf); this.buf = ''; }
    this.buf += s;
    if (this.buf.length >= this.chunkChars) { this.write(this.buf); this.buf = ''; }
  }
  end(): void { if (this.buf) this.write(this.buf); this.buf = ''; }
}

function skipped(e: unknown): boolean {
  return e === undefined || typeof e === 'function' || typeof e === 'symbol';
}

/** Characters aimed at per `sliced` piece (well under the sink's chunk). */
const SLICE_CHARS = 1 << 13;

/**
 * An array whose items are each left to `JSON.stringify` (a result's 20,000 contribution rows),
 * written a slice of items at a time: `JSON.stringify(slice, null, indent)` without its brackets,
 * re-indented — the same text as one call per item joined by `,\n`, in far fewer calls and
 * pieces. The slice length adapts to the items' size so each piece is about `SLICE_CHARS`.
 */
function sliced(out: Sink, v: unknown[], indent: string, pad: string): void {
  out.push('[\n');
  let take = 16;
  for (let i = 0; i < v.length;) {
    const end = Math.min(v.length, i + take);
    // JSON.stringify([a, b], null, I) is "[\n" + I + a' + ",\n" + I + b' + "\n]" (a', b' indented by I)
    const text = JSON.stringify(end - i === v.length ? v : v.slice(i, end), null, indent);
    const body = text.slice(2, text.length - 2);
    out.push((i > 0 ? ',\n' : '') + (pad ? pad + body.replace(/\n/g, `\n${pad}`) : body));
    take = Math.max(1, Math.round((SLICE_CHARS * (end - i)) / Math.max(1, body.length)));
    i = end;
  }
  out.push(`\n${pad}]`);
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
    if (depth + 1 >= WALK_DEPTH) { sliced(out, v, indent, pad); return; }
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
