/**
 * Parameter sweeps and method comparisons (issue 10 §3): margin per value of one numeric
 * parameter for every method that has it, and every method's figures side by side. Plain,
 * JSON-safe data; money as decimal strings. docs/formats.md gives the JSON Schemas.
 */
import type { DecimalString } from '../decimal-string';

/** Most points of one sweep. */
export const MAX_SWEEP_STEPS = 1000;

/** Margin of the book at one value of the swept parameter. */
export interface SweepPointDto {
  /** The parameter's value at this point (plain decimal text). */
  value: DecimalString;
  initialMarginUsd: DecimalString;
  maintenanceMarginUsd: DecimalString;
  /** The add-on with the largest USD amount at this point (`scenarioLoss`, `deltaShock`, …), or null when IM is 0. */
  bindingAddOn: string | null;
  /** IM and MM per settlement currency, in that currency. */
  byCurrency: Record<string, { initialMargin: DecimalString; maintenanceMargin: DecimalString }>;
}

/** One method's sweep, or why it could not run on the book. */
export type SweepMethodDto =
  | {
    methodId: string;
    ok: true;
    /** The declared parameter the path is an instance of (`currency_pair.<pair>.price_range`) and its bound. */
    declared: string;
    bound: string;
    /**
     * How often the scenarios were priced: `scenarioBuilds` risk-array sets were priced, and
     * `scenarioReuses` times a point took what was already built (priced rows, or the method's
     * whole built book); a parameter that only changes the aggregation prices once per sweep.
     */
    scenarioBuilds: number;
    scenarioReuses: number;
    points: SweepPointDto[];
  }
  | { methodId: string; ok: false; error: string };

/** Response of a sweep (`analysis:sweep`, `pmdesk sweep --format json`). */
export interface SweepResultDto {
  /** The swept parameter's path in each method's parameter set. */
  param: string;
  from: DecimalString;
  to: DecimalString;
  steps: number;
  values: DecimalString[];
  asOf: string;
  methods: SweepMethodDto[];
  /** Requested methods without this parameter (not swept). */
  skipped: { methodId: string; reason: string }[];
}

/** One method's figures in a side-by-side comparison. */
export interface MethodComparisonRowDto {
  methodId: string;
  label: string;
  role: 'portfolio' | 'standard' | 'placeholder';
  ok: boolean;
  /** The error when `ok` is false. */
  error?: string;
  initialMarginUsd?: DecimalString;
  maintenanceMarginUsd?: DecimalString;
  bindingAddOn?: string | null;
  /** The standard method this one's saving is measured against, and the saving (its IM − this IM, USD; positive = this method asks less). */
  savingAgainst?: string;
  savingUsd?: DecimalString;
}
