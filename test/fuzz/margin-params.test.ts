/**
 * Parameter-set bound fuzz for every registered method (issue 11 §2, "parameter sets at and past
 * every bound"): for each numeric parameter a method declares (`MarginMethod.numericParams`),
 * values at each bound, just inside and just past it, and nonsense (NaN, ±Infinity, 1e400, -0,
 * '', a huge string, hex and padded text, null, true, {}, []), alone and several fields at once.
 * The rule: a value inside the declared bound is accepted by the method's parser and the run on
 * the demo book gives finite, non-negative IM and MM; a value outside it (or not a number) is
 * refused with a `ParamsError` naming the field (every bad field of a set, at once); nothing is
 * silently accepted. Decimal text ("0.5") may be accepted as that number (deribit-pm reads
 * Deribit's numeric strings) but never other text. Seeded; the boundary cases always, then
 * random ones up to `PMDESK_FUZZ_CASES` per method (default 200; `npm run test:soak` 10,000).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inBound } from '../../electron/engine/margin/param-fields';
import { ParamsError } from '../../electron/engine/margin/params';
import { parsePath, withParamAt, type NumericParam } from '../../electron/engine/margin/numeric-params';
import { MARGIN_METHODS, runMargin } from '../../electron/engine/margin/registry';
import type { MarginMethod } from '../../electron/engine/margin/method-contract';
import { prng } from '../../electron/engine/margin/synthetic-book';
import demoPortfolio from '../../electron/service/demo/demo-portfolio.json';
import demoMarket from '../../electron/service/demo/demo-market.json';

const CASES = Number(process.env['PMDESK_FUZZ_CASES'] ?? 200);
const SEED = Number(process.env['PMDESK_FUZZ_SEED'] ?? 11_2026);
/** Per-test time allowance grows with the case count (the soak runs 10,000 per method); not an assertion on speed. */
const TIMEOUT = 60_000 + CASES * 60;
const PORTFOLIO = { name: demoPortfolio.name, balances: demoPortfolio.balances, positions: demoPortfolio.positions.map((q, i) => ({ id: `p${i + 1}`, instrument: q.instrument, size: q.size })) };

/** A value and whether the declared bound admits it (`text`: decimal text, accepted or refused, never anything else). */
interface Case { value: unknown; kind: string; valid: boolean | 'text' }

const DECIMAL_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A small step past `x` away from the bound's inside (relative for large magnitudes). */
const eps = (x: number) => Math.max(Math.abs(x) * 1e-9, 1e-9);

function boundaryCases(p: NumericParam, def: unknown): Case[] {
  const b = p.bound;
  const out: Case[] = [];
  const add = (value: number, kind: string) => out.push({ value, kind, valid: inBound(b, value) });
  if (Number.isFinite(b.min)) {
    add(b.min, 'at min');
    add(b.integer ? b.min - 1 : b.min - eps(b.min), 'past min');
    if (!b.integer) add(b.min + eps(b.min), 'inside min');
  }
  if (Number.isFinite(b.max)) {
    add(b.max, 'at max');
    add(b.integer ? b.max + 1 : b.max + eps(b.max), 'past max');
    if (!b.integer) add(b.max - eps(b.max), 'inside max');
  } else add(1e12, 'large');
  if (b.integer) add((Number.isFinite(b.min) ? b.min : 0) + 0.5, 'not an integer');
  if (typeof def === 'number') add(def, 'default');
  add(-0, '-0');
  for (const [value, kind] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [Number('1e400'), '1e400 (number)'],
    ['1e400', '1e400 (text)'], ['NaN', 'NaN (text)'], ['', 'empty text'], [' ', 'blank text'], ['x'.repeat(100_000), 'huge text'],
    ['0x10', 'hex text'], [' 1 ', 'padded text'], ['1,5', 'comma text'], [null, 'null'], [true, 'true'], [{}, 'object'], [[], 'array']] as const) {
    out.push({ value, kind, valid: false });
  }
  if (typeof def === 'number') out.push({ value: String(def), kind: 'decimal text', valid: 'text' });
  return out;
}

/** A random case of `p`: mostly near the bounds, some nonsense. */
function randomCase(p: NumericParam, def: unknown, r: () => number): Case {
  const all = boundaryCases(p, def);
  const c = all[Math.floor(r() * all.length)];
  // Half the time, a random real inside a finite bound instead (integers: the bound's ends only, cross-field rules such as an even count apply).
  const b = p.bound;
  if (r() < 0.3 && !b.integer && Number.isFinite(b.min) && Number.isFinite(b.max)) {
    const x = b.min + (b.max - b.min) * (0.001 + 0.998 * r());
    return { value: x, kind: 'random inside', valid: inBound(b, x) };
  }
  return c;
}

function valueAt(root: unknown, path: string): unknown {
  let x = root;
  for (const s of parsePath(path)) x = (x as Record<string | number, unknown> | undefined)?.[s];
  return x;
}

const tried: Record<string, Record<string, number>> = {};
afterAll(() => {
  const lines = Object.entries(tried).map(([m, kinds]) => `${m.padEnd(18)} ${String(Object.values(kinds).reduce((a, b) => a + b, 0)).padStart(6)}  ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`parameter-set bound fuzz (seed ${SEED}), cases tried per method:\n${lines.join('\n')}`);
});

/** Check one parameter set (`cases[i]` at `params[i]`); returns a failure text or undefined. */
function check(m: MarginMethod, defaults: unknown, fields: { p: NumericParam; c: Case }[], outcome: { crossField?: boolean; textRefused?: boolean; accepted?: boolean } = {}): string | undefined {
  let json: unknown = undefined;
  for (const { p, c } of fields) json = withParamAt(json, defaults, p.example, c.value);
  const show = () => fields.map(({ p, c }) => `${p.example} = ${typeof c.value === 'string' ? JSON.stringify(c.value.slice(0, 20)) : Object.is(c.value, -0) ? '-0' : JSON.stringify(c.value) ?? String(c.value)} (${c.kind})`).join(', ');
  const bad = fields.filter(({ c }) => c.valid === false);
  let parsed = true;
  try { m.parseParams(json); } catch (e) {
    if (!(e instanceof ParamsError)) return `${show()}: threw ${(e as Error).name} ${(e as Error).message}, not a ParamsError`;
    parsed = false;
    const text = e.message;
    if (bad.length === 0) {
      // Inside every declared bound: only a cross-field rule of the method may refuse it (TIMS: an
      // even count; SPAN: the deepest scan move must keep the price above 0), naming a field given.
      // Counted apart, and a parameter none of whose inside values is accepted fails below.
      if (fields.some(({ p, c }) => c.valid === true && text.includes(p.example))) { outcome.crossField = true; return undefined; }
      if (fields.some(({ p, c }) => c.valid === 'text' && text.includes(p.example))) { outcome.textRefused = true; return undefined; }
      return `${show()}: refused although inside the bounds: ${text}`;
    }
    for (const { p } of bad) if (!text.includes(p.example)) return `${show()}: the error does not name ${p.example}: ${text.slice(0, 300)}`;
  }
  if (!parsed) return undefined;
  if (bad.length > 0) return `${show()}: silently accepted`;
  for (const { p, c } of fields) if (c.valid === 'text' && !DECIMAL_TEXT.test(String(c.value))) return `${show()}: accepted text at ${p.example}`;
  try {
    const r = runMargin({ methodId: m.id, portfolio: PORTFOLIO, snapshot: demoMarket, params: json, account: false, marginal: false });
    const im = Number(r.totals.initialMarginUsd), mm = Number(r.totals.maintenanceMarginUsd);
    if (!Number.isFinite(im) || !Number.isFinite(mm) || im < 0 || mm < 0) return `${show()}: accepted, margins IM ${r.totals.initialMarginUsd} MM ${r.totals.maintenanceMarginUsd}`;
    outcome.accepted = true;
  } catch (e) {
    // A set the parser takes but the book cannot use must still say which field (e.g. a window longer than the history).
    const text = (e as Error).message;
    if (!fields.some(({ p }) => text.includes(p.example))) return `${show()}: accepted, then the run failed without naming the field: ${(e as Error).name} ${text.slice(0, 300)}`;
  }
  return undefined;
}

describe('parameter sets at and past every bound, for every registered method', { timeout: TIMEOUT }, () => {
  for (const m of Object.values(MARGIN_METHODS)) {
    it(`${m.id}: inside accepted with finite margins, outside refused naming the field`, () => {
      const defaults = m.parseParams(undefined);
      const r = prng(SEED + [...m.id].reduce((a, ch) => a * 31 + ch.charCodeAt(0), 7));
      const kinds = (tried[m.id] ??= {});
      const failures: string[] = [];
      const note = (kind: string) => { kinds[kind] = (kinds[kind] ?? 0) + 1; };
      let n = 0;
      // Every boundary case of every parameter, one field at a time.
      for (const p of m.numericParams) {
        const def = valueAt(defaults, p.example);
        let accepted = 0;
        for (const c of boundaryCases(p, def)) {
          n++;
          const outcome: { crossField?: boolean; textRefused?: boolean; accepted?: boolean } = {};
          const f = check(m, defaults, [{ p, c }], outcome);
          note(outcome.crossField ? `${c.kind}, refused by a cross-field rule` : outcome.textRefused ? `${c.kind}, refused (numbers only)` : c.kind);
          if (outcome.accepted) accepted++;
          if (f && failures.length < 12) failures.push(f);
        }
        if (accepted === 0) failures.push(`${p.example}: no value inside the bound ran`);
      }
      // Then random sets of one to three fields, up to CASES in all.
      for (; n < CASES && m.numericParams.length > 0; n++) {
        const k = 1 + Math.floor(r() * Math.min(3, m.numericParams.length));
        const ps = new Set<NumericParam>();
        while (ps.size < k) ps.add(m.numericParams[Math.floor(r() * m.numericParams.length)]);
        const fields = [...ps].map((p) => ({ p, c: randomCase(p, valueAt(defaults, p.example), r) }));
        const outcome: { crossField?: boolean } = {};
        const f = check(m, defaults, fields, outcome);
        note(`${k === 1 ? 'random, one field' : `random, ${k} fields`}${outcome.crossField ? ', refused by a cross-field rule' : ''}`);
        if (f && failures.length < 12) failures.push(f);
      }
      if (m.numericParams.length === 0) {
        // No numeric parameters: any field at all is refused by name.
        for (const key of ['usdDecimals', 'x', '']) {
          n++; note('unknown field');
          try { m.parseParams({ [key]: 1 }); failures.push(`{${key}: 1} silently accepted`); } catch (e) {
            if (!(e instanceof ParamsError) || !e.message.includes(`${key}:`)) failures.push(`{${key}: 1}: ${(e as Error).message}`);
          }
        }
      }
      expect(n).toBeGreaterThan(0);
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }
});
