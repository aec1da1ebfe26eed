// Mixed-model engine unit tests: the formula parser (lme4 subset, errors pointing at the token) and the agreement of the two sparse paths.
import { describe, expect, it } from 'vitest';
import { parseFormula } from '../src/lmm/formula.js';
import { fitLmm } from '../src/lmm/fit.js';
import { residualSumOfSquares } from '../src/gtheory/gibbs-effects.js';

describe('parseFormula', () => {
  it('expands || into one term per column and a/b into a + b:a (lme4 naming)', () => {
    const f = parseFormula('y ~ x + (1 + x || g) + (1|a/b) + (0 + x | h)');
    expect(f.fixed).toEqual([{ vars: ['x'] }]);
    expect(f.random.map((r) => r.label)).toEqual(['(1 | g)', '(0 + x | g)', '(1 | a)', '(1 | b:a)', '(0 + x | h)']);
    expect(f.random[3]!.group).toEqual(['b', 'a']);
  });
  it('reads -1 / 0 as no intercept and x*z as x + z + x:z', () => {
    expect(parseFormula('y ~ 0 + x + (1|g)').intercept).toBe(false);
    expect(parseFormula('y ~ x - 1 + (1|g)').intercept).toBe(false);
    expect(parseFormula('y ~ x*z + (1|g)').fixed.map((t) => t.vars.join(':'))).toEqual(['x', 'z', 'x:z']);
  });
  it('points at the offending token', () => {
    expect(() => parseFormula('y ~ log(x) + (1|g)')).toThrow(/column 5.*function calls/s);
    expect(() => parseFormula('y ~ x + (1|g')).toThrow(/unterminated/);
    expect(() => parseFormula('y ~ x + 2 + (1|g)')).toThrow(/column 9.*numeric term '2'/s);
    expect(() => parseFormula('y ~ x % z')).toThrow(/column 7.*unsupported character '%'/s);
  });
  it('rejects a formula without random effects and unknown columns', () => {
    expect(() => fitLmm({ y: [1, 2, 3], x: [1, 2, 3] }, 'y ~ x')).toThrow(/no random-effects term/);
    expect(() => fitLmm({ y: [1, 2, 3], g: ['a', 'b', 'a'] }, 'y ~ x + (1|g)')).toThrow(/column 'x'/);
  });
});

describe('sparse paths agree', () => {
  it('closed-form elimination of the first block and the plain sparse LDLᵀ give the same fit (relative 1e-8)', async () => {
    const { seeded } = await import('../src/util/rng.js');
    const rng = seeded(5);
    const data = { y: [] as number[], x: [] as number[], m: [] as string[], c: [] as string[], b: [] as string[] };
    const cEff = Array.from({ length: 15 }, () => rng.normal() * 0.3);
    const bEff = Array.from({ length: 5 }, () => rng.normal() * 0.5);
    for (let i = 0; i < 120; i++) {
      const mEff = rng.normal() * 0.4;
      const x = rng.normal();
      // unbalanced: 2–5 scores per model (several groups of equal counts)
      for (let b = 0; b < 2 + (i % 4); b++) {
        data.y.push(1 + 0.3 * x + mEff + cEff[i % 15]! + bEff[b]! + 0.2 * rng.normal());
        data.x.push(x);
        data.m.push(`m${i}`);
        data.c.push(`c${i % 15}`);
        data.b.push(`b${b}`);
      }
    }
    for (const f of ['y ~ x + (1|m) + (1|c) + (1|b)', 'y ~ x + (1|m) + (1 + x | c)']) {
      const a = fitLmm(data, f);
      const z = fitLmm(data, f, { closedForm: false });
      expect(Math.abs(a.criterion - z.criterion)).toBeLessThan(1e-8 * Math.abs(z.criterion));
      a.varcomp.forEach((v, i) => expect(Math.abs(v.variance - z.varcomp[i]!.variance)).toBeLessThan(1e-5 * z.varcomp[i]!.variance + 1e-12));
      a.fixef.forEach((v, i) => {
        expect(Math.abs(v.se - z.fixef[i]!.se)).toBeLessThan(1e-6 * z.fixef[i]!.se);
        expect(Math.abs(v.df - z.fixef[i]!.df)).toBeLessThan(1e-3 * z.fixef[i]!.df);
      });
      const ra = a.ranef[0]!;
      const rz = z.ranef[0]!;
      ra.values.forEach((v, i) => expect(Math.abs(v - rz.values[i]!)).toBeLessThan(1e-6));
      ra.condVar!.forEach((v, i) => expect(Math.abs(v - rz.condVar![i]!)).toBeLessThan(1e-6 * rz.condVar![i]! + 1e-14));
    }
  });
});

describe('residual sum of squares from cross products', () => {
  it('equals the direct pass over the rows (relative 1e-10), both sparse paths', async () => {
    const { seeded } = await import('../src/util/rng.js');
    const { prepareLmm } = await import('../src/lmm/fit.js');
    const rng = seeded(8);
    const data = { y: [] as number[], x: [] as number[], m: [] as string[], c: [] as string[] };
    for (let i = 0; i < 60; i++)
      for (let b = 0; b < 1 + (i % 3); b++) {
        data.y.push(rng.normal());
        data.x.push(rng.normal());
        data.m.push(`m${i}`);
        data.c.push(`c${i % 7}`);
      }
    for (const closedForm of [true, false]) {
      const pls = prepareLmm(data, 'y ~ x + (1|m) + (1 + x | c)', { closedForm });
      pls.evaluate([0.7, 0.4, 0.1, 0.3]);
      const beta = Float64Array.from([0.2, -0.5]);
      const b = Float64Array.from({ length: pls.q }, () => rng.normal());
      const { frame } = pls;
      let direct = 0;
      for (let o = 0; o < frame.n; o++) {
        let f = frame.X[o]! * beta[0]! + frame.X[frame.n + o]! * beta[1]!;
        for (const t of frame.terms) for (let j = 0; j < t.k; j++) f += b[t.offset + t.codes[o]! * t.k + j]! * t.z[o * t.k + j]!;
        direct += (frame.y[o]! - f) ** 2;
      }
      expect(Math.abs(residualSumOfSquares(pls, beta, b) - direct) / direct).toBeLessThan(1e-10);
      pls.dispose();
    }
  });
});
