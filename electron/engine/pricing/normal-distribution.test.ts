import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { erfc, erfcx, normCdf, normPdf } from './normal-distribution';

/** 150-digit reference: Φ(x) = ½ + φ(x)·Σ x^{2n+1}/(1·3·…·(2n+1)) (Marsaglia, J. Stat. Softw. 11(4) 2004). */
const D = Decimal.clone({ precision: 150 });
const PI = D.acos(-1);
function refCdf(x: number | Decimal): Decimal {
  const dx = new D(x);
  const x2 = dx.mul(dx);
  let term = dx, sum = dx;
  for (let n = 1; n < 5000; n++) {
    term = term.mul(x2).div(2 * n + 1);
    sum = sum.add(term);
    if (term.abs().lt(sum.abs().mul('1e-145'))) break;
  }
  const pdf = x2.div(-2).exp().div(PI.mul(2).sqrt());
  return pdf.mul(sum).add(0.5);
}

function relErr(actual: number, ref: Decimal): number {
  return new D(actual).sub(ref).abs().div(ref.abs()).toNumber();
}

describe('normCdf / erfc accuracy against a 150-digit reference', () => {
  const xs: number[] = [];
  for (let x = -20; x <= 8; x += 0.0731) xs.push(x);
  // Branch boundaries of Cody's approximation (in Φ's variable x = −√2·y).
  for (const y of [0.46875, 4]) for (const e of [-1e-9, 0, 1e-9]) { xs.push(-(y + e) * Math.SQRT2); xs.push((y + e) * Math.SQRT2); }
  it.each(xs.filter((x) => x <= 8))('Φ(%d) relative error within (8 + x²)·4e-16', (x) => {
    const ref = refCdf(x);
    expect(relErr(normCdf(x), ref)).toBeLessThanOrEqual((8 + x * x) * 4e-16);
  });

  it('erfc matches Φ: erfc(y) = 2Φ(−y√2)', () => {
    for (let y = -3; y <= 14; y += 0.0737) {
      const ref = refCdf(new D(y).mul(D.sqrt(2)).neg()).mul(2);
      expect(relErr(erfc(y), ref), `y=${y}`).toBeLessThanOrEqual((8 + y * y) * 4e-16);
    }
  });

  it('erfcx(y) = e^{y²}·erfc(y) to a few ulps on [−2, 14]', () => {
    for (let y = -2; y <= 14; y += 0.0913) {
      const dy = new D(y);
      const ref = refCdf(dy.mul(D.sqrt(2)).neg()).mul(2).mul(dy.mul(dy).exp());
      expect(relErr(erfcx(y), ref), `y=${y}`).toBeLessThanOrEqual(2e-15);
    }
  });

  it('tails and symmetry', () => {
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(40)).toBe(1);
    expect(normCdf(0)).toBe(0.5);
    for (let x = 0; x < 8; x += 0.25) expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThan(2e-16);
    expect(normPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
  });
});
