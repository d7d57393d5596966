/** Diverging heatmap colour centred on zero: red for losses, green for gains, intensity |v|/scale. */
export function heatColour(v: number, scale: number, theme: 'dark' | 'light'): string {
  const x = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
  // At most 0.56 opacity: cell text keeps WCAG AA contrast on every shade (axe color-contrast).
  const a = Math.round((Math.abs(x) * 0.5 + 0.06) * 1000) / 1000;
  if (theme === 'light') return x < 0 ? `rgba(192, 40, 45, ${a})` : `rgba(22, 129, 79, ${a})`;
  return x < 0 ? `rgba(255, 99, 99, ${a})` : `rgba(80, 200, 140, ${a})`;
}

/** A move as a signed percentage (+5%, −12.5%). */
export const pct = (m: number): string => `${m > 0 ? '+' : ''}${(Math.round(m * 10000) / 100).toString()}%`;
