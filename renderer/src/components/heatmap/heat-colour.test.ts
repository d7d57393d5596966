import { describe, expect, it } from 'vitest';
import { heatColour, pct } from './heat-colour';

describe('heatColour', () => {
  it('is centred on zero: losses red, gains green, equal magnitude equal intensity', () => {
    expect(heatColour(-5, 10, 'dark')).toBe('rgba(255, 99, 99, 0.31)');
    expect(heatColour(5, 10, 'dark')).toBe('rgba(80, 200, 140, 0.31)');
    expect(heatColour(0, 10, 'light')).toBe('rgba(22, 129, 79, 0.06)');
    expect(heatColour(-50, 10, 'light')).toBe('rgba(192, 40, 45, 0.56)');
  });
  it('formats moves as signed percentages', () => {
    expect(pct(0.05)).toBe('+5%');
    expect(pct(-0.125)).toBe('-12.5%');
    expect(pct(0)).toBe('0%');
  });
});
