/**
 * Two books side by side (issue 13 §7): two (portfolio, revision) pairs, each run under every
 * listed method on the open market (`margin:run`, figures only), IM/MM per method with the
 * difference B − A (exact decimals), and the positions that differ: the store's revision diff
 * (`portfolio:diff`) when both sides are revisions of one portfolio, else `positionDiff` by id.
 * No new channel: `portfolio:history`, `portfolio:get` (with `revision`), `margin:run`, `portfolio:diff`.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { PortfolioDto, PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { PortfolioRevisionInfoDto, RowDiffDto } from '../../../../shared/domain/dto/storage.dto';
import type { MethodOutcomeDto } from '../../../../shared/domain/dto/margin-run.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { sumDecimals } from '../../lib/format/decimal-format';
import { positionDiff, rowTrades } from './book-diff';

/** Most differing rows whose own margin effect is asked (one what-if each). */
export const MAX_ROW_EFFECTS = 25;

/** One side: a portfolio and one of its revisions. */
export interface BookSide { portfolioId: string; revision: number }

/** One method's figures on both sides. */
export interface MethodPair {
  methodId: string;
  a?: MethodOutcomeDto;
  b?: MethodOutcomeDto;
  /** B − A in USD (exact), when both ran. */
  imDiff?: string;
  mmDiff?: string;
}

const neg = (s: string) => (s.startsWith('-') ? s.slice(1) : `-${s}`);

/** The methods of both runs, in A's order then any only B has, with the differences. */
export function pairMethods(a: readonly MethodOutcomeDto[], b: readonly MethodOutcomeDto[]): MethodPair[] {
  const ids: string[] = [];
  for (const o of [...a, ...b]) if (!ids.includes(o.methodId)) ids.push(o.methodId);
  return ids.map((methodId) => {
    const x = a.find((o) => o.methodId === methodId), y = b.find((o) => o.methodId === methodId);
    const pair: MethodPair = { methodId, a: x, b: y };
    if (x?.ok && y?.ok) {
      pair.imDiff = sumDecimals([y.result.totals.initialMarginUsd, neg(x.result.totals.initialMarginUsd)]);
      pair.mmDiff = sumDecimals([y.result.totals.maintenanceMarginUsd, neg(x.result.totals.maintenanceMarginUsd)]);
    }
    return pair;
  });
}

export class BookCompareState {
  a = $state<BookSide>({ portfolioId: '', revision: 0 });
  b = $state<BookSide>({ portfolioId: '', revision: 0 });
  /** Revisions of each side's portfolio (newest first, as the store lists them). */
  historyA = $state.raw<PortfolioRevisionInfoDto[]>([]);
  historyB = $state.raw<PortfolioRevisionInfoDto[]>([]);
  methods = $state.raw<MethodPair[]>([]);
  diff = $state.raw<RowDiffDto<PositionDto> | null>(null);
  /** What was compared (names and revisions), for the headings. */
  compared = $state.raw<{ a: string; b: string } | null>(null);
  /**
   * Per differing row (key `kind:id`), the IM change in USD by method had only that row changed
   * on A (`margin:what-if` of its trades, rowTrades); `{}` for a row with no size change. The
   * effects of several rows do not add up to B − A in general (margin is not linear).
   */
  rowEffects = $state.raw<Record<string, Record<string, string>>>({});
  busy = $state(false);
  error = $state<string | null>(null);
  readonly #api: AppApi;
  readonly #ws: WorkspaceState;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.#api = api;
    this.#ws = ws;
  }

  /** Start both sides on the open portfolio: A its previous revision (if any), B its latest. */
  async init(): Promise<void> {
    const id = this.#ws.portfolio?.id ?? this.#ws.portfolios[0]?.id;
    if (!id || this.a.portfolioId) return;
    await this.pick('a', id);
    await this.pick('b', id);
    const revs = this.historyA.map((r) => r.revision).sort((x, y) => y - x);
    if (revs.length > 1) this.a = { portfolioId: id, revision: revs[1] };
  }

  /** Choose a side's portfolio (its latest revision), loading its revision list. */
  async pick(side: 'a' | 'b', portfolioId: string): Promise<void> {
    try {
      const history = await this.#api.storage.portfolioHistory({ id: portfolioId });
      const latest = history.reduce((m, r) => Math.max(m, r.revision), 0);
      if (side === 'a') { this.historyA = history; this.a = { portfolioId, revision: latest }; } else { this.historyB = history; this.b = { portfolioId, revision: latest }; }
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Run both books under every listed method and diff their positions. */
  async compare(): Promise<void> {
    const ws = this.#ws;
    const { a, b } = this;
    if (!a.portfolioId || !b.portfolioId || !ws.marketId) return;
    this.busy = true;
    this.error = null;
    try {
      const get = (s: BookSide): Promise<PortfolioDto> => this.#api.portfolio.get({ id: s.portfolioId, revision: s.revision });
      const [pa, pb] = await Promise.all([get(a), get(b)]);
      const run = (p: PortfolioDto) => this.#api.margin.run({ portfolio: p, marketId: ws.marketId, methods: ws.methodIds, detailFor: ws.methodIds[0], ...(ws.parameterSets ? { parameterSets: ws.parameterSets } : {}) });
      const [ra, rb] = await Promise.all([run(pa), run(pb)]);
      this.methods = pairMethods(ra.outcomes, rb.outcomes);
      this.diff = a.portfolioId === b.portfolioId
        ? (await this.#api.storage.portfolioDiff({ id: a.portfolioId, from: a.revision, to: b.revision })).positions
        : positionDiff(pa.positions, pb.positions);
      this.compared = { a: `${pa.name} r${a.revision}`, b: `${pb.name} r${b.revision}` };
      this.rowEffects = {};
      const d = this.diff;
      const rows = [
        ...d.added.map((q) => ({ key: `added:${q.id}`, trades: rowTrades('added', undefined, q) })),
        ...d.removed.map((q) => ({ key: `removed:${q.id}`, trades: rowTrades('removed', q, undefined) })),
        ...d.changed.map((c) => ({ key: `changed:${c.key}`, trades: rowTrades('changed', c.old, c.new) })),
      ].slice(0, MAX_ROW_EFFECTS);
      const effects: Record<string, Record<string, string>> = {};
      for (const r of rows) {
        if (r.trades.length === 0) { effects[r.key] = {}; continue; }
        const w = await this.#api.margin.whatIf({ portfolio: pa, marketId: ws.marketId, methods: ws.methodIds, trades: r.trades, ...(ws.parameterSets ? { parameterSets: ws.parameterSets } : {}) });
        effects[r.key] = Object.fromEntries(w.map((x) => [x.methodId, x.incremental.initialMarginUsd]));
      }
      this.rowEffects = effects;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }
}
