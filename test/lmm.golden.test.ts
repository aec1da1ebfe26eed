// Golden test of the mixed-model engine against lme4 1.1 + lmerTest 3.1 (tight nloptwrap fits),
// on the committed simulated leaderboard sim600. Reference values: test/fixtures/lmm/golden.json,
// written by test/fixtures/lmm/run.R (run by hand).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleLeaderboard, readModels, readScores } from '../packages/stats/src/io/index.js';
import { gtheoryTable, tableData } from '../packages/stats/src/gtheory/index.js';
import { fitLmm, type LmmData, type LmmFit } from '../packages/stats/src/lmm/index.js';

interface RCase {
  formula: string;
  data: 'scores' | 'models';
  reml: boolean;
  nobs: number;
  criterion: number;
  logLik: number;
  AIC: number;
  theta: number[];
  sigma: number;
  singular: boolean;
  varcorr: { grp: string; var1: string | null; var2: string | null; vcov: number; sdcor: number }[];
  fixef: { name: string; estimate: number; se: number; df: number; t: number; p: number }[];
  ranef: { group: string; columns: string[] | string; levels: string[]; values: number[][]; condVar: number[][] }[];
}

const root = new URL('..', import.meta.url).pathname;
const golden = JSON.parse(readFileSync(`${root}test/fixtures/lmm/golden.json`, 'utf8')) as Record<string, RCase> & {
  data: { mean_log10_params: number };
};
const dir = `${root}test/fixtures/data/sim600`;
const rd = (f: string) => ({ name: f, data: readFileSync(`${dir}/${f}`, 'utf8') });
const table = gtheoryTable(assembleLeaderboard({ scores: readScores(rd('benchmark_scores.csv')), models: readModels(rd('models.csv')) }));
const scoresData = tableData(table);

/** Model-level table (the latent-regression shape of issue 7): mean score per model. */
function modelsData(): LmmData {
  const ids: string[] = [];
  const sum = new Map<string, { s: number; n: number; i: number }>();
  table.model_id.forEach((id, i) => {
    const e = sum.get(id);
    if (e) {
      e.s += table.score[i]!;
      e.n++;
    } else {
      sum.set(id, { s: table.score[i]!, n: 1, i });
      ids.push(id);
    }
  });
  const rows = ids.map((id) => sum.get(id)!);
  const lp = rows.map((r) => table.log10_params[r.i]!);
  const mean = lp.reduce((a, b) => a + b, 0) / lp.length;
  return {
    model_id: ids,
    score: rows.map((r) => r.s / r.n),
    deployment: rows.map((r) => table.deployment[r.i]!),
    contributor: rows.map((r) => table.contributor[r.i]!),
    architecture: rows.map((r) => table.architecture[r.i]!),
    log10_params_c: lp.map((x) => x - mean),
    // unrelated grouping factor (last digit of the id), as in run.R
    digit: ids.map((id) => id.slice(-1)),
    lp2: lp.map((x) => (x - mean) ** 2),
  };
}
const modelLevel = modelsData();

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const cases = Object.keys(golden).filter((k) => k !== 'data');

describe('lmm golden (lme4 + lmerTest, tight nloptwrap)', () => {
  it('uses the same centring constant as the R script', () => {
    // relative 1e-12: both are the mean of the same 600 values
    expect(rel(table.meanLog10Params, golden.data.mean_log10_params)).toBeLessThan(1e-12);
  });

  for (const name of cases) {
    const r = golden[name] as RCase;
    describe(name, () => {
      let fit: LmmFit;
      it('fits', () => {
        fit = fitLmm(r.data === 'scores' ? scoresData : modelLevel, r.formula, { reml: r.reml });
        expect(fit.nobs).toBe(r.nobs);
      });
      it('criterion no worse than R by more than 1e-6 (absolute)', () => {
        expect(fit.criterion).toBeLessThanOrEqual(r.criterion + 1e-6);
        // and not implausibly better (same model): absolute 1e-3
        expect(Math.abs(fit.criterion - r.criterion)).toBeLessThan(1e-3);
        // logLik, AIC, BIC follow from the criterion and the parameter count: absolute 1e-3
        expect(Math.abs(fit.logLik - r.logLik)).toBeLessThan(1e-3);
        expect(Math.abs(fit.AIC - r.AIC)).toBeLessThan(1e-3);
        expect(Math.abs(fit.BIC - (r as RCase & { BIC: number }).BIC)).toBeLessThan(1e-3);
        expect(fit.singular).toBe(r.singular);
      });
      it('variance components within 1e-3 relative (correlations within 1e-3 absolute)', () => {
        const total = r.varcorr.filter((v) => v.var2 === null).reduce((s, v) => s + v.vcov, 0);
        for (const v of r.varcorr) {
          const grp = v.grp.replace(/\.\d+$/, '');
          if (v.grp === 'Residual') {
            expect(rel(fit.sigma ** 2, v.vcov)).toBeLessThan(1e-3);
            continue;
          }
          const mine = fit.varcomp.find((c) => c.group === grp && c.term === v.var1);
          expect(mine, `${v.grp} ${v.var1}`).toBeDefined();
          if (v.var2 === null) {
            // a component at the boundary (singular) is compared absolutely: 1e-6 of the total
            if (v.vcov < 1e-6 * total) expect(mine!.variance).toBeLessThan(1e-6 * total);
            else expect(rel(mine!.variance, v.vcov), `${v.grp} ${v.var1}`).toBeLessThan(1e-3);
          } else {
            expect(Math.abs(mine!.corr![v.var2]! - v.sdcor)).toBeLessThan(1e-3);
          }
        }
      });
      it('fixed effects within 1e-4, SEs within 1e-3, Satterthwaite df within 1e-2 (relative); p-values 1e-2 relative', () => {
        expect(fit.fixef.map((f) => f.name)).toEqual(r.fixef.map((f) => f.name));
        r.fixef.forEach((rf, j) => {
          const f = fit.fixef[j]!;
          expect(rel(f.estimate, rf.estimate), rf.name).toBeLessThan(1e-4);
          expect(rel(f.se, rf.se), rf.name).toBeLessThan(1e-3);
          expect(rel(f.df, rf.df), `${rf.name} df ${f.df} vs ${rf.df}`).toBeLessThan(1e-2);
          if (rf.p > 1e-300) expect(rel(f.p, rf.p), rf.name).toBeLessThan(1e-2);
        });
      });
      it('BLUPs within 1e-3 of the term SD (absolute) and conditional variances within 1e-2 relative', () => {
        for (const rr of r.ranef) {
          const cols = Array.isArray(rr.columns) ? rr.columns : [rr.columns];
          cols.forEach((col, c) => {
            const mine = fit.ranef.find((x) => x.group === rr.group && x.columns.includes(col))!;
            expect(mine, `${rr.group} ${col}`).toBeDefined();
            const k = mine.columns.length;
            const ci = mine.columns.indexOf(col);
            const sd = fit.varcomp.find((v) => v.group === rr.group && v.term === col)!.sd;
            rr.levels.forEach((lev, l) => {
              const li = mine.levels.indexOf(lev);
              expect(li, lev).toBeGreaterThanOrEqual(0);
              expect(Math.abs(mine.values[li * k + ci]! - rr.values[l]![c]!)).toBeLessThan(1e-3 * sd + 1e-12);
              const cv = mine.condVar![li * k * k + ci * k + ci]!;
              const rcv = rr.condVar[l]![c]!;
              // a component on the boundary (singular fit): both conditional variances ≈ 0, absolute 1e-6 of the total
              const total = fit.varcomp.reduce((a, v) => a + v.variance, 0);
              if (sd * sd < 1e-6 * total) {
                expect(cv).toBeLessThan(1e-6 * total);
                expect(rcv).toBeLessThan(1e-6 * total);
              } else expect(rel(cv, rcv), `${rr.group} ${lev}`).toBeLessThan(1e-2);
            });
          });
        }
      });
    });
  }
});
