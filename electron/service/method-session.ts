/**
 * Incremental runs of every method with a session (`MarginMethod.session`, method-contract.ts)
 * for the service: a small LRU of sessions, each holding one method's `MethodSession` for one
 * (method, portfolio id, snapshot, parameters) and the book as last seen (raw rows and their
 * parse). A run on a cached session diffs the incoming positions against the session's by id,
 * parses only the changed and added rows, hands the differences to the method's session
 * (`set` / `remove`) and asks it for the result of the whole book as it now is — which the
 * method's session guarantees equal to its fresh run (or builds afresh). Deribit-style methods
 * have their own cache (margin-session.ts, account-view probes kept); this one serves the others.
 *
 * Results are identical (deep-equal JSON) to a fresh `runMargin`: the book handed over is the
 * parse a fresh run makes (kept rows keep their parse, changed rows are parsed again); rows
 * inserted before kept ones, moved rows, books with spot rows or rows without ids are not kept
 * (fresh path); any error — bad input, bad parameters, a defect — drops the session and takes
 * the fresh path, so messages are the same too. See `method-session.property.test.ts`.
 */
import type { MarginResultDto } from '../../shared/domain/dto/margin-result.dto';
import type { PortfolioDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { markIdsUnique, parseMarginInput, type MarginInput, type MarginPosition } from '../engine/margin/margin-input';
import type { MethodSession } from '../engine/margin/method-contract';
import { marginMethod, runMargin, toMarketView } from '../engine/margin/registry';
import { columnsOfResult, withoutContributions, type ContributionColumns } from '../engine/margin/contribution-columns';
import { summarizeMarginResult } from '../engine/margin/result-summary';
import { snapshotFingerprint, type SessionRunRequest } from './margin-session';

/** Whether `methodId` has an incremental session (its method declares `session`). */
export function hasMethodSession(methodId: string): boolean {
  return marginMethod(methodId)?.session !== undefined;
}

/** Counters for tests and the benchmark. */
export interface MethodSessionStats { hits: number; misses: number; rebuilds: number }

/** A position row as last seen, with its parse. */
interface Row { id: string; instrument: unknown; size: unknown; averagePrice: unknown; pos: MarginPosition }

/** A method's session with the book as it last saw it: its rows and their parse (`positions[k]` is `rows[k].pos`). */
interface Session { method: MethodSession; rows: Row[]; positions: readonly MarginPosition[] }

/** Whether `v` compares by value with `!==`. */
function primitive(v: unknown): boolean {
  return v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function rowOf(d: PositionDto, pos: MarginPosition): Row {
  const r = d as { id: string; instrument: unknown; size: unknown; averagePrice?: unknown };
  return { id: r.id, instrument: r.instrument, size: r.size, averagePrice: r.averagePrice, pos };
}

/** Whether a row's fields differ (non-primitive values always count as changed). */
function differs(prev: Row, next: PositionDto): boolean {
  const n = next as { instrument: unknown; size: unknown; averagePrice?: unknown };
  if (prev.size !== n.size || prev.instrument !== n.instrument || prev.averagePrice !== n.averagePrice) return true;
  return !primitive(n.size) || !primitive(n.instrument) || !primitive(n.averagePrice);
}

/** Thrown when the diff cannot be applied in place: rebuild. */
class Rebuild extends Error {}

/** The session cache of the methods with `session` (LRU of at most `capacity`). One per service. */
export class MethodSessionCache {
  private readonly sessions = new Map<string, Session>();
  private readonly fingerprints = new WeakMap<object, string>();
  /**
   * The last book seen (its positions and balances arrays, by identity) with its rows and parse,
   * and the step that led to it (the rows before, the rows touched, the rows removed). The diff
   * and the parse are functions of the rows before and the book alone, so the session of another
   * method on the same portfolio, given the same book after the same rows, takes them over: an
   * edit re-running every method diffs the 20,000 rows and parses the changed ones once, not
   * once per method. Rows and parses are never changed after they are made, so sharing is safe.
   */
  private last: { positions: unknown; balances: unknown; rows: Row[]; input: MarginInput; from: Row[] | undefined; touched: number[]; removed: Row[] } | undefined;
  readonly stats: MethodSessionStats = { hits: 0, misses: 0, rebuilds: 0 };

  constructor(readonly capacity = 8) {}

  get size(): number { return this.sessions.size; }

  clear(): void { this.sessions.clear(); }

  /**
   * The parse of `portfolio` this cache made last, when `portfolio` is that book (its positions
   * and balances arrays, by identity): what `parseMarginInput(portfolio)` gives, without parsing
   * again (the analysis channels' working-session book, held-books.ts). Else undefined.
   */
  parsedBook(portfolio: PortfolioDto): MarginInput | undefined {
    const l = this.last;
    return l && l.positions === portfolio.positions && l.balances === portfolio.balances ? l.input : undefined;
  }

  /** Run a method with a session; the same result (or error) as `runMargin`. */
  run(req: SessionRunRequest): MarginResultDto {
    const result = this.runWith(req);
    // A summary request keeps only the figures; a method's session may have built them alone (summarizing a summary gives it back).
    return req.summary ? summarizeMarginResult(result) : result;
  }

  private runWith(req: SessionRunRequest): MarginResultDto {
    const summary = req.summary === true;
    const account = req.account && !summary;
    const fresh = () => runMargin({ methodId: req.methodId, portfolio: req.portfolio, snapshot: req.snapshotJson, params: req.params, account, marginal: req.marginal });
    const method = marginMethod(req.methodId);
    const key = method?.session ? this.keyOf(req) : undefined;
    if (!method?.session || key === undefined) return fresh();
    const cached = this.sessions.get(key);
    if (cached) {
      this.sessions.delete(key);
      try {
        const input = this.update(cached, req.portfolio);
        const result = cached.method.result({ input, account, marginal: req.marginal, ...(summary ? { summary } : {}) });
        this.stats.hits++;
        this.sessions.set(key, cached);
        return result;
      } catch (e) {
        if (!(e instanceof Rebuild)) return fresh();
        this.stats.rebuilds++;
      }
    } else this.stats.misses++;
    let session: Session, result: MarginResultDto;
    try {
      const market = toMarketView(req.snapshotJson);
      const dto = req.portfolio.positions;
      const l = this.last;
      const shared = l && l.positions === dto && l.balances === req.portfolio.balances ? l : undefined;
      const input = shared ? shared.input : parseMarginInput(req.portfolio);
      session = { method: method.session(market, req.params), rows: [], positions: [] };
      result = session.method.result({ input, account, marginal: req.marginal, ...(summary ? { summary } : {}) });
      if (shared) { session.rows = shared.rows; session.positions = shared.input.positions; }
      else {
        // Kept only when rows map one to one onto parsed positions (no spot rows, every row with its id).
        if (input.positions.length !== dto.length || !dto.every((d, i) => d && d.id === input.positions[i].id)) return result;
        session.rows = dto.map((d, i) => rowOf(d, input.positions[i]));
        session.positions = input.positions;
        this.last = { positions: dto, balances: req.portfolio.balances, rows: session.rows, input, from: undefined, touched: [], removed: [] };
      }
    } catch {
      return fresh();
    }
    this.sessions.set(key, session);
    while (this.sessions.size > this.capacity) this.sessions.delete(this.sessions.keys().next().value!);
    return result;
  }

  /** As `run`, with the per-position figures as columns (the result's `contributions` left empty). */
  runColumns(req: SessionRunRequest): { result: MarginResultDto; columns: ContributionColumns } {
    const result = this.run(req);
    return { result: req.summary ? result : withoutContributions(result), columns: columnsOfResult(result) };
  }

  private keyOf(req: SessionRunRequest): string | undefined {
    const p = req.portfolio;
    if (!p || typeof p.id !== 'string' || !Array.isArray(p.positions)) return undefined;
    let snap = req.snapshotKey;
    if (snap === undefined) {
      const json = req.snapshotJson;
      if (typeof json !== 'object' || json === null) return undefined;
      snap = this.fingerprints.get(json);
      if (snap === undefined) { snap = snapshotFingerprint(json); this.fingerprints.set(json, snap); }
    }
    return JSON.stringify([req.methodId, p.id, snap, req.paramsKey ?? `json:${JSON.stringify(req.params ?? null)}`]);
  }

  /**
   * Apply the difference between the session's book and `portfolio` to its method session and
   * return the parsed book as a fresh parse gives it (throws Rebuild; any other error: fresh path).
   */
  private update(s: Session, portfolio: PortfolioDto): MarginInput {
    const prev = s.rows;
    const next = portfolio.positions;
    if (!Array.isArray(next)) throw new Rebuild();
    const l = this.last;
    if (l && l.from === prev && l.positions === next && l.balances === portfolio.balances) {
      // Another method's session made this step from the same rows: the same differences, the same parse.
      for (const r of l.removed) s.method.remove(r.id);
      for (const k of l.touched) s.method.set(l.rows[k].pos);
      s.rows = l.rows;
      s.positions = l.input.positions;
      return l.input;
    }
    const touched: number[] = [];
    const removed: Row[] = [];
    const m = Math.min(prev.length, next.length);
    let i = 0;
    for (; i < m; i++) {
      const d = next[i];
      if (!d || d.id !== prev[i].id) break;
      if (differs(prev[i], d)) touched.push(i);
    }
    let prevOf: (k: number) => Row | undefined;
    if (i === m) {
      for (let k = m; k < next.length; k++) touched.push(k);
      for (let k = m; k < prev.length; k++) removed.push(prev[k]);
      prevOf = (k) => (k < m ? prev[k] : undefined);
    } else {
      // Rows removed in the middle, or appended: match by id; kept rows keep their order, new rows only after them.
      const at = new Map<string, number>();
      prev.forEach((r, k) => at.set(r.id, k));
      const used = new Uint8Array(prev.length);
      const from = new Int32Array(next.length).fill(-1);
      let last = -1, added = false;
      for (let k = 0; k < next.length; k++) {
        const d = next[k];
        if (!d || typeof d.id !== 'string') throw new Rebuild();
        const j = at.get(d.id);
        if (j === undefined) { added = true; touched.push(k); continue; }
        if (j <= last || added || used[j] === 1) throw new Rebuild();
        used[j] = 1;
        last = j;
        from[k] = j;
        if (differs(prev[j], d)) touched.push(k);
      }
      prev.forEach((r, k) => { if (used[k] === 0) removed.push(r); });
      prevOf = (k) => (from[k] >= 0 ? prev[from[k]] : undefined);
    }
    // New ids must not repeat a kept one (a fresh parse refuses the book: the fresh path says so).
    if (touched.some((k) => prevOf(k) === undefined)) {
      const ids = new Set<string>();
      for (const d of next) { if (!d || typeof d.id !== 'string' || ids.has(d.id)) throw new Rebuild(); ids.add(d.id); }
    }
    // Balances: parsed again with the changed rows (the method reads them from the input).
    const parsed = parseMarginInput({ name: '', balances: portfolio.balances, positions: touched.map((k) => next[k]) });
    if (parsed.positions.length !== touched.length) throw new Rebuild(); // a spot row
    for (const r of removed) s.method.remove(r.id);
    let rows: Row[], positions: MarginPosition[];
    if (i === m) {
      // Rows kept in place (an edit, appends, removals at the end): copies of the kept arrays, the
      // touched rows (ascending: in place, then appended) replaced — no 20,000-entry rebuild per edit.
      rows = prev.slice(0, m);
      positions = s.positions.slice(0, m);
      touched.forEach((k, t) => { rows[k] = rowOf(next[k], parsed.positions[t]); positions[k] = parsed.positions[t]; });
    } else {
      rows = new Array<Row>(next.length);
      touched.forEach((k, t) => { rows[k] = rowOf(next[k], parsed.positions[t]); });
      for (let k = 0; k < next.length; k++) rows[k] ??= prevOf(k)!;
      positions = rows.map((r) => r.pos);
    }
    // Set in book order, so new instruments take their rows in first-appearance order.
    for (const k of touched) s.method.set(rows[k].pos);
    s.rows = rows;
    s.positions = positions;
    const input: MarginInput = { positions: markIdsUnique(positions), balances: parsed.balances };
    this.last = { positions: next, balances: portfolio.balances, rows, input, from: prev, touched, removed };
    return input;
  }
}
