import { describe, expect, it } from 'vitest';
import { compareDecimal, formatDecimal } from './decimal-format';

describe('formatDecimal', () => {
  it('groups thousands and pads to the precision', () => {
    expect(formatDecimal('1234567.5', 2)).toBe('1,234,567.50');
    expect(formatDecimal('-450000', 0)).toBe('-450,000');
  });
  it('rounds half-even exactly, without float error', () => {
    expect(formatDecimal('0.125', 2)).toBe('0.12');
    expect(formatDecimal('0.135', 2)).toBe('0.14');
    expect(formatDecimal('1.0000000000000000000001', 4)).toBe('1.0000');
  });
  it('never shows negative zero', () => {
    expect(formatDecimal('-0.0001', 2)).toBe('0.00');
  });
  it('passes invalid input through', () => {
    expect(formatDecimal('abc', 2)).toBe('abc');
    expect(formatDecimal(undefined, 2)).toBe('');
  });
});

describe('compareDecimal', () => {
  it('orders numerically, not lexically', () => {
    expect(compareDecimal('9', '10')).toBe(-1);
    expect(compareDecimal('-1e3', '-999')).toBe(-1);
    expect(compareDecimal('1.50', '1.5')).toBe(0);
  });
});

describe('formatDecimalAuto', () => {
  it('keeps the value\'s own decimals within bounds', async () => {
    const { formatDecimalAuto } = await import('./decimal-format');
    expect(formatDecimalAuto('0.0625', 2, 8)).toBe('0.0625');
    expect(formatDecimalAuto('96510.5', 2, 8)).toBe('96,510.50');
    expect(formatDecimalAuto('0.123456789', 2, 8)).toBe('0.12345679');
  });
});

describe('formatPercent / isZeroDecimal', () => {
  it('formats fractions as percentages exactly', async () => {
    const { formatPercent, isZeroDecimal } = await import('./decimal-format');
    expect(formatPercent('0.2345', 1)).toBe('23.4%');
    expect(formatPercent('0.2355', 1)).toBe('23.6%');
    expect(formatPercent('1.5', 0)).toBe('150%');
    expect(isZeroDecimal('-0.000')).toBe(true);
    expect(isZeroDecimal('0.0001')).toBe(false);
  });
});
