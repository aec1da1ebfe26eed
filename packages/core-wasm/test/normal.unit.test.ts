import { describe, expect, it } from 'vitest';
import { normCdf, normPdf, normQuantile, normSf, normCdfArray, normQuantileArray, memoryBytes, ref } from '../src/index.js';

// Reference values: R 4.x pnorm/qnorm/dnorm (printed with digits = 17).
const cdfCases: [number, number][] = [
  [0, 0.5],
  [-1, 0.15865525393145705],
  [1.96, 0.9750021048517795],
  [-5, 2.866515718791939e-7],
  [-10, 7.619853024160527e-24],
  [-20, 2.753624118606233e-89],
  [-37.5, 4.605353e-308],
];
const qCases: [number, number][] = [
  [0.975, 1.959963984540054],
  [0.5, 0],
  [1e-10, -6.361340902404056],
  [0.01, -2.326347874040841],
];

const impls = {
  wasm: { normCdf, normPdf, normQuantile },
  ts: ref.normal,
};

for (const [name, f] of Object.entries(impls)) {
  describe(`normal distribution (${name})`, () => {
    it('cdf matches R to 1e-14 relative, tails included', () => {
      for (const [x, want] of cdfCases) {
        const tol = x === -37.5 ? 1e-6 : 1e-14; // R's printed value has 7 digits there
        expect(Math.abs(f.normCdf(x) - want)).toBeLessThanOrEqual(tol * Math.max(want, 1e-300));
      }
    });
    it('quantile matches R to 1e-14 absolute and inverts the cdf', () => {
      for (const [p, want] of qCases) expect(Math.abs(f.normQuantile(p) - want)).toBeLessThan(1e-14 * Math.max(1, Math.abs(want)));
      for (const p of [1e-300, 1e-20, 0.001, 0.3, 0.7, 0.999]) {
        const x = f.normQuantile(p);
        expect(Math.abs(f.normCdf(x) - p) / p).toBeLessThan(1e-13);
      }
      expect(f.normQuantile(0)).toBe(-Infinity);
      expect(f.normQuantile(1)).toBe(Infinity);
      expect(Number.isNaN(f.normQuantile(1.5))).toBe(true);
    });
    it('pdf', () => {
      expect(f.normPdf(0)).toBeCloseTo(0.3989422804014327, 15);
      expect(f.normPdf(2)).toBeCloseTo(0.05399096651318806, 15);
    });
  });
}

describe('normal kernels: wasm against TS reference', () => {
  it('agree to the last bits on a grid', () => {
    const xs = Array.from({ length: 2001 }, (_, i) => -40 + i * 0.04);
    const w = normCdfArray(xs);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(w[i]! - ref.normal.normCdf(xs[i]!))).toBeLessThanOrEqual(4e-15 * Math.max(w[i]!, 1e-300) + 1e-320) // AS and V8 exp differ by an ulp or two;
    const ps = Array.from({ length: 999 }, (_, i) => (i + 1) / 1000);
    const q = normQuantileArray(ps);
    for (let i = 0; i < ps.length; i++) expect(Math.abs(q[i]! - ref.normal.normQuantile(ps[i]!))).toBeLessThan(1e-15);
  });
  it('upper tail has no cancellation', () => {
    expect(normSf(10) / 7.619853024160527e-24 - 1).toBeLessThan(1e-14);
  });
  it('memory stays flat over many vectorised calls', () => {
    const xs = new Float64Array(100_000).map((_, i) => i / 1e5);
    normCdfArray(xs);
    const before = memoryBytes();
    for (let r = 0; r < 200; r++) normCdfArray(xs);
    expect(memoryBytes()).toBe(before);
  });
});
