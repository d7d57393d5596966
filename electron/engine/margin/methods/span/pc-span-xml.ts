/**
 * Reader for PC-SPAN XML risk-parameter files (`fileFormat` 4.00; shared margin-methods.md §4.5):
 *
 *   <spanFile>/<pointInTime>/<clearingOrg>
 *     <pointDef>  <scanPointDef>×N {point, pairedPoint?, priceScanDef{mult?,numerator,denominator}, volScanDef{…}, weight}
 *                 <deltaPointDef>×M {…, weight}
 *     <ccDef>×K   {cc, currency, pfLink{exch, pfCode}×, somTiers/tier/rate/val?,
 *                  intraTiers/tier{tn, sPe?, ePe?}×, interTiers/tier{tn, sPe?, ePe?}×,
 *                  dSpread{spread, chargeMeth?, rate{r?, val}×, (tLeg{cc, tn, rs, i} | pLeg{cc, pe, rs, i})×}×}
 *     <interSpreads> {dSpread{spread, chargeMeth?, rate{r?, val}×, tLeg{cc, tn?, rs, i}×}×}
 *     <exchange>  {exch, <futPf>{pfCode, <fut>{pe, p, cvf?, scanRate?, ra{a×N, d}}×},
 *                        <oopPf>{pfCode, <series>{pe, <opt>{o (C/P), k, p, ra{a×N, d}}×}×}}
 *
 * `ra` values are CME-signed (loss positive) per contract; `d` is the composite delta. Spread
 * definitions follow CME's "Intra Spreads" / "Inter Spreads" reports and the standard-format
 * type 6 record (priority = `spread`, legs with combined commodity, tier or period, side A/B =
 * long/short, delta-per-spread ratio `i`; an inter spread's rate is a credit "in percent"; an
 * intra spread's rate a charge per spread — NSE files: `chargeMeth` F, Rs 425 per NIFTY pair).
 * Tiers are expiry ranges `sPe`..`ePe` (`YYYYMM` or `YYYYMMDD`, inclusive). A malformed file is
 * refused with an error naming the element and its line. `spanFileToParams` turns a file into a
 * `span` parameter set (its scan points, every contract's array under a pmdesk symbol, and its
 * spreads with their tiers as expiry-date ranges).
 */
import { childrenNamed, parseXml, XmlError, type XmlElement } from './xml-lite';
import type { FileRiskArray, InterSpread, IntraSpread, PeriodRange, ScanFraction, ScanPoint } from './span-params';

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

/** A tier of a combined commodity (`intraTiers` / `interTiers`): its number and expiry periods as written. */
export interface SpanTier { tn: number; sPe?: string; ePe?: string; line: number }

/** A spread leg: its cc, tier number (`tLeg`) or period (`pLeg`), side (A long, B short) and delta-per-spread ratio. */
export interface SpanSpreadLeg { cc: string; tn?: number; pe?: string; side: 'A' | 'B'; ratio: number; /** The tier's or period's expiry dates (absent: the whole cc). */ periods?: PeriodRange; line: number }

/** A spread definition (`dSpread`): priority, charge method, rate (`r` 1's, else the first) and legs. */
export interface SpanDSpread { spread: number; chargeMeth?: string; rate: number; legs: SpanSpreadLeg[]; line: number }

export interface SpanCcDef {
  cc: string; currency: string; pfLinks: { exch: string; pfCode: string }[]; somRate?: number;
  intraTiers: SpanTier[]; interTiers: SpanTier[];
  /** Intra-commodity spreads (charge per spread). */
  dSpreads: SpanDSpread[];
  line: number;
}

export interface SpanFile {
  fileFormat: string;
  date: string;
  clearingOrg: string;
  scanPoints: ScanPoint[];
  deltaPoints: { point: number; weight: number }[];
  ccDefs: SpanCcDef[];
  /** Inter-commodity spreads (`interSpreads/dSpread`; rate = credit in percent). */
  interSpreads: SpanDSpread[];
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

/** A period code's first (`start`) or last day as ISO text: `YYYYMM` is the month, `YYYYMMDD` the day. */
function periodDay(el: XmlElement, code: string, edge: 'start' | 'end'): string {
  const m = /^(\d{4})(\d{2})(\d{2})?$/.exec(code);
  const month = m ? Number(m[2]) : 0, day = m?.[3] === undefined ? 1 : Number(m[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > 31) throw new SpanFileError(el, `expected a period YYYYMM or YYYYMMDD, found ${JSON.stringify(code)}`);
  // String order of ISO days is date order; day 31 closes any month.
  return `${m[1]}-${m[2]}-${m[3] ?? (edge === 'start' ? '01' : '31')}`;
}

function readTiers(c: XmlElement, name: 'intraTiers' | 'interTiers'): SpanTier[] {
  const t = opt(c, name);
  if (!t) return [];
  const seen = new Set<number>();
  return childrenNamed(t, 'tier').map((el) => {
    const tn = num(el, 'tn');
    if (seen.has(tn)) throw new SpanFileError(el, `tier ${tn} defined twice in <${name}>`);
    seen.add(tn);
    const s = opt(el, 'sPe'), e = opt(el, 'ePe');
    const tier: SpanTier = { tn, line: el.line, ...(s ? { sPe: s.text } : {}), ...(e ? { ePe: e.text } : {}) };
    const start = s ? periodDay(s, s.text, 'start') : undefined, end = e ? periodDay(e, e.text, 'end') : undefined;
    if (start !== undefined && end !== undefined && start > end) throw new SpanFileError(e!, `tier ${tn} ends (${e!.text}) before it starts (${s!.text})`);
    return tier;
  });
}

function tierPeriods(t: SpanTier, el: XmlElement): PeriodRange | undefined {
  if (t.sPe === undefined && t.ePe === undefined) return undefined;
  return { ...(t.sPe !== undefined ? { start: periodDay(el, t.sPe, 'start') } : {}), ...(t.ePe !== undefined ? { end: periodDay(el, t.ePe, 'end') } : {}) };
}

/**
 * A `dSpread`: `kind` inter (rate = credit in percent, legs `tLeg` in other ccs' `interTiers`)
 * or intra (rate = charge per spread, legs `tLeg` in the cc's `intraTiers` or `pLeg` periods).
 * `tiersOf(cc)` gives a cc's tiers of the kind (undefined: no such cc).
 */
function readDSpread(el: XmlElement, kind: 'inter' | 'intra', tiersOf: (cc: string) => SpanTier[] | undefined, ownCc?: string): SpanDSpread {
  const spread = num(el, 'spread');
  const cm = opt(el, 'chargeMeth');
  const chargeMeth = cm?.text || undefined;
  // Only the rate types this engine applies: WPR credits between ccs (CME "Inter Spreads"), flat charges per spread within one.
  if (kind === 'inter' && chargeMeth !== undefined && chargeMeth.toUpperCase() !== 'WPR') throw new SpanFileError(cm!, `inter-commodity charge method ${JSON.stringify(chargeMeth)} is not supported (only WPR credits)`);
  if (kind === 'intra' && chargeMeth !== undefined && !['F', 'FLAT'].includes(chargeMeth.toUpperCase())) throw new SpanFileError(cm!, `intra-commodity charge method ${JSON.stringify(chargeMeth)} is not supported (only a flat charge per spread, F)`);
  const rates = childrenNamed(el, 'rate');
  if (rates.length === 0) throw new SpanFileError(el, 'missing <rate>');
  const rateEl = rates.find((r) => opt(r, 'r')?.text === '1') ?? rates[0];
  const valEl = one(rateEl, 'val');
  const rate = numberOf(valEl);
  if (kind === 'inter' && (rate < 0 || rate > 100)) throw new SpanFileError(valEl, `credit ${rate} % is outside [0, 100]`);
  if (kind === 'intra' && rate < 0) throw new SpanFileError(valEl, `charge ${rate} is negative`);
  const legEls = el.children.filter((c) => c.name === 'tLeg' || (kind === 'intra' && c.name === 'pLeg'));
  if (kind === 'inter' && childrenNamed(el, 'pLeg').length > 0) throw new SpanFileError(childrenNamed(el, 'pLeg')[0], 'period legs are not supported in inter-commodity spreads (use tLeg)');
  if (legEls.length < 2) throw new SpanFileError(el, `${legEls.length} legs, expected at least 2 (<tLeg>${kind === 'intra' ? ' or <pLeg>' : ''})`);
  const legs = legEls.map((l): SpanSpreadLeg => {
    const ccEl = one(l, 'cc');
    const cc = text(l, 'cc');
    const tiers = tiersOf(cc);
    if (tiers === undefined) throw new SpanFileError(ccEl, `${JSON.stringify(cc)} is not a <ccDef>`);
    if (ownCc !== undefined && cc !== ownCc) throw new SpanFileError(ccEl, `an intra-commodity leg of ccDef ${ownCc} names ${JSON.stringify(cc)}`);
    const rs = text(l, 'rs');
    if (rs !== 'A' && rs !== 'B') throw new SpanFileError(one(l, 'rs'), `expected A or B, found ${JSON.stringify(rs)}`);
    const iEl = one(l, 'i');
    const ratio = numberOf(iEl);
    if (!(ratio > 0)) throw new SpanFileError(iEl, `delta per spread ratio ${ratio} must be above 0`);
    const base = { cc, side: rs, ratio, line: l.line } as const;
    if (l.name === 'pLeg') {
      const peEl = one(l, 'pe');
      return { ...base, pe: peEl.text, periods: { start: periodDay(peEl, peEl.text, 'start'), end: periodDay(peEl, peEl.text, 'end') } };
    }
    const tnEl = opt(l, 'tn');
    if (!tnEl) {
      if (kind === 'intra') throw new SpanFileError(l, 'missing <tn>');
      return base;
    }
    const tn = numberOf(tnEl);
    const tier = tiers.find((t) => t.tn === tn);
    if (!tier) throw new SpanFileError(tnEl, `tier ${tn} is not in <${kind === 'inter' ? 'interTiers' : 'intraTiers'}> of ccDef ${cc}`);
    const periods = tierPeriods(tier, tnEl);
    return { ...base, tn, ...(periods ? { periods } : {}) };
  });
  return { spread, ...(chargeMeth !== undefined ? { chargeMeth } : {}), rate, legs, line: el.line };
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
  const ccEls = childrenNamed(org, 'ccDef');
  const ccDefs: SpanCcDef[] = ccEls.map((c) => {
    const som = opt(c, 'somTiers');
    const rate = som ? opt(one(one(som, 'tier'), 'rate'), 'val') : undefined;
    return {
      cc: text(c, 'cc'), currency: text(c, 'currency'), line: c.line,
      pfLinks: childrenNamed(c, 'pfLink').map((l) => ({ exch: text(l, 'exch'), pfCode: text(l, 'pfCode') })),
      ...(rate ? { somRate: numberOf(rate) } : {}),
      intraTiers: readTiers(c, 'intraTiers'), interTiers: readTiers(c, 'interTiers'), dSpreads: [],
    };
  });
  const ccByCode = new Map<string, SpanCcDef>();
  for (const [i, d] of ccDefs.entries()) {
    if (ccByCode.has(d.cc)) throw new SpanFileError(ccEls[i], `ccDef ${d.cc} defined twice`);
    ccByCode.set(d.cc, d);
  }
  for (const [i, d] of ccDefs.entries()) d.dSpreads = childrenNamed(ccEls[i], 'dSpread').map((el) => readDSpread(el, 'intra', (cc) => ccByCode.get(cc)?.intraTiers, d.cc));
  const inter = childrenNamed(org, 'interSpreads');
  if (inter.length > 1) throw new SpanFileError(inter[1], 'more than one <interSpreads> in <clearingOrg>');
  const interSpreads = inter.length === 0 ? [] : childrenNamed(inter[0], 'dSpread').map((el) => readDSpread(el, 'inter', (cc) => ccByCode.get(cc)?.interTiers));
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
  return { fileFormat, date: text(pit, 'date'), clearingOrg: text(org, 'ec'), scanPoints, deltaPoints, ccDefs, interSpreads, contracts };
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

/** A file leg as a parameter-set leg: side A is +ratio, side B −ratio of net delta per spread. */
function legOf(l: SpanSpreadLeg): { deltaPerSpread: number; periods?: PeriodRange } {
  return { deltaPerSpread: (l.side === 'A' ? 1 : -1) * l.ratio, ...(l.periods ? { periods: l.periods } : {}) };
}

/**
 * A `span` parameter set from a file: its scan points, each contract's array and delta under
 * `symbolOf(contract)` with the combined commodity whose `pfLink` names the contract's product,
 * the inter-commodity spreads (`inter-<spread>`, credit = rate / 100, priority = `spread`) and each
 * ccDef's intra-commodity spreads (`<cc>-<spread>`, charge = rate per spread, in the file's
 * currency taken as USD like its arrays).
 */
export function spanFileToParams(file: SpanFile, symbolOf: (c: SpanContract) => string = pmdeskSymbol): { name: string; version: string; scanPoints: ScanPoint[]; riskArrays: Record<string, FileRiskArray>; interSpreads: InterSpread[]; intraSpreads: IntraSpread[] } {
  const ccOf = new Map<string, string>();
  for (const d of file.ccDefs) for (const l of d.pfLinks) ccOf.set(`${l.exch}|${l.pfCode}`, d.cc);
  const riskArrays: Record<string, FileRiskArray> = {};
  for (const c of file.contracts) {
    const cc = ccOf.get(`${c.exch}|${c.pfCode}`) ?? c.pfCode;
    riskArrays[symbolOf(c)] = { ra: c.ra, delta: c.delta, cc };
  }
  const interSpreads: InterSpread[] = file.interSpreads.map((d) => ({ id: `inter-${d.spread}`, priority: d.spread, credit: d.rate / 100, legs: d.legs.map((l) => ({ cc: l.cc, ...legOf(l) })) }));
  const intraSpreads: IntraSpread[] = file.ccDefs.flatMap((c) => c.dSpreads.map((d) => ({ id: `${c.cc}-${d.spread}`, cc: c.cc, priority: d.spread, charge: d.rate, legs: d.legs.map(legOf) })));
  return { name: `PC-SPAN ${file.clearingOrg} ${file.date}`, version: file.fileFormat, scanPoints: file.scanPoints, riskArrays, interSpreads, intraSpreads };
}
