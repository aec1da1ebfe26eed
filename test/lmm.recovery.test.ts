// Recovery test of the mixed-model engine: scores generated (seeded) from a crossed/nested random
// intercept model with known variance components; REML must recover each component within 2
// asymptotic SEs (delta method on 2H⁻¹ in (θ, σ), as lmerTest's vcov of the variance parameters)
// at the rate sampling theory gives (≈ 95 %), and the fixed slope within 2 SE likewise.
import { describe, expect, it } from 'vitest';
import { fitLmm } from '../packages/stats/src/lmm/index.js';
import { seeded } from '../packages/stats/src/util/rng.js';

const TRUTH = { model_id: 0.04, contributor: 0.02, benchmark: 0.03, Residual: 0.025 };
const BETA = { intercept: 0.5, slope: 0.2 };

function simulate(seed: number) {
  const rng = seeded(seed);
  const nModels = 240;
  const nContrib = 40;
  const nBench = 25;
  const bench = Array.from({ length: nBench }, () => Math.sqrt(TRUTH.benchmark) * rng.normal());
  const contrib = Array.from({ length: nContrib }, () => Math.sqrt(TRUTH.contributor) * rng.normal());
  const data = { score: [] as number[], x: [] as number[], model_id: [] as string[], contributor: [] as string[], benchmark: [] as string[] };
  for (let m = 0; m < nModels; m++) {
    const c = m % nContrib;
    const x = rng.normal();
    const mu = BETA.intercept + BETA.slope * x + contrib[c]! + Math.sqrt(TRUTH.model_id) * rng.normal();
    for (let b = 0; b < nBench; b++) {
      data.score.push(mu + bench[b]! + Math.sqrt(TRUTH.Residual) * rng.normal());
      data.x.push(x);
      data.model_id.push(`m${m}`);
      data.contributor.push(`c${c}`);
      data.benchmark.push(`b${b}`);
    }
  }
  return data;
}

describe('lmm recovery (seeded simulation, known components)', () => {
  it('covers each true component and the slope within 2 SE at the nominal rate over 30 seeds', () => {
    let hits = 0;
    let total = 0;
    const misses: string[] = [];
    for (let s = 0; s < 30; s++) {
      const seed = 1000 + s;
      const fit = fitLmm(simulate(seed), 'score ~ x + (1|model_id) + (1|contributor) + (1|benchmark)');
      for (const c of fit.varcomp) {
        const truth = TRUTH[c.group as keyof typeof TRUTH];
        expect(c.se, `seed ${seed} ${c.group}`).not.toBeNull();
        const z = Math.abs(c.variance - truth) / c.se!;
        // no single estimate is wildly off: |z| < 4.5 (probability < 1e-5 per check)
        expect(z, `seed ${seed} ${c.group} ${c.variance} ± ${c.se}`).toBeLessThan(4.5);
        total++;
        if (z <= 2) hits++;
        else misses.push(`seed ${seed} ${c.group} z=${z.toFixed(2)}`);
      }
      const slope = fit.fixef.find((f) => f.name === 'x')!;
      const zb = Math.abs(slope.estimate - BETA.slope) / slope.se;
      total++;
      if (zb <= 2) hits++;
      else misses.push(`seed ${seed} slope z=${zb.toFixed(2)}`);
    }
    // 150 checks, nominal 95.4 %: a binomial 99.9 % band is about ± 5.5 points; Wald intervals for
    // a variance with 25–40 levels undercover slightly, so the band is [0.88, 1].
    const rate = hits / total;
    expect(rate, misses.join('; ')).toBeGreaterThan(0.88);
  });

  it('same seed, same bytes', () => {
    const a = fitLmm(simulate(7), 'score ~ x + (1|model_id) + (1|benchmark)');
    const b = fitLmm(simulate(7), 'score ~ x + (1|model_id) + (1|benchmark)');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
