/**
 * Margin reports as CSV (RFC 4180 quoting, `\n` rows), pure and shared by the CLI (`margin
 * --format csv`) and the app's exports. Every figure is the result's own decimal string, copied
 * unchanged: no rounding or float conversion happens here.
 */
import type { MarginResultDto } from '../domain/dto/margin-result.dto';
import type { MethodOutcomeDto } from '../domain/dto/margin-run.dto';
import type { PortfolioDto } from '../domain/dto/portfolio.dto';

/** One CSV cell: quoted when it holds a quote, comma, CR or LF. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: unknown[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

const RESULT_HEADER = ['section', 'currency', 'key', 'label', 'value', 'value2'];

function resultRows(r: MarginResultDto): unknown[][] {
  const rows: unknown[][] = [];
  for (const [ccy, c] of Object.entries(r.byCurrency)) {
    rows.push(['margin', ccy, 'initialMargin', 'IM', c.initialMargin, c.initialMarginUsd]);
    rows.push(['margin', ccy, 'maintenanceMargin', 'MM', c.maintenanceMargin, c.maintenanceMarginUsd]);
    for (const [k, v] of Object.entries(c.addOns)) rows.push(['addOn', ccy, k, k, v, '']);
    if (c.bindingScenario) rows.push(['binding', ccy, c.bindingScenario.id, c.bindingScenario.label, c.bindingScenario.aggregated, c.bindingScenario.preAggregated]);
    for (const g of c.groups) for (const e of g.vector) rows.push(['vector', ccy, `${g.key}:${e.id}`, e.label, e.aggregated, e.preAggregated]);
    for (const p of c.contributions) rows.push(['position', ccy, p.positionId, p.instrument, p.pnlInBinding, p.marginalInitialMargin]);
  }
  for (const a of r.account?.currencies ?? []) {
    rows.push(['account', a.currency, 'equity', 'equity', a.equity, a.equityUsd]);
    rows.push(['account', a.currency, 'availableFunds', 'available funds', a.availableFunds, '']);
    rows.push(['account', a.currency, 'marginRatio', 'MM / equity', a.marginRatio ?? '', '']);
  }
  for (const l of r.account?.liquidation ?? []) {
    rows.push(['liquidation', l.currency, l.underlying, 'move to MM', l.toMaintenance?.move ?? '', l.toMaintenance?.price ?? '']);
    rows.push(['liquidation', l.currency, l.underlying, 'move to IM', l.toInitial?.move ?? '', l.toInitial?.price ?? '']);
  }
  return rows;
}

/**
 * One method's result flattened into `section,currency,key,label,value,value2` rows: margins
 * (value = settlement currency, value2 = USD), add-ons, binding scenario (aggregated,
 * pre-aggregation), scenario vector, positions (P&L in the binding scenario, marginal IM),
 * account and distance to liquidation (move, price). The CLI's `margin --format csv`.
 */
export function marginResultCsv(r: MarginResultDto): string {
  return csv([RESULT_HEADER, ...resultRows(r)]);
}

/** Every method's result in one file: the rows of {@link marginResultCsv} with a leading `method` column; a failed method is one `error` row. */
export function marginRunCsv(outcomes: readonly MethodOutcomeDto[]): string {
  const rows: unknown[][] = [['method', ...RESULT_HEADER]];
  for (const o of outcomes) {
    if (!o.ok) rows.push([o.methodId, 'error', '', '', '', o.error, '']);
    else for (const r of resultRows(o.result)) rows.push([o.methodId, ...r]);
  }
  return csv(rows);
}

/**
 * The positions report: one row per position of the book, in book order (id, instrument, size,
 * average price, note), then per method `<method>:group`, `<method>:pnlInBinding` and
 * `<method>:marginalIM` (for standard margin the position's own IM). A position a method did not
 * margin (a failed method, or a summary result) has empty cells.
 */
export function positionsReportCsv(portfolio: PortfolioDto, outcomes: readonly MethodOutcomeDto[]): string {
  const methods = outcomes.map((o) => o.methodId);
  const byMethod = outcomes.map((o) => {
    const m = new Map<string, { group: string; pnl: string; marginal: string }>();
    if (o.ok) for (const c of Object.values(o.result.byCurrency)) for (const p of c.contributions) m.set(p.positionId, { group: p.group, pnl: p.pnlInBinding, marginal: p.marginalInitialMargin });
    return m;
  });
  const header = ['id', 'instrument', 'size', 'averagePrice', 'note', ...methods.flatMap((id) => [`${id}:group`, `${id}:pnlInBinding`, `${id}:marginalIM`])];
  const rows: unknown[][] = [header];
  for (const p of portfolio.positions) {
    const row: unknown[] = [p.id, p.instrument, p.size, p.averagePrice ?? '', p.note ?? ''];
    for (const m of byMethod) { const c = m.get(p.id); row.push(c?.group ?? '', c?.pnl ?? '', c?.marginal ?? ''); }
    rows.push(row);
  }
  return csv(rows);
}
