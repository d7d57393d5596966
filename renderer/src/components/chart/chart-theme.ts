/**
 * Chart colours per theme (dark is the default of the workstation, light for print and daylight)
 * and the exact-figure formatter used by every chart's tooltip and axis.
 */
import type { ThemeName } from '../../lib/theme/app-theme.svelte';

/** The chart palette to use: the workstation's theme. */
export type ChartTheme = ThemeName;

/** Colours of one theme: background, text, grid, and the series palette (colour-blind safe, Okabe–Ito). */
export interface ChartPalette { bg: string; fg: string; grid: string; series: string[]; positive: string; negative: string; marker: string }

export const PALETTES: Readonly<Record<ChartTheme, ChartPalette>> = Object.freeze({
  dark: { bg: '#161d29', fg: '#e6ebf2', grid: '#273246', series: ['#5fb3ff', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#56b4e9', '#d55e00'], positive: '#50c88c', negative: '#ff6363', marker: '#ffd24d' },
  light: { bg: '#ffffff', fg: '#1b2430', grid: '#d5dbe3', series: ['#0b62b3', '#b36b00', '#007a5a', '#7a6c00', '#a1497c', '#2a7fb0', '#a84300'], positive: '#16814f', negative: '#c0282d', marker: '#9a6b00' },
});

/** A figure with thousands separators and `dp` decimals (full precision of the float when dp is undefined). */
export function exactFigure(v: number | null | undefined, dp?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return dp === undefined ? v.toLocaleString('en-US', { maximumFractionDigits: 10 }) : v.toLocaleString('en-US', { minimumFractionDigits: dp, maximumFractionDigits: dp });
}
