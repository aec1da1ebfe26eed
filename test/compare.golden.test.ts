// Golden values of the closed forms behind compare and gate (packages/stats/src/compare/paired.ts) against
// R: binom.test / mcnemar.test(correct = FALSE), p.adjust (Holm, BH), sd(d)/√n, sandwich::vcovCL(type = "HC0",
// cadjust = FALSE), Tango's (1998) score interval by uniroot on the paper's statistic, prop.test(correct =
// FALSE), the power closed forms. Fixture: test/fixtures/compare/run.R → golden.json (regenerate with
// `Rscript test/fixtures/compare/run.R`; R is never run by the tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  adjustP,
  clusteredSe,
  detectable,
  exactMcNemarInterval,
  independentProportions,
  itemsNeeded,
  mcnemarChisq,
  mcnemarExact,
  pairedSe,
  tangoBound,
  tangoInterval,
  tangoP,
  tangoZ,
} from '@cartograph/stats';

const G = JSON.parse(readFileSync(join(__dirname, 'fixtures/compare/golden.json'), 'utf8'));
const arr = (x: number | number[]): number[] => (Array.isArray(x) ? x : [x]);
/** |got − want| ≤ tol·|want| (relative), or ≤ tol when want is 0. */
function rel(got: number, want: number, tol: number): void {
  const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
  expect(err, `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
}

describe('compare golden values vs R', () => {
  it('McNemar exact (binom.test) and χ² (mcnemar.test, correct = FALSE) within 1e-10 relative', () => {
    for (const c of G.mcnemar) {
      rel(mcnemarExact(c.b, c.c), c.p_exact, 1e-10);
      const x = mcnemarChisq(c.b, c.c);
      rel(x.statistic, c.chisq, 1e-12);
      rel(x.p, c.p_chisq, 1e-10);
      // the interval inverting the exact test: binom.test's Clopper–Pearson interval mapped to Δ
      const ci = exactMcNemarInterval(c.b, c.c, c.n, 0.05);
      for (const [got, want] of [[ci.lo, c.exact_ci[0]], [ci.hi, c.exact_ci[1]]] as const) (Math.abs(want) < 1e-12 ? expect(Math.abs(got)).toBeLessThan(1e-12) : rel(got, want, 1e-10));
    }
  });

  it('Holm and BH equal p.adjust within 1e-12 relative', () => {
    for (const c of G.p_adjust) {
      const p = arr(c.p);
      adjustP(p, 'holm').forEach((v, i) => rel(v, arr(c.holm)[i]!, 1e-12));
      adjustP(p, 'bh').forEach((v, i) => rel(v, arr(c.bh)[i]!, 1e-12));
    }
  });

  it('paired SE = sd(d)/√n and the clustered SE = vcovCL(HC0, cadjust = FALSE) within 1e-10 relative', () => {
    for (const c of G.se) {
      const a: number[] = c.a;
      const b: number[] = c.b;
      let aOnly = 0;
      let bOnly = 0;
      for (let i = 0; i < a.length; i++) {
        if (a[i] && !b[i]) aOnly++;
        if (!a[i] && b[i]) bOnly++;
      }
      rel((aOnly - bOnly) / a.length, c.diff, 1e-12);
      rel(pairedSe({ n: a.length, both: 0, aOnly, bOnly, neither: 0 }), c.se, 1e-10);
      const d = a.map((x, i) => x - b[i]!);
      const cl = clusteredSe(d, c.cluster);
      rel(cl.se, c.se_cluster, 1e-10);
      // the small-sample factor we do NOT apply: cadjust = TRUE multiplies the variance by G/(G − 1)
      rel(cl.se * Math.sqrt(cl.clusters / (cl.clusters - 1)), c.se_cluster_cadjust, 1e-10);
    }
  });

  it("Tango's interval and one-sided bounds equal R's root-finding within 1e-10 relative (1e-12 absolute at 0)", () => {
    for (const c of G.tango) {
      const two = tangoInterval(c.b, c.c, c.n, c.alpha);
      const check = (got: number, want: number): void => (Math.abs(want) < 1e-12 ? expect(Math.abs(got)).toBeLessThan(1e-12) : rel(got, want, 1e-10));
      check(two.lo, c.lo);
      check(two.hi, c.hi);
      check(tangoBound(c.b, c.c, c.n, c.alpha, 'lower'), c.lower_1s);
      check(tangoBound(c.b, c.c, c.n, c.alpha, 'upper'), c.upper_1s);
      rel(tangoZ(c.b, c.c, c.n, -0.01), c.z_at_minus_001, 1e-12);
      rel(tangoP(c.b, c.c, c.n, -0.01, 'less'), c.p_less_at_minus_001, 1e-10);
    }
  });

  it('Tango at Δ0 = 0 is McNemar: Z(0)² = (b − c)²/(b + c) (1e-12)', () => {
    for (const [b, c, n] of [[12, 30, 100], [150, 250, 2000], [7, 0, 40]] as const) rel(tangoZ(b, c, n, 0) ** 2, ((b - c) ** 2) / (b + c), 1e-12);
  });

  it('independent proportions: pooled p = prop.test p and the Wald interval = its conf.int within 1e-10 relative', () => {
    for (const c of G.prop) {
      const r = independentProportions(c.p1, c.n1, c.p2, c.n2);
      rel(r.pPooled, c.p_pooled, 1e-10);
      const z = 1.959963984540054;
      rel(r.diff - z * r.se, c.ci[0], 1e-10);
      rel(r.diff + z * r.se, c.ci[1], 1e-10);
    }
  });

  it('mde_80 and items needed equal the closed forms within 1e-10 relative', () => {
    for (const c of G.power) {
      rel(detectable(c.se, c.alpha, 0.8), c.mde_80, 1e-10);
      expect(itemsNeeded(c.n * c.se * c.se, 0.02, c.alpha, 0.8)).toBe(c.items_needed_2pt);
    }
  });
});
