// Bivariate normal CDF and density, WASM and TS reference, against high-precision values made by
// test/fixtures/bvn-reference.py (mpmath quadrature, 40 digits; see the script header).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bvnCdf, bvnPdf, bvnCdfArray, bvnPdfArray, normCdf, memoryBytes, ref } from '../src/index.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/bvn-reference.json', import.meta.url), 'utf8')) as {
  cases: [number, number, number, number][];
};

const impls = {
  wasm: { bvnCdf, bvnPdf, bvnCdfArray, bvnPdfArray },
  ts: ref.bvn,
};

for (const [name, f] of Object.entries(impls)) {
  describe(`bivariate normal (${name})`, () => {
    it(`Φ2 within 1e-12 absolute of ${fixture.cases.length} high-precision values, ρ ∈ (−1, 1)`, () => {
      let worst = 0;
      for (const [h, k, r, want] of fixture.cases) {
        const err = Math.abs(f.bvnCdf(h, k, r) - want);
        if (err > worst) worst = err;
        if (err > 1e-12) expect.fail(`Φ2(${h}, ${k}; ${r}) = ${f.bvnCdf(h, k, r)}, reference ${want}`);
      }
      expect(worst).toBeLessThan(1e-12);
    });
    it('limits: ρ = 0, ±1, infinite bounds', () => {
      expect(Math.abs(f.bvnCdf(0.3, -0.7, 0) - ref.normal.normCdf(0.3) * ref.normal.normCdf(-0.7))).toBeLessThan(1e-16);
      expect(f.bvnCdf(0, 0, 0.5)).toBeCloseTo(1 / 3, 15); // 1/4 + asin(ρ)/(2π)
      expect(Math.abs(f.bvnCdf(0.4, 1.2, 1) - normCdf(0.4))).toBeLessThan(1e-15);
      expect(Math.abs(f.bvnCdf(0.4, 1.2, -1) - Math.max(0, normCdf(0.4) + normCdf(1.2) - 1))).toBeLessThan(1e-15);
      expect(f.bvnCdf(-Infinity, 1, 0.3)).toBe(0);
      expect(Math.abs(f.bvnCdf(Infinity, 1, 0.3) - normCdf(1))).toBe(0);
    });
    it('φ2 is ∂Φ2/∂ρ (central differences, 1e-7 relative)', () => {
      for (const [h, k, r] of [[0.2, -0.4, 0.1], [1, 1.5, 0.6], [-1.2, 0.8, -0.85], [0.5, 0.4, 0.95], [-2, -2.5, 0.97]] as const) {
        const d = 1e-5;
        const fd = (f.bvnCdf(h, k, r + d) - f.bvnCdf(h, k, r - d)) / (2 * d);
        expect(Math.abs(fd / f.bvnPdf(h, k, r) - 1)).toBeLessThan(1e-7);
      }
    });
    it('vectorised forms equal the scalar ones', () => {
      const h = [0.1, -1, 2, 0];
      const k = [0.3, 0.5, -2, 0];
      const r = [0.2, -0.95, 0.99, 0];
      const c = f.bvnCdfArray(h, k, r);
      const p = f.bvnPdfArray(h, k, 0.4);
      for (let i = 0; i < 4; i++) {
        expect(c[i]).toBe(f.bvnCdf(h[i]!, k[i]!, r[i]!));
        expect(p[i]).toBe(f.bvnPdf(h[i]!, k[i]!, 0.4));
      }
    });
  });
}

describe('bivariate normal: WASM against the TS reference', () => {
  it('agree to 1e-15 on a dense grid', () => {
    const h: number[] = [];
    const k: number[] = [];
    const r: number[] = [];
    for (let a = -4; a <= 4; a += 0.5) for (let b = -4; b <= 4; b += 0.5) for (let c = -0.995; c < 1; c += 0.035) {
      h.push(a);
      k.push(b);
      r.push(c);
    }
    const w = bvnCdfArray(h, k, r);
    const t = ref.bvn.bvnCdfArray(h, k, r);
    let worst = 0;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i]! - t[i]!));
    expect(worst).toBeLessThan(1e-15);
  });
  it('memory stays flat', () => {
    const n = 10_000;
    const h = new Float64Array(n).map((_, i) => Math.sin(i));
    bvnCdfArray(h, h, 0.3);
    const before = memoryBytes();
    for (let i = 0; i < 50; i++) bvnCdfArray(h, h, 0.3);
    expect(memoryBytes()).toBe(before);
  });
});
