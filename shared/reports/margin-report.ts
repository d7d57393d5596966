/**
 * The margin report (issue 12 §1) as format-free tables: one model feeds the CSV, XLSX, HTML/PDF
 * and JSON writers, so every format shows the same sections with the same figures. Pure (no
 * Node, no DOM); every money figure stays the result's own decimal string — writers decide how to
 * show it (CSV copies it, XLSX stores it as a number cell, HTML prints it). Reports only format
 * results (OpenGamma Strata's report layer, house-style): nothing here prices or margins.
 *
 * Methods are whatever the caller ran (ids, labels and versions from the method registry): no
 * method id is known here.
 */
import type { MarginResultDto } from '../domain/dto/margin-result.dto';

/** How a column's values are typed and shown. */
export type ReportColumnKind =
  | 'text'
  /** A decimal string in a settlement currency (coin or USD-like). */
  | 'amount'
  /** A decimal string in USD. */
  | 'usd'
  /** A relative move or ratio (0.16 = 16 %), number or decimal string. */
  | 'percent'
  /** A plain number (an index price, a count). */
  | 'number';

export interface ReportColumn { key: string; label: string; kind: ReportColumnKind }

export type ReportCell = string | number | null;

/** One section of the report: a titled table. */
export interface ReportTable {
  /** File-safe id (`summary`, `positions`, …): the CSV file name and the XLSX sheet name. */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

/** One method as the report names it (from the registry and the result). */
export interface ReportMethod {
  id: string;
  label: string;
  version: string;
  parameterSet: { name: string; version: string };
}

export interface ReportHeader {
  portfolio: string;
  /** Stored revision number, or null for a book read from a file. */
  revision: number | null;
  asOf: string;
  appVersion: string;
  methods: ReportMethod[];
}

/** A method that failed on this book: shown in the report, never silently dropped. */
export interface ReportFailure { methodId: string; error: string }

export interface MarginReport {
  header: ReportHeader;
  failures: ReportFailure[];
  tables: ReportTable[];
  /** The scenario vectors per method and group, for the heatmap picture (HTML/PDF). */
  heatmaps: ReportHeatmap[];
}

/** One method's scenario P&L grid: one row per group, one cell per scenario entry. */
export interface ReportHeatmap {
  methodId: string;
  scenarios: { id: string; label: string; move: number }[];
  rows: { group: string; values: (number | null)[] }[];
}

/**
 * One position's mark and greeks (the engine's display figures, float64, never fed back into a
 * margin): mark per unit in the settlement currency (`markCoin`, options; USD `markUsd`), implied
 * vol, and the position's delta (underlying coin), gamma, vega and theta in the settlement
 * currency (size × per-unit greek, as the grid's row-figures.ts). Unset: not applicable.
 */
export interface PositionMarks {
  markCoin?: number; markUsd?: number; iv?: number;
  deltaCoin?: number; gammaCoin?: number; vegaCoin?: number; thetaCoin?: number;
  error?: string;
}

/** The mark columns of the positions table, in order (key, label, kind). */
export const MARK_COLUMNS: readonly [Exclude<keyof PositionMarks, 'error'>, string, ReportColumnKind][] = [
  ['markCoin', 'Mark', 'number'], ['markUsd', 'Mark (USD)', 'number'], ['iv', 'IV', 'percent'],
  ['deltaCoin', 'Delta', 'number'], ['gammaCoin', 'Gamma', 'number'], ['vegaCoin', 'Vega', 'number'], ['thetaCoin', 'Theta', 'number'],
];

/** What the report is built from. `results` in the order of `methods`. */
export interface MarginReportInput {
  portfolio: { name: string; positions: readonly { id: string; instrument: string; size: string }[] };
  /** Each position's mark, implied vol and greeks, by position id; absent: columns left empty. */
  marks?: ReadonlyMap<string, PositionMarks>;
  revision: number | null;
  appVersion: string;
  /** Label per method id (the registry's). */
  labels: Readonly<Record<string, string>>;
  outcomes: readonly ({ methodId: string; ok: true; result: MarginResultDto } | { methodId: string; ok: false; error: string })[];
  /** How many contributors per method and currency the top-contributors section lists. */
  topN?: number;
}

const col = (key: string, label: string, kind: ReportColumnKind): ReportColumn => ({ key, label, kind });

/** |x| of a decimal string, as a number: used only to rank contributors, never shown. */
function magnitude(s: string): number {
  const n = Number(s);
  return Number.isFinite(n) ? Math.abs(n) : 0;
}

/** Decimal-string difference a − b without floats (both plain decimals as results carry them). */
export function decimalSub(a: string, b: string): string {
  const parse = (s: string): { n: bigint; scale: number } => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) throw new Error(`not a plain decimal: ${s}`);
    const frac = m[3] ?? '';
    return { n: BigInt(`${m[1]}${m[2]}${frac}`), scale: frac.length };
  };
  const x = parse(a), y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const d = x.n * 10n ** BigInt(scale - x.scale) - y.n * 10n ** BigInt(scale - y.scale);
  const neg = d < 0n;
  let digits = (neg ? -d : d).toString().padStart(scale + 1, '0');
  if (scale > 0) {
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
  }
  return `${neg && digits !== '0' ? '-' : ''}${digits}`;
}

/** Build the report's sections from the method outcomes. */
export function buildMarginReport(input: MarginReportInput): MarginReport {
  const ok = input.outcomes.flatMap((o) => (o.ok ? [{ id: o.methodId, r: o.result }] : []));
  const failures = input.outcomes.flatMap((o) => (o.ok ? [] : [{ methodId: o.methodId, error: o.error }]));
  const header: ReportHeader = {
    portfolio: input.portfolio.name,
    revision: input.revision,
    asOf: ok[0]?.r.asOf ?? '',
    appVersion: input.appVersion,
    methods: ok.map(({ id, r }) => ({ id, label: input.labels[id] ?? id, version: r.methodVersion, parameterSet: r.parameterSet })),
  };

  // Summary: the saving of each method against the most demanding method of this report.
  const maxIm = ok.reduce<string | null>((m, { r }) => (m === null || Number(r.totals.initialMarginUsd) > Number(m) ? r.totals.initialMarginUsd : m), null);
  const summary: ReportTable = {
    id: 'summary', title: 'Summary',
    columns: [col('method', 'Method', 'text'), col('currency', 'Currency', 'text'), col('im', 'IM', 'amount'), col('mm', 'MM', 'amount'),
      col('imUsd', 'IM (USD)', 'usd'), col('mmUsd', 'MM (USD)', 'usd'), col('saving', 'IM saving vs highest (USD)', 'usd')],
    rows: ok.flatMap(({ id, r }) => [
      ...Object.values(r.byCurrency).map((c): ReportCell[] => [id, c.currency, c.initialMargin, c.maintenanceMargin, c.initialMarginUsd, c.maintenanceMarginUsd, null]),
      [id, 'total (USD)', null, null, r.totals.initialMarginUsd, r.totals.maintenanceMarginUsd, maxIm === null ? null : decimalSub(maxIm, r.totals.initialMarginUsd)],
    ]),
  };
  const addOns: ReportTable = {
    id: 'add-ons', title: 'Add-ons',
    columns: [col('method', 'Method', 'text'), col('currency', 'Currency', 'text'), col('addOn', 'Add-on', 'text'), col('amount', 'Amount', 'amount')],
    rows: ok.flatMap(({ id, r }) => Object.values(r.byCurrency).flatMap((c) => Object.entries(c.addOns).map(([k, v]): ReportCell[] => [id, c.currency, k, v]))),
  };
  const binding: ReportTable = {
    id: 'binding', title: 'Binding scenarios',
    columns: [col('method', 'Method', 'text'), col('currency', 'Currency', 'text'), col('group', 'Group', 'text'), col('scenario', 'Scenario', 'text'),
      col('label', 'Label', 'text'), col('move', 'Move', 'percent'), col('preAggregated', 'Pre-aggregated P&L', 'amount'), col('aggregated', 'Aggregated P&L', 'amount')],
    rows: ok.flatMap(({ id, r }) => Object.values(r.byCurrency).flatMap((c) => (c.bindingScenario
      ? [[id, c.currency, c.bindingScenario.group, c.bindingScenario.id, c.bindingScenario.label, c.bindingScenario.move, c.bindingScenario.preAggregated, c.bindingScenario.aggregated]]
      : []))),
  };
  const account: ReportTable = {
    id: 'account', title: 'Account',
    columns: [col('method', 'Method', 'text'), col('currency', 'Currency', 'text'), col('balance', 'Balance', 'amount'), col('equity', 'Equity', 'amount'),
      col('equityUsd', 'Equity (USD)', 'usd'), col('im', 'IM', 'amount'), col('mm', 'MM', 'amount'), col('ratio', 'MM / equity', 'percent'), col('available', 'Available funds', 'amount')],
    rows: ok.flatMap(({ id, r }) => (r.account?.currencies ?? []).map((a): ReportCell[] => [id, a.currency, a.balance, a.equity, a.equityUsd, a.initialMargin, a.maintenanceMargin, a.marginRatio, a.availableFunds])),
  };
  const liquidation: ReportTable = {
    id: 'liquidation', title: 'Distance to liquidation',
    columns: [col('method', 'Method', 'text'), col('underlying', 'Underlying', 'text'), col('currency', 'Currency', 'text'), col('index', 'Index', 'number'),
      col('moveMm', 'Move to MM', 'percent'), col('priceMm', 'Price at MM', 'number'), col('moveIm', 'Move to IM', 'percent'), col('priceIm', 'Price at IM', 'number')],
    rows: ok.flatMap(({ id, r }) => (r.account?.liquidation ?? []).map((l): ReportCell[] => [id, l.underlying, l.currency, l.index,
      l.toMaintenance?.move ?? null, l.toMaintenance?.price ?? null, l.toInitial?.move ?? null, l.toInitial?.price ?? null])),
  };
  const topN = input.topN ?? 10;
  const top: ReportTable = {
    id: 'top-contributors', title: `Top ${topN} contributors`,
    columns: [col('method', 'Method', 'text'), col('currency', 'Currency', 'text'), col('rank', 'Rank', 'number'), col('position', 'Position', 'text'),
      col('instrument', 'Instrument', 'text'), col('size', 'Size', 'amount'), col('pnl', 'P&L in binding', 'amount'), col('marginal', 'Marginal IM', 'amount')],
    rows: ok.flatMap(({ id, r }) => Object.values(r.byCurrency).flatMap((c) => [...c.contributions]
      .sort((a, b) => magnitude(b.marginalInitialMargin) - magnitude(a.marginalInitialMargin) || (a.positionId < b.positionId ? -1 : 1))
      .slice(0, topN)
      .map((p, i): ReportCell[] => [id, c.currency, i + 1, p.positionId, p.instrument, p.size, p.pnlInBinding, p.marginalInitialMargin]))),
  };
  const perMethod = ok.map(({ r }) => {
    const m = new Map<string, { group: string; pnl: string; marginal: string }>();
    for (const c of Object.values(r.byCurrency)) for (const p of c.contributions) m.set(p.positionId, { group: p.group, pnl: p.pnlInBinding, marginal: p.marginalInitialMargin });
    return m;
  });
  const positions: ReportTable = {
    id: 'positions', title: 'Positions',
    columns: [col('id', 'Position', 'text'), col('instrument', 'Instrument', 'text'), col('size', 'Size', 'amount'),
      ...MARK_COLUMNS.map(([k, label, kind]) => col(k, label, kind)),
      ...ok.flatMap(({ id }) => [col(`${id}:group`, `${id} group`, 'text'), col(`${id}:pnl`, `${id} P&L in binding`, 'amount'), col(`${id}:marginal`, `${id} marginal IM`, 'amount')])],
    rows: input.portfolio.positions.map((p) => [p.id, p.instrument, p.size,
      ...MARK_COLUMNS.map(([k]): ReportCell => input.marks?.get(p.id)?.[k] ?? null), ...perMethod.flatMap((m) => {
      const c = m.get(p.id);
      return [c?.group ?? null, c?.pnl ?? null, c?.marginal ?? null];
    })]),
  };
  const heatmaps: ReportHeatmap[] = ok.flatMap(({ id, r }) => {
    const groups = Object.values(r.byCurrency).flatMap((c) => c.groups);
    if (groups.length === 0 || groups[0].vector.length === 0) return [];
    const scenarios = groups[0].vector.map((e) => ({ id: e.id, label: e.label, move: e.move }));
    return [{
      methodId: id, scenarios,
      rows: groups.map((g) => ({ group: g.key, values: scenarios.map((s) => { const e = g.vector.find((v) => v.id === s.id); return e ? Number(e.aggregated) : null; }) })),
    }];
  });
  const about: ReportTable = {
    id: 'header', title: 'Report',
    columns: [col('field', 'Field', 'text'), col('value', 'Value', 'text'), col('detail', 'Detail', 'text')],
    rows: [
      ['portfolio', header.portfolio, null], ['revision', header.revision === null ? 'file' : String(header.revision), null],
      ['asOf', header.asOf, null], ['appVersion', header.appVersion, null],
      ...header.methods.map((m): ReportCell[] => [`method ${m.id}`, `${m.label} (version ${m.version})`, `parameters ${m.parameterSet.name} ${m.parameterSet.version}`]),
      ...failures.map((f): ReportCell[] => [`failed ${f.methodId}`, f.error, null]),
    ],
  };
  return { header, failures, tables: [about, summary, addOns, binding, account, liquidation, top, positions], heatmaps };
}

/** One report table as RFC 4180 CSV (UTF-8, `\r\n` rows, decimals copied unchanged). */
export function reportTableCsv(t: ReportTable): string {
  const cell = (v: ReportCell): string => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns.map((c) => cell(c.label)), ...t.rows.map((r) => r.map(cell))].map((r) => r.join(',')).join('\r\n') + '\r\n';
}
