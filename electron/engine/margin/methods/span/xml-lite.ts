/**
 * A small XML reader for PC-SPAN risk-parameter files (elements, text, attributes, comments,
 * CDATA, the five predefined entities and numeric character references; no DTDs). Every element
 * keeps the line it starts on so a reader can name it in an error. Pure: takes the file's text.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element (trimmed). */
  text: string;
  line: number;
}

/** A malformed file: the message names the line and, where known, the element. */
export class XmlError extends Error {
  constructor(readonly line: number, message: string) { super(`line ${line}: ${message}`); this.name = 'XmlError'; }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, line: number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlError(line, `unknown entity ${m}`);
    return v;
  });
}

const NAME = /^[A-Za-z_][\w.-]*(?::[\w.-]+)?/;

/** Parse `text` into its root element. Throws `XmlError` naming the line (and element) of the first problem. */
export function parseXml(text: string): XmlElement {
  let i = 0, line = 1;
  const n = text.length;
  const advance = (to: number) => { for (let k = i; k < to; k++) if (text.charCodeAt(k) === 10) line++; i = to; };
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let root: XmlElement | undefined;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      const rest = text.slice(i);
      if (stack.length > 0) texts[texts.length - 1].push(decode(rest, line));
      else if (rest.trim() !== '') throw new XmlError(line, 'text after the root element');
      advance(n);
      break;
    }
    if (lt > i) {
      const t = text.slice(i, lt);
      if (stack.length > 0) texts[texts.length - 1].push(decode(t, line));
      else if (t.trim() !== '') throw new XmlError(line, root ? 'text after the root element' : 'text before the root element');
      advance(lt);
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError(line, 'unterminated comment');
      advance(end + 3);
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) throw new XmlError(line, 'unterminated CDATA section');
      if (stack.length === 0) throw new XmlError(line, 'CDATA outside the root element');
      texts[texts.length - 1].push(text.slice(i + 9, end));
      advance(end + 3);
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) throw new XmlError(line, 'unterminated processing instruction');
      advance(end + 2);
    } else if (text.startsWith('<!', i)) {
      throw new XmlError(line, 'DTDs are not supported');
    } else if (text.startsWith('</', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) throw new XmlError(line, 'unterminated end tag');
      const name = text.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open) throw new XmlError(line, `end tag </${name}> without a start tag`);
      if (open.name !== name) throw new XmlError(line, `<${open.name}> (opened on line ${open.line}) closed by </${name}>`);
      open.text = texts.pop()!.join('').trim();
      advance(end + 1);
    } else {
      const start = line;
      const m = NAME.exec(text.slice(i + 1, i + 200));
      if (!m) throw new XmlError(line, 'malformed start tag');
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '', line: start };
      let j = i + 1 + m[0].length;
      // Attributes up to > or />.
      for (;;) {
        while (j < n && /\s/.test(text[j])) j++;
        if (j >= n) throw new XmlError(start, `<${el.name}>: unterminated start tag`);
        if (text[j] === '>' || text.startsWith('/>', j)) break;
        const a = NAME.exec(text.slice(j, j + 200));
        if (!a) throw new XmlError(start, `<${el.name}>: malformed attribute`);
        j += a[0].length;
        while (j < n && /\s/.test(text[j])) j++;
        if (text[j] !== '=') throw new XmlError(start, `<${el.name}>: attribute ${a[0]} without a value`);
        j++;
        while (j < n && /\s/.test(text[j])) j++;
        const q = text[j];
        if (q !== '"' && q !== "'") throw new XmlError(start, `<${el.name}>: attribute ${a[0]} value not quoted`);
        const close = text.indexOf(q, j + 1);
        if (close < 0) throw new XmlError(start, `<${el.name}>: unterminated attribute ${a[0]}`);
        el.attrs[a[0]] = decode(text.slice(j + 1, close), start);
        j = close + 1;
      }
      const selfClosing = text[j] === '/';
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else if (root) throw new XmlError(start, `<${el.name}>: a second root element`);
      else root = el;
      advance(j + (selfClosing ? 2 : 1));
      if (!selfClosing) { stack.push(el); texts.push([]); }
    }
  }
  if (stack.length > 0) { const open = stack[stack.length - 1]; throw new XmlError(line, `<${open.name}> (opened on line ${open.line}) is not closed`); }
  if (!root) throw new XmlError(line, 'no root element');
  return root;
}

/** Children of `el` named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
