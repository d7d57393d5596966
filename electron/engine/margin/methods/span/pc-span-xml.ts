/**
 * Reader for PC-SPAN XML risk-parameter files (`fileFormat` 4.00; shared margin-methods.md §4.5):
 *
 *   <spanFile>/<pointInTime>/<clearingOrg>
 *     <pointDef>  <scanPointDef>×N {point, pairedPoint?, priceScanDef{mult?,numerator,denominator}, volScanDef{…}, weight}
 *                 <deltaPointDef>×M {…, weight}
 *     <ccDef>×K   {cc, currency, pfLink{exch, pfCode}×, somTiers/tier/rate/val?}
 *     <exchange>  {exch, <futPf>{pfCode, <fut>{pe, p, cvf?, scanRate?, ra{a×N, d}}×},
 *                        <oopPf>{pfCode, <series>{pe, <opt>{o (C/P), k, p, ra{a×N, d}}×}×}}
 *
 * `ra` values are CME-signed (loss positive) per contract; `d` is the composite delta. A
 * malformed file is refused with an error naming the element and its line. `spanFileToParams`
 * turns a file into a `span` parameter set (its scan points, and every contract's array under a
 * pmdesk symbol).
 */
import { childrenNamed, parseXml, XmlError, type XmlElement } from './xml-lite';
import type { FileRiskArray, ScanFraction, ScanPoint } from './span-params';

export { XmlError } from './xml-lite';

export interface SpanContract {
  exch: string;
  pfCode: string;
  kind: 'future' | 'option';
  /** Period code as written (`20261225` or `202612`). */
  pe: string;
  strike?: number;
  right?: 'C' | 'P';
  price: number;
  delta: number;
  /** Losses per contract under each scan point (loss positive). */
  ra: number[];
  line: number;
}

export interface SpanCcDef { cc: string; currency: string; pfLinks: { exch: string; pfCode: string }[]; somRate?: number; line: number }

export interface SpanFile {
  fileFormat: string;
  date: string;
  clearingOrg: string;
  scanPoints: ScanPoint[];
  deltaPoints: { point: number; weight: number }[];
  ccDefs: SpanCcDef[];
  contracts: SpanContract[];
}

/** A file that parses as XML but does not have the PC-SPAN structure; names the element and line. */
export class SpanFileError extends XmlError {
  constructor(el: XmlElement, message: string) { super(el.line, `<${el.name}>: ${message}`); this.name = 'SpanFileError'; }
}

function one(el: XmlElement, name: string): XmlElement {
  const c = childrenNamed(el, name);
  if (c.length === 0) throw new SpanFileError(el, `missing <${name}>`);
  if (c.length > 1) throw new SpanFileError(c[1], `more than one <${name}> in <${el.name}>`);
  return c[0];
}
function opt(el: XmlElement, name: string): XmlElement | undefined {
  return childrenNamed(el, name)[0];
}
function text(el: XmlElement, name: string): string {
  const c = one(el, name);
  if (c.text === '') throw new SpanFileError(c, 'empty');
  return c.text;
}
function numberOf(el: XmlElement): number {
  const v = el.text === '' ? NaN : Number(el.text);
  if (!Number.isFinite(v)) throw new SpanFileError(el, `expected a number, found ${JSON.stringify(el.text)}`);
  return v;
}
function num(el: XmlElement, name: string): number {
  return numberOf(one(el, name));
}

function fraction(el: XmlElement): ScanFraction {
  const m = opt(el, 'mult');
  const denominator = num(el, 'denominator');
  if (denominator === 0) throw new SpanFileError(one(el, 'denominator'), 'must not be 0');
  return { mult: m ? numberOf(m) : 1, numerator: num(el, 'numerator'), denominator };
}

function readRa(el: XmlElement, n: number): { ra: number[]; delta: number } {
  const ra = one(el, 'ra');
  const a = childrenNamed(ra, 'a');
  if (a.length !== n) throw new SpanFileError(ra, `${a.length} <a> values, expected ${n} (one per scanPointDef)`);
  const d = opt(ra, 'd');
  return { ra: a.map(numberOf), delta: d ? numberOf(d) : 0 };
}

/** Parse a PC-SPAN XML file. Throws `XmlError` / `SpanFileError` naming the line (and element) of the first problem. */
export function readPcSpanXml(xml: string): SpanFile {
  const root = parseXml(xml);
  if (root.name !== 'spanFile') throw new SpanFileError(root, 'the root element must be <spanFile>');
  const fileFormat = text(root, 'fileFormat');
  const pit = one(root, 'pointInTime');
  const org = one(pit, 'clearingOrg');
  const pointDef = one(org, 'pointDef');
  const spd = childrenNamed(pointDef, 'scanPointDef');
  if (spd.length === 0) throw new SpanFileError(pointDef, 'no <scanPointDef>');
  const scanPoints: ScanPoint[] = spd.map((s) => {
    const weight = num(s, 'weight');
    if (weight < 0 || weight > 1) throw new SpanFileError(one(s, 'weight'), `${weight} is outside [0, 1]`);
    const paired = opt(s, 'pairedPoint');
    return { point: num(s, 'point'), ...(paired ? { pairedPoint: numberOf(paired) } : {}), priceScanDef: fraction(one(s, 'priceScanDef')), volScanDef: fraction(one(s, 'volScanDef')), weight };
  });
  const seen = new Set<number>();
  for (const [i, p] of scanPoints.entries()) {
    if (seen.has(p.point)) throw new SpanFileError(spd[i], `point ${p.point} defined twice`);
    seen.add(p.point);
  }
  const deltaPoints = childrenNamed(pointDef, 'deltaPointDef').map((d) => ({ point: num(d, 'point'), weight: num(d, 'weight') }));
  const ccDefs: SpanCcDef[] = childrenNamed(org, 'ccDef').map((c) => {
    const som = opt(c, 'somTiers');
    const rate = som ? opt(one(one(som, 'tier'), 'rate'), 'val') : undefined;
    return {
      cc: text(c, 'cc'), currency: text(c, 'currency'), line: c.line,
      pfLinks: childrenNamed(c, 'pfLink').map((l) => ({ exch: text(l, 'exch'), pfCode: text(l, 'pfCode') })),
      ...(rate ? { somRate: numberOf(rate) } : {}),
    };
  });
  const n = scanPoints.length;
  const contracts: SpanContract[] = [];
  for (const ex of childrenNamed(org, 'exchange')) {
    const exch = text(ex, 'exch');
    for (const pf of childrenNamed(ex, 'futPf')) {
      const pfCode = text(pf, 'pfCode');
      for (const f of childrenNamed(pf, 'fut')) contracts.push({ exch, pfCode, kind: 'future', pe: text(f, 'pe'), price: num(f, 'p'), ...readRa(f, n), line: f.line });
    }
    for (const pf of childrenNamed(ex, 'oopPf')) {
      const pfCode = text(pf, 'pfCode');
      for (const s of childrenNamed(pf, 'series')) {
        const pe = text(s, 'pe');
        for (const o of childrenNamed(s, 'opt')) {
          const right = text(o, 'o');
          if (right !== 'C' && right !== 'P') throw new SpanFileError(one(o, 'o'), `expected C or P, found ${JSON.stringify(right)}`);
          contracts.push({ exch, pfCode, kind: 'option', pe, strike: num(o, 'k'), right, price: num(o, 'p'), ...readRa(o, n), line: o.line });
        }
      }
    }
  }
  return { fileFormat, date: text(pit, 'date'), clearingOrg: text(org, 'ec'), scanPoints, deltaPoints, ccDefs, contracts };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * The pmdesk (Deribit-style) symbol of a contract: `<pfCode>-<DMMMYY>` for a future,
 * `<pfCode>-<DMMMYY>-<strike>-<C|P>` for an option, from a `YYYYMMDD` period code; other period
 * codes keep the code as written (`<pfCode>-<pe>`).
 */
export function pmdeskSymbol(c: SpanContract): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(c.pe);
  const date = m ? `${Number(m[3])}${MONTHS[Number(m[2]) - 1] ?? m[2]}${m[1].slice(2)}` : c.pe;
  return c.kind === 'future' ? `${c.pfCode}-${date}` : `${c.pfCode}-${date}-${c.strike}-${c.right}`;
}

/**
 * A `span` parameter set from a file: its scan points, and each contract's array and delta under
 * `symbolOf(contract)` with the combined commodity whose `pfLink` names the contract's product.
 */
export function spanFileToParams(file: SpanFile, symbolOf: (c: SpanContract) => string = pmdeskSymbol): { name: string; version: string; scanPoints: ScanPoint[]; riskArrays: Record<string, FileRiskArray> } {
  const ccOf = new Map<string, string>();
  for (const d of file.ccDefs) for (const l of d.pfLinks) ccOf.set(`${l.exch}|${l.pfCode}`, d.cc);
  const riskArrays: Record<string, FileRiskArray> = {};
  for (const c of file.contracts) {
    const cc = ccOf.get(`${c.exch}|${c.pfCode}`) ?? c.pfCode;
    riskArrays[symbolOf(c)] = { ra: c.ra, delta: c.delta, cc };
  }
  return { name: `PC-SPAN ${file.clearingOrg} ${file.date}`, version: file.fileFormat, scanPoints: file.scanPoints, riskArrays };
}
