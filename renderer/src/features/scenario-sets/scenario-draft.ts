/**
 * The scenario sets view's editable form of a scenario-set document (issue 13 §4; the stored
 * format is docs/formats.md `pmdesk/scenario-set.schema.json`, validated again by the service's
 * `parseScenarioSet`): per scenario a label, a move in percent per underlying (and one for every
 * other underlying), one vol shock for all of them — relative (+50 % → σ·1.5) or absolute (vol
 * points: +5 → σ + 0.05) — and a number of days later ("BTC −25 %, ETH −30 %, vols +50 %, 7 days
 * later"). Percent texts become JSON numbers by shifting the decimal point (decimal.js), so
 * "−12.5" is stored as −0.125, the double nearest that decimal. A stored set this form cannot
 * show (term-scaled vol shocks, P&L weights, different vol shocks per underlying) is refused by
 * `draftOfSet` with the reason, never rewritten.
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40 });

/** One scenario as the view edits it (texts as typed). */
export interface ScenarioRow {
  id: string;
  label: string;
  /** Move of index and forwards in percent per underlying ("" = 0). */
  moves: Record<string, string>;
  /** Move of every underlying not in `moves` ("" = 0). */
  otherMove: string;
  volMode: 'none' | 'relative' | 'absolute';
  /** relative: percent of the vol (50 = σ·1.5); absolute: vol points (5 = σ + 0.05). */
  vol: string;
  /** Days later ("" = 0). */
  days: string;
}

export interface ScenarioSetDraft {
  name: string;
  smile: 'sticky-strike' | 'sticky-moneyness';
  /** The underlyings shown as columns (each row's `moves` may name only these). */
  underlyings: string[];
  scenarios: ScenarioRow[];
}

/** An edit or document the form refuses: `item` names the field. */
export class ScenarioDraftError extends Error {
  constructor(readonly item: string, readonly reason: string) {
    super(`${item}: ${reason}`);
    this.name = 'ScenarioDraftError';
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** "−25" (Unicode minus or hyphen, optional %) as a decimal string shifted by `shift` places (−2: percent → fraction). */
function decimalOf(text: string, item: string, what: string, shift: number): Decimal {
  const t = text.trim().replace(/%$/, '').trim().replace(/^\u2212/, '-');
  if (t === '') return new D(0);
  if (!NUMBER.test(t)) throw new ScenarioDraftError(item, `"${text}" is not ${what}`);
  return new D(t).mul(new D(10).pow(shift));
}

/** A number as percent text (−0.25 → "-25"), exact for the decimal the double prints as. */
const percentText = (x: number, shift = 2): string => (x === 0 ? '' : new D(String(x)).mul(new D(10).pow(shift)).toString());

/** Underlyings of a book's symbols ("BTC_USDC-PERPETUAL" → BTC), sorted. */
export function underlyingsOf(symbols: readonly string[]): string[] {
  return [...new Set(symbols.map((s) => s.split(/[-_]/)[0]!.toUpperCase()).filter((u) => /^[A-Z0-9]{2,12}$/.test(u)))].sort();
}

/** A new scenario with an id not used in `d`. */
export function newScenario(d: ScenarioSetDraft, label?: string): ScenarioRow {
  const used = new Set(d.scenarios.map((s) => s.id));
  let k = d.scenarios.length + 1;
  while (used.has(`s${k}`)) k++;
  return { id: `s${k}`, label: label ?? `Scenario ${k}`, moves: {}, otherMove: '', volMode: 'none', vol: '', days: '' };
}

/** A new set over `underlyings` with one example scenario per the issue. */
export function newSetDraft(underlyings: string[], name = 'New scenario set'): ScenarioSetDraft {
  const d: ScenarioSetDraft = { name, smile: 'sticky-strike', underlyings, scenarios: [] };
  const row = newScenario(d, 'Scenario 1');
  return { ...d, scenarios: [row] };
}

/** Name of the row for messages: "scenario 2 (BTC crash)". */
const rowName = (d: ScenarioSetDraft, i: number) => `scenario ${i + 1} (${d.scenarios[i]!.label || d.scenarios[i]!.id})`;

/** The document the draft stands for (throws ScenarioDraftError naming the item). */
export function setOfDraft(d: ScenarioSetDraft): unknown {
  const name = d.name.trim();
  if (name === '') throw new ScenarioDraftError('name', 'a scenario set needs a name');
  if (name.length > 200) throw new ScenarioDraftError('name', 'at most 200 characters');
  if (d.scenarios.length === 0) throw new ScenarioDraftError('scenarios', 'a set needs at least one scenario');
  const ids = new Set<string>();
  const scenarios = d.scenarios.map((s, i) => {
    const at = rowName(d, i);
    if (ids.has(s.id)) throw new ScenarioDraftError(at, `duplicate id ${s.id}`);
    ids.add(s.id);
    const label = s.label.trim();
    if (label === '') throw new ScenarioDraftError(at, 'a scenario needs a label');
    if (label.length > 200) throw new ScenarioDraftError(at, 'label: at most 200 characters');
    const move = (text: string, item: string): number => {
      const m = decimalOf(text, `${at} ${item}`, 'a move in percent such as -25', -2);
      if (!m.gt(-1)) throw new ScenarioDraftError(`${at} ${item}`, `a price cannot fall 100 % or more (got ${text} %)`);
      if (m.gt(100)) throw new ScenarioDraftError(`${at} ${item}`, `at most +10,000 % (got ${text} %)`);
      return m.toNumber();
    };
    let vol: { kind: 'none' } | { kind: 'relative'; factor: number } | { kind: 'absolute'; shift: number } = { kind: 'none' };
    if (s.volMode === 'relative') {
      const f = decimalOf(s.vol, `${at} vol`, 'a vol change in percent such as 50', -2);
      if (!f.gt(-1)) throw new ScenarioDraftError(`${at} vol`, `a relative vol change must be above -100 % (got ${s.vol} %)`);
      vol = { kind: 'relative', factor: f.toNumber() };
    } else if (s.volMode === 'absolute') {
      const p = decimalOf(s.vol, `${at} vol`, 'vol points such as 5', -2);
      if (p.abs().gt(5)) throw new ScenarioDraftError(`${at} vol`, `at most ±500 vol points (got ${s.vol})`);
      vol = { kind: 'absolute', shift: p.toNumber() };
    }
    const days = decimalOf(s.days, `${at} days later`, 'a number of days such as 7', 0);
    if (days.lt(0) || days.gt(3650)) throw new ScenarioDraftError(`${at} days later`, `must be 0 to 3650 days (got ${s.days})`);
    const shocks: Record<string, unknown> = {};
    for (const u of d.underlyings) shocks[u] = { move: move(s.moves[u] ?? '', `${u} move`), ...(vol.kind === 'none' ? {} : { vol }) };
    const other = move(s.otherMove, 'other underlyings move');
    return {
      id: s.id, label,
      shocks,
      defaultShock: { move: other, ...(vol.kind === 'none' ? {} : { vol }) },
      ...(days.isZero() ? {} : { timeShiftDays: days.toNumber() }),
    };
  });
  return { id: slug(name), name, version: '1', smile: d.smile, scenarios };
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'custom';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The form of a stored set, over `underlyings` plus any it names; refused (with the reason) when the form cannot show it. */
export function draftOfSet(json: unknown, underlyings: readonly string[]): ScenarioSetDraft {
  if (!isObj(json) || !Array.isArray(json['scenarios'])) throw new ScenarioDraftError('scenario set', 'not a scenario-set document');
  const cols = new Set(underlyings);
  for (const s of json['scenarios'] as unknown[]) if (isObj(s) && isObj(s['shocks'])) for (const u of Object.keys(s['shocks'])) cols.add(u);
  const columns = [...cols].sort();
  const scenarios = (json['scenarios'] as unknown[]).map((s, i): ScenarioRow => {
    const at = `scenario ${i + 1}`;
    if (!isObj(s)) throw new ScenarioDraftError(at, 'not an object');
    const shocks = isObj(s['shocks']) ? s['shocks'] : {};
    const all: [string, unknown][] = [...Object.entries(shocks), ...(s['defaultShock'] === undefined ? [] : [['other', s['defaultShock']] as [string, unknown]])];
    let volKey: string | undefined;
    let vol: Obj | undefined;
    for (const [u, x] of all) {
      if (!isObj(x)) throw new ScenarioDraftError(`${at} ${u}`, 'not a shock');
      if (x['pnlWeight'] !== undefined) throw new ScenarioDraftError(`${at} ${u}`, 'P&L weights are not shown in this view (edit the file)');
      const v = isObj(x['vol']) && x['vol']['kind'] !== 'none' ? x['vol'] : undefined;
      const key = JSON.stringify(v ?? null);
      if (volKey === undefined) { volKey = key; vol = v; } else if (key !== volKey) throw new ScenarioDraftError(at, 'different vol shocks per underlying are not shown in this view (edit the file)');
    }
    let volMode: ScenarioRow['volMode'] = 'none';
    let volText = '';
    if (vol) {
      if (vol['kind'] === 'relative' && typeof vol['factor'] === 'number') { volMode = 'relative'; volText = percentText(vol['factor']); }
      else if (vol['kind'] === 'absolute' && typeof vol['shift'] === 'number') { volMode = 'absolute'; volText = percentText(vol['shift']); }
      else throw new ScenarioDraftError(at, `${String(vol['kind'])} vol shocks are not shown in this view (edit the file)`);
    }
    if (vol && s['defaultShock'] === undefined) throw new ScenarioDraftError(at, 'a vol shock without a default shock (other underlyings keep their vols) is not shown in this view');
    const def = isObj(s['defaultShock']) ? s['defaultShock'] : undefined;
    // A column the scenario does not name takes its default shock (or no move), as the engine reads it.
    const moves: Record<string, string> = {};
    for (const u of columns) {
      const x = shocks[u];
      moves[u] = percentText(((isObj(x) ? x : def)?.['move'] as number | undefined) ?? 0);
    }
    const days = typeof s['timeShiftDays'] === 'number' ? s['timeShiftDays'] : 0;
    return {
      id: typeof s['id'] === 'string' ? s['id'] : `s${i + 1}`, label: typeof s['label'] === 'string' ? s['label'] : String(s['id'] ?? `Scenario ${i + 1}`),
      moves, otherMove: def ? percentText(def['move'] as number) : '', volMode, vol: volText, days: days === 0 ? '' : String(days),
    };
  });
  const smile = json['smile'] === 'sticky-moneyness' ? 'sticky-moneyness' : 'sticky-strike';
  return { name: typeof json['name'] === 'string' ? json['name'] : 'custom scenarios', smile, underlyings: columns, scenarios };
}
