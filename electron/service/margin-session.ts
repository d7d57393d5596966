/**
 * Incremental Deribit-style portfolio-margin runs (the methods of `engine/margin/methods/deribit-pm`) for the service: a small LRU of sessions,
 * each holding a built `DeribitPm` for one (method, portfolio id, snapshot, parameters). A run on
 * a cached session diffs the incoming positions against the session's by id, applies only the
 * differences through the engine's incremental API (`setPosition` / `removePosition`: a changed
 * size re-sums one row and its group; a new instrument prices only that instrument), then
 * computes and explains, assembling the result with the engine's own `deribitPmResult` (the
 * `runDeribitPm` path). The account view's sub-book probes, built by the engine from the session's
 * calculator (`subBookPm`: rows already priced) and narrowed to one settlement currency on large
 * segregated books (`perCurrency`), are kept by sub-book key (`subBookKey`: underlying, or
 * currency and underlying) with every root-search evaluation, until a position of that sub-book
 * (in cross mode, also that coin's balance) changes: a grid edit re-probes only the edited
 * position's sub-book.
 *
 * Results are identical (deep-equal JSON) to a fresh `runMargin`: before computing, the session
 * checks that its book is the one a fresh build would make — the same positions in the same
 * order, and within every group the instruments' rows in first-appearance order (the group
 * vector's summation order) with no group left without positions. When a check fails (e.g. a
 * position inserted in the middle, an instrument re-appearing at another place; in cross mode a
 * new instrument on an underlying whose coin is collateral, since the collateral row would have
 * to come after it) the session is rebuilt from scratch. Books with spot rows are not kept, and
 * any input error comes from the fresh path, so messages are the same too. The diff and parse of
 * an edit (and a build's parse) are made once for the two methods' sessions of the same book
 * (`diff`). See `margin-session.property.test.ts`.
 */
import type { MarginResultDto } from '../../shared/domain/dto/margin-result.dto';
import type { PortfolioDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import type { Dec } from '../engine/money';
import { subBookKey, type ProbeValue, type SubBookProbe } from '../engine/margin/account-view';
import type { DeribitPm, PmResult } from '../engine/margin/methods/deribit-pm/deribit-pm';
import { currencyParams, resolveDeribitPmParams, USD_LIKE, type DeribitPmParams } from '../engine/margin/methods/deribit-pm/deribit-params';
import { markIdsUnique, parseMarginInput, type MarginInput, type MarginPosition } from '../engine/margin/margin-input';
import type { MarginInstrument } from '../engine/margin/margin-instrument';
import { runMargin, toMarketView } from '../engine/margin/registry';
import { buildPm, deribitPmResult, type PricedRows } from '../engine/margin/methods/deribit-pm/run-deribit-pm';
import { deribitPmSummaryDto } from '../engine/margin/methods/deribit-pm/deribit-pm-result';
import { summarizeMarginResult } from '../engine/margin/result-summary';
import { MarketSnapshot, marketDelta } from '../engine/market-data';
import type { MarketView } from '../engine/scenarios/market-view';
import { DERIBIT_PM_MODES } from '../engine/margin/methods/deribit-pm';
import { pmContributionColumns } from '../engine/margin/methods/deribit-pm/deribit-pm-explain';
import { columnsOfResult, withoutContributions, type ContributionColumns } from '../engine/margin/contribution-columns';

/** Methods served incrementally, with their `DeribitPm` mode (declared by the method folder). */
const SESSION_MODES = DERIBIT_PM_MODES;

/** Prefix of the ids `buildPm` gives cross-mode collateral rows. */
const BALANCE_ID = 'balance:';

/** Whether `methodId` is served by sessions (other methods take the fresh path). */
export function isSessionMethod(methodId: string): boolean {
  return Object.hasOwn(SESSION_MODES, methodId);
}

/** One run through the session cache. */
export interface SessionRunRequest {
  methodId: string;
  portfolio: PortfolioDto;
  snapshotJson: unknown;
  params?: unknown;
  account: boolean;
  marginal: boolean;
  /** Exact identity of the snapshot's content (e.g. stored market id + revision); computed from the JSON when absent. */
  snapshotKey?: string;
  /** Exact identity of `params` (e.g. parameter-set id + revision); `JSON.stringify(params)` when absent. */
  paramsKey?: string;
  /**
   * Figures only (`summarizeMarginResult` of the result; no account view, empty columns): a
   * session builds them from its computed state without the explanation that grows with the book.
   */
  summary?: boolean;
}

/** Counters for tests and the benchmark. */
export interface SessionStats { hits: number; misses: number; rebuilds: number; /** Builds that took over priced rows from the same book at another market. */ reusedMarkets: number }

/** A position row as last seen, with its parse. */
interface Row { id: string; instrument: unknown; size: unknown; averagePrice: unknown; pos: MarginPosition }

/** One cached calculator and the book it holds. */
interface Session {
  mode: 'segregated' | 'cross';
  params: DeribitPmParams;
  pm: DeribitPm;
  rows: Row[];
  balances: Map<string, Dec>;
  /** Ids of the cross-mode collateral rows (`balance:<ccy>`), in the order they were set. */
  balanceIds: string[];
  /**
   * The account view's prepared sub-books by key (`subBookKey`), with every probe evaluated so
   * far: a sub-book holds an underlying's positions — on large segregated books only those
   * settling in one currency (`perCurrency`) — and in cross mode its coin's balance, so it is
   * reused until one of its positions (or that balance) changes.
   */
  probes: Map<string, CachedProbe>;
  /** The parsed book (the account view's input): as built, or derived from `rows` after an update. */
  input: MarginInput | undefined;
  /** The market it was built at, and what it is cached for but the snapshot (a build at another market may take over its priced rows). */
  market: MarketView;
  family: string;
}

/** A sub-book probe kept across runs (see `Session.probes`). */
interface CachedProbe { base: ProbeValue; at(move: number): ProbeValue }

/** A fast, non-cryptographic 53-bit string hash (cyrb53). */
function hash53(s: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The content fingerprint a session keys a snapshot JSON by when no `snapshotKey` is given. */
export function snapshotFingerprint(json: object): string {
  const text = JSON.stringify(json);
  return `${String((json as { asOf?: unknown }).asOf)}#${text.length}#${hash53(text)}`;
}

/** Whether `v` compares by value with `!==`. */
function primitive(v: unknown): boolean {
  return v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Whether a position row's margin-relevant fields differ (non-primitive values always count as changed). */
function differs(prev: Row, next: PositionDto): boolean {
  const n = next as { instrument: unknown; size: unknown; averagePrice?: unknown };
  if (prev.size !== n.size || prev.instrument !== n.instrument || prev.averagePrice !== n.averagePrice) return true;
  return !primitive(n.size) || !primitive(n.instrument) || !primitive(n.averagePrice);
}

/** Same balances (currencies in the same order, equal amounts). */
function sameBalances(a: Map<string, Dec>, b: Map<string, Dec>): boolean {
  if (a.size !== b.size) return false;
  const ea = [...a], eb = [...b];
  return ea.every(([c, v], i) => eb[i][0] === c && eb[i][1].eq(v));
}

/** One step from a session's rows to a book (`MarginSessionCache.diff`). */
interface RowDiff {
  added: number[];
  removed: Row[];
  /** The rows changed, as they were. */
  before: Row[];
  /** Changed then added row indices, and their parse (with the book's balances). */
  touched: number[];
  parsed: MarginInput;
  /** No row added, removed or moved. */
  sizesOnly: boolean;
  /** The rows as they now are (a new array when anything changed). */
  rows: Row[];
}

/** Thrown inside a session step when the cheap path cannot prove identity: rebuild. */
class Rebuild extends Error {}

/**
 * The session cache: an LRU of at most `capacity` sessions. Create one per service (the service
 * runs in a worker thread, so one cache per worker); nothing is allocated at import time.
 */
export class MarginSessionCache {
  private readonly sessions = new Map<string, Session>();
  /** Fingerprints of snapshot objects seen without a `snapshotKey` (computed once per object). */
  private readonly fingerprints = new WeakMap<object, string>();
  readonly stats: SessionStats = { hits: 0, misses: 0, rebuilds: 0, reusedMarkets: 0 };
  /** The last step diffed (`diff`), by the identity of the rows before and of the book's arrays. */
  private lastDiff: { prev: Row[]; positions: unknown; balances: unknown; d: RowDiff } | undefined;
  /** The last book parsed for a build, by the identity of its arrays: the other session of the same book shares the parse and rows. */
  private lastBuild: { positions: unknown; balances: unknown; input: MarginInput; rows: Row[] } | undefined;
  /** The book of the last successful update (arrays by identity), its rows and balances (see `parsedBook`). */
  private lastUpdate: { positions: unknown; balances: unknown; rows: Row[]; parsed: Map<string, Dec>; input?: MarginInput } | undefined;

  constructor(readonly capacity = 4) {}

  /** Number of cached sessions. */
  get size(): number { return this.sessions.size; }

  /** Drop every session. */
  clear(): void { this.sessions.clear(); }

  /**
   * As `MethodSessionCache.parsedBook`: the parse of the last book a session was built for or
   * updated to, when `portfolio` is that book (its arrays, by identity). An update's parse is its
   * rows' positions and balances (what `inputOf` gives the account view), captured when the update
   * succeeded, so a later failed update of the same session cannot change it.
   */
  parsedBook(portfolio: PortfolioDto): MarginInput | undefined {
    const l = this.lastBuild;
    if (l && l.positions === portfolio.positions && l.balances === portfolio.balances) return l.input;
    const c = this.lastUpdate;
    if (!c || c.positions !== portfolio.positions || c.balances !== portfolio.balances) return undefined;
    return (c.input ??= { positions: markIdsUnique(c.rows.map((r) => r.pos)), balances: c.parsed });
  }

  /** Run a session method (see `isSessionMethod`) through a session; the same result (or error) as `runMargin`. */
  run(req: SessionRunRequest): MarginResultDto {
    return this.runWith(req, false).result;
  }

  /** An empty set of columns (a summary has no per-position figures). */
  private static readonly NO_COLUMNS = columnsOfResult({ byCurrency: {} } as MarginResultDto);

  /**
   * As `run`, with the per-position figures as columns instead of the result's `contributions`
   * (left empty): the same figures, without building an object and two strings per position.
   */
  runColumns(req: SessionRunRequest): { result: MarginResultDto; columns: ContributionColumns } {
    const r = this.runWith(req, true);
    if (req.summary) return { result: r.result, columns: MarginSessionCache.NO_COLUMNS };
    return r.columns ? { result: r.result, columns: r.columns } : { result: withoutContributions(r.result), columns: columnsOfResult(r.result) };
  }

  private runWith(req: SessionRunRequest, asColumns: boolean): { result: MarginResultDto; columns?: ContributionColumns } {
    const mode = SESSION_MODES[req.methodId];
    // A summary: figures only (no account view, no marginal pass, no explanation; see `assemble`).
    const summary = req.summary === true;
    const account = req.account && !summary, marginal = req.marginal && !summary;
    const fresh = () => {
      const result = runMargin({ methodId: req.methodId, portfolio: req.portfolio, snapshot: req.snapshotJson, params: req.params, account, marginal: req.marginal });
      return { result: summary ? summarizeMarginResult(result) : result };
    };
    const key = mode === undefined ? undefined : this.keyOf(req);
    if (key === undefined || mode === undefined) return fresh();
    const cached = this.sessions.get(key);
    const family = JSON.stringify([req.methodId, req.portfolio.id, req.paramsKey ?? `json:${JSON.stringify(req.params ?? null)}`]);
    if (cached) {
      this.sessions.delete(key);
      try {
        const r = this.update(cached, req.portfolio, marginal);
        this.lastUpdate = { positions: req.portfolio.positions, balances: req.portfolio.balances, rows: cached.rows, parsed: cached.balances };
        this.stats.hits++;
        const result = summary ? { result: deribitPmSummaryDto(cached.pm, r) } : assemble(cached, r, account, asColumns);
        this.sessions.set(key, cached);
        return result;
      } catch (e) {
        if (!(e instanceof Rebuild)) {
          // Input errors and defects alike: the fresh path decides (same error, same message).
          return fresh();
        }
        this.stats.rebuilds++;
      }
    } else this.stats.misses++;
    let session: Session;
    let r: PmResult;
    try {
      session = this.build(mode, req, family);
      r = session.pm.compute({ marginal });
    } catch {
      return fresh();
    }
    let result: { result: MarginResultDto; columns?: ContributionColumns };
    try { result = summary ? { result: deribitPmSummaryDto(session.pm, r) } : assemble(session, r, account, asColumns); } catch { return fresh(); }
    if (session.rows.length === req.portfolio.positions.length) {
      this.sessions.set(key, session);
      while (this.sessions.size > this.capacity) this.sessions.delete(this.sessions.keys().next().value!);
    }
    return result;
  }

  /** The session key, or undefined when the request cannot be keyed (no portfolio id, a position without id). */
  private keyOf(req: SessionRunRequest): string | undefined {
    const p = req.portfolio;
    if (!p || typeof p.id !== 'string' || !Array.isArray(p.positions)) return undefined;
    let snap = req.snapshotKey;
    if (snap === undefined) {
      const json = req.snapshotJson;
      if (typeof json !== 'object' || json === null) return undefined;
      snap = this.fingerprints.get(json);
      if (snap === undefined) {
        snap = snapshotFingerprint(json);
        this.fingerprints.set(json, snap);
      }
    }
    const params = req.paramsKey ?? `json:${JSON.stringify(req.params ?? null)}`;
    return JSON.stringify([req.methodId, p.id, snap, params]);
  }

  /**
   * Build a session (throws on any input problem). The same book at another market (the market
   * editor's draft pushed into the working session, another revision of the snapshot) takes over
   * the priced rows of the instruments the change does not reach (`marketDelta`).
   */
  private build(mode: 'segregated' | 'cross', req: SessionRunRequest, family: string): Session {
    const market = toMarketView(req.snapshotJson);
    const dto = req.portfolio.positions;
    // The other session of the same book (the same arrays) shares its parse and rows (see `diff`).
    const l = this.lastBuild;
    const shared = l && l.positions === dto && l.balances === req.portfolio.balances ? l : undefined;
    const input = shared ? shared.input : parseMarginInput(req.portfolio);
    const params = resolveDeribitPmParams(req.params);
    const pm = buildPm(market, params, input, mode, this.pricedRows(family, market));
    const balanceIds = mode === 'cross' ? crossBalances(params, input.balances).map((b) => b.id) : [];
    // Rows map one to one onto parsed positions only when the book has no spot rows (folded
    // into balances) and every row has its id; otherwise the session is not kept.
    let rows: Row[] = [];
    if (shared) rows = shared.rows;
    else {
      if (input.positions.length === dto.length && dto.every((d, i) => d && d.id === input.positions[i].id)) {
        for (let i = 0; i < dto.length; i++) {
          const d = dto[i] as { id: string; instrument: unknown; size: unknown; averagePrice?: unknown };
          rows.push({ id: d.id, instrument: d.instrument, size: d.size, averagePrice: d.averagePrice, pos: input.positions[i] });
        }
      }
      this.lastBuild = { positions: dto, balances: req.portfolio.balances, input, rows };
    }
    // In cross mode, a position id `balance:<ccy>` would collide with a collateral row.
    if (mode === 'cross' && rows.some((r) => r.id.startsWith(BALANCE_ID))) rows = [];
    return { mode, params, pm, rows, balances: input.balances, balanceIds, probes: new Map(), input, market, family };
  }

  /** Priced rows of a cached session of the same method, book and parameters at another market, with what the change reaches. */
  private pricedRows(family: string, market: MarketView): PricedRows | undefined {
    if (!(market instanceof MarketSnapshot)) return undefined;
    let donor: Session | undefined;
    for (const s of this.sessions.values()) if (s.family === family && s.market instanceof MarketSnapshot && s.market !== market) donor = s;
    if (!donor) return undefined;
    const delta = marketDelta(donor.market as MarketSnapshot, market);
    if (delta.all) return undefined;
    this.stats.reusedMarkets++;
    return { arrays: donor.pm.arrays, affects: (inst) => delta.affects(inst) };
  }

  /** Apply the difference between the session's book and `portfolio` and compute (throws Rebuild). */
  /**
   * The differences between rows `prev` and `portfolio` (pure: a function of the two and the
   * balances), with the changed and added rows parsed and the rows as they now are — kept for the
   * last step, so the other session of the same book (the segregated and the cross-margined Deribit sessions side by side),
   * given the same book after the same rows, takes it over instead of diffing 20,000 rows again.
   * Rows arrays are never changed once made (a step makes a new one), so a session left a step
   * behind still holds the rows its calculator was built from. Throws Rebuild (not kept).
   */
  private diff(prev: Row[], portfolio: PortfolioDto): RowDiff {
    const l = this.lastDiff;
    if (l && l.prev === prev && l.positions === portfolio.positions && l.balances === portfolio.balances) return l.d;
    const next = portfolio.positions;
    const changed: number[] = [];
    const added: number[] = [];
    const removed: Row[] = [];
    /** The rows of `changed` as they were. */
    const before: Row[] = [];
    const m = Math.min(prev.length, next.length);
    let i = 0;
    for (; i < m; i++) {
      const d = next[i];
      if (!d || d.id !== prev[i].id) break;
      if (differs(prev[i], d)) { changed.push(i); before.push(prev[i]); }
    }
    if (i === m) {
      for (let k = m; k < next.length; k++) added.push(k);
      for (let k = m; k < prev.length; k++) removed.push(prev[k]);
    } else {
      // Rows moved, inserted or removed in the middle: match by id; kept rows must keep their order.
      const at = new Map<string, number>();
      prev.forEach((r, k) => at.set(r.id, k));
      const used = new Uint8Array(prev.length);
      let last = -1;
      for (let k = 0; k < next.length; k++) {
        const d = next[k];
        if (!d || typeof d.id !== 'string') throw new Rebuild();
        const j = at.get(d.id);
        if (j === undefined) { added.push(k); continue; }
        // Kept rows out of order, or a new row before a kept one: a fresh build orders them otherwise.
        if (j <= last || added.length > 0 || used[j] === 1) throw new Rebuild();
        used[j] = 1;
        last = j;
        if (differs(prev[j], d)) { changed.push(k); before.push(prev[j]); }
      }
      prev.forEach((r, k) => { if (used[k] === 0) removed.push(r); });
    }
    // Parse what changed (ids are given, so a subset parses as the whole would).
    const touched = [...changed, ...added];
    const parsed = parseMarginInput({ name: '', balances: portfolio.balances, positions: touched.map((k) => next[k]) });
    if (parsed.positions.length !== touched.length) throw new Rebuild(); // a spot row
    const sizesOnly = added.length === 0 && removed.length === 0 && i === m;
    let rows = prev;
    if (touched.length > 0 || !sizesOnly) {
      rows = sizesOnly ? prev.slice() : new Array<Row>(next.length);
      touched.forEach((k, t) => {
        const d = next[k] as { id: string; instrument: unknown; size: unknown; averagePrice?: unknown };
        rows[k] = { id: d.id, instrument: d.instrument, size: d.size, averagePrice: d.averagePrice, pos: parsed.positions[t] };
      });
      if (!sizesOnly) {
        // Rows not touched keep their parse (matched by index on the fast path, else by id).
        const prevAt = i === m ? null : new Map(prev.map((r) => [r.id, r]));
        for (let k = 0; k < next.length; k++) if (rows[k] === undefined) rows[k] = prevAt === null ? prev[k] : prevAt.get(next[k].id)!;
      }
    }
    const d: RowDiff = { added, removed, before, touched, parsed, sizesOnly, rows };
    this.lastDiff = { prev, positions: next, balances: portfolio.balances, d };
    return d;
  }

  /** Apply the difference between the session's book and `portfolio` and compute (throws Rebuild). */
  private update(s: Session, portfolio: PortfolioDto, marginal: boolean): PmResult {
    const prev = s.rows;
    const { added, removed, before, touched, parsed, sizesOnly, rows } = this.diff(prev, portfolio);
    // In cross mode a position id `balance:<ccy>` collides with a collateral row: not kept.
    if (s.mode === 'cross' && parsed.positions.some((p) => p.id.startsWith(BALANCE_ID))) throw new Rebuild();
    // Balances enter the account view; in cross mode also the calculator (collateral rows).
    const balancesChanged = !sameBalances(s.balances, parsed.balances);
    const pm = s.pm;
    // Only sizes (or average prices) changed, each position on its instrument: the book's
    // positions, rows and groups keep their shape, so the fresh-shape check is not needed.
    let sameShape = sizesOnly;
    // From here on the calculator changes: any failure discards the session (the caller rebuilds).
    // Account-view sub-books no longer valid: those holding a touched position, old or new, and
    // in cross mode those of the coins whose balance changed (segregated sub-books hold no balances).
    if (balancesChanged && s.mode === 'cross') {
      for (const c of new Set([...s.balances.keys(), ...parsed.balances.keys()])) {
        const a = s.balances.get(c), b = parsed.balances.get(c);
        if (a === undefined || b === undefined || !a.eq(b)) s.probes.delete(subBookKey(c));
      }
    }
    for (const r of removed) { forgetProbes(s, r.pos.inst); pm.removePosition(r.id); }
    for (const r of before) forgetProbes(s, r.pos.inst);
    for (const p of parsed.positions) forgetProbes(s, p.inst);
    touched.forEach((k, t) => {
      const p = parsed.positions[t];
      if (sameShape && p.inst.symbol !== prev[k].pos.inst.symbol) sameShape = false;
      pm.setPosition(p.id, p.inst, p.sizeText ?? p.size, p.sizeText);
    });
    if (s.mode === 'cross' && (balancesChanged || added.length > 0)) {
      // Collateral rows come after every position in a fresh build: set them again at the end.
      for (const id of s.balanceIds) pm.removePosition(id);
      const list = crossBalances(s.params, parsed.balances);
      for (const b of list) pm.setPosition(b.id, b.inst, b.amount);
      s.balanceIds = list.map((b) => b.id);
      sameShape = false;
    }
    s.rows = rows;
    s.balances = parsed.balances;
    s.input = undefined;
    if (!sameShape) checkFreshShape(s);
    return pm.compute({ marginal });
  }
}

/** The cross-mode collateral rows `buildPm` adds, in its order. */
function crossBalances(params: DeribitPmParams, balances: Map<string, Dec>): { id: string; inst: MarginInstrument; amount: Dec }[] {
  const out: { id: string; inst: MarginInstrument; amount: Dec }[] = [];
  for (const [ccy, amt] of balances) {
    if (USD_LIKE.has(ccy) || amt.isZero()) continue;
    if (currencyParams(params, ccy).equity_side_impact === 'none') continue;
    out.push({ id: `${BALANCE_ID}${ccy}`, inst: { symbol: ccy, kind: 'spot', underlying: ccy, settlement: 'linear', settlementCurrency: ccy }, amount: amt });
  }
  return out;
}

/**
 * Throw Rebuild unless the calculator's book is what `buildPm` would make from the session's
 * rows: the same positions in the same order (collateral rows last), and within each group the
 * held instruments' rows ascending in first-appearance order, with no group left without positions.
 */
function checkFreshShape(s: Session): void {
  const positions = s.pm.book.allPositions();
  const rows = s.rows;
  if (positions.length !== rows.length + s.balanceIds.length) throw new Rebuild();
  for (let k = 0; k < rows.length; k++) if (positions[k].id !== rows[k].id) throw new Rebuild();
  for (let k = 0; k < s.balanceIds.length; k++) if (positions[rows.length + k].id !== s.balanceIds[k]) throw new Rebuild();
  const seen = new Uint8Array(s.pm.arrays.size);
  const lastRow = new Map<string, number>();
  for (const p of positions) {
    const r = p.row;
    if (seen[r] === 1) continue;
    seen[r] = 1;
    const last = lastRow.get(p.groupKey);
    if (last !== undefined && r < last) throw new Rebuild();
    lastRow.set(p.groupKey, r);
  }
  for (const g of s.pm.book.groups()) if (!g.rows.some((r) => seen[r] === 1)) throw new Rebuild();
}

/** The parsed input of the session's book (for the account view), as `parseMarginInput` gives it. */
function inputOf(s: Session): MarginInput {
  return (s.input ??= { positions: markIdsUnique(s.rows.map((r) => r.pos)), balances: s.balances });
}

/**
 * The result of a computed session: `deribitPmResult`, the assembly `runDeribitPm` uses, with the
 * account view's sub-book probes kept in the session (see `Session.probes`) and each of their
 * evaluations memoised: a probe's values are functions of its sub-book, unchanged while the entry
 * is kept.
 */
function assemble(s: Session, r: PmResult, account: boolean, asColumns: boolean): { result: MarginResultDto; columns?: ContributionColumns } {
  const columns = asColumns ? pmContributionColumns(s.pm, r).columns : undefined;
  if (!account) return { result: deribitPmResult(s.pm, r, undefined, !asColumns), columns };
  const probeVia = (probe: SubBookProbe): SubBookProbe => (book, u, key) => {
    let kept = s.probes.get(key);
    if (!kept) {
      const made = probe(book, u, key);
      const memo = new Map<number, ProbeValue>();
      kept = {
        base: made.base,
        at: (move) => { let v = memo.get(move); if (!v) { v = made.at(move); memo.set(move, v); } return v; },
      };
      s.probes.set(key, kept);
    }
    return kept;
  };
  return { result: deribitPmResult(s.pm, r, { input: inputOf(s), probeVia }, !asColumns), columns };
}

/** Drop the kept sub-book probes holding positions on `inst` (see `Session.probes`). */
function forgetProbes(s: Session, inst: MarginInstrument): void {
  s.probes.delete(subBookKey(inst.underlying));
  s.probes.delete(subBookKey(inst.underlying, inst.settlementCurrency.toUpperCase()));
}
