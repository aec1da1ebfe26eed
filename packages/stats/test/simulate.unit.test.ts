// Unit tests of the simulator (packages/stats/src/simulate): determinism, the scale identities that make
// truth.json's values the standardized values estimators report, planted local dependence, missingness,
// and option validation. The many-seeds recovery test is simulate.recovery.test.ts.
import { describe, expect, it } from 'vitest';
import { normCdf, normPdf } from '@cartograph/core-wasm';
import {
  InputError,
  MISSING,
  populationFactorCorrelations,
  simulate,
  simulationFiles,
  simulationLeaderboard,
  simulationTruth,
  assembleLeaderboard,
  readItems,
  readModels,
  readResponses,
  readScores,
} from '../src/index.js';

describe('simulate: determinism', () => {
  it('same seed → identical files; a different seed → different responses', () => {
    const a = simulationFiles(simulate({ models: 120, seed: 11 }));
    const b = simulationFiles(simulate({ models: 120, seed: 11 }));
    const c = simulationFiles(simulate({ models: 120, seed: 12 }));
    expect(b).toEqual(a);
    expect(c.find((f) => f.name === 'responses_wide.csv')!.content).not.toEqual(a.find((f) => f.name === 'responses_wide.csv')!.content);
  });

  it('structureSeed holds the instrument fixed while the population is redrawn', () => {
    const a = simulate({ models: 80, seed: 1, structureSeed: 99 });
    const b = simulate({ models: 80, seed: 2, structureSeed: 99 });
    expect(b.items).toEqual(a.items);
    expect(b.pairs).toEqual(a.pairs);
    expect(b.gammaS).toEqual(a.gammaS);
    expect(Array.from(b.thetaG)).not.toEqual(Array.from(a.thetaG));
  });

  it('changing the missing rate leaves the complete responses unchanged (separate random streams)', () => {
    const full = simulate({ models: 100, seed: 5 });
    const holey = simulate({ models: 100, seed: 5, missingRate: 0.2 });
    let differ = 0;
    for (let i = 0; i < full.responses.length; i++) {
      if (holey.responses[i] !== MISSING && holey.responses[i] !== full.responses[i]) differ++;
    }
    expect(differ).toBe(0);
  });
});

describe('simulate: scales of truth.json', () => {
  const sim = simulate({ models: 50, seed: 3, benchmarks: 4, itemsPerBenchmark: 8 });
  const o = sim.options;
  const phi = populationFactorCorrelations(o, sim.gammaS);

  it('Var(y*) = 1 for every item: λg² + λs² + 2λgλsφ(g,s_b) + ψ = 1 (abs 1e-12)', () => {
    for (const it of sim.items) {
      const v = it.loadingG ** 2 + it.loadingS ** 2 + 2 * it.loadingG * it.loadingS * phi[0]![1 + it.benchmarkIndex]! + it.residualVariance;
      expect(Math.abs(v - 1)).toBeLessThan(1e-12);
      expect(it.residualVariance).toBeGreaterThan(0.1);
      // the ecosystem mixture is close to normal: p within 0.02 of Φ(−τ)
      expect(Math.abs(it.pCorrect - normCdf(-it.threshold))).toBeLessThan(0.02);
    }
  });

  it('population factor correlations follow from the size slopes: φ(g,s_b) = γg·γs_b·σx² (abs 1e-12)', () => {
    const sx2 = o.log10ParamsSd ** 2;
    sim.gammaS.forEach((g, b) => expect(Math.abs(phi[0]![b + 1]! - o.gammaG * g * sx2)).toBeLessThan(1e-12));
    expect(phi.every((row, i) => row[i] === 1)).toBe(true);
  });

  it('θg variance shares sum to 1 and the residual share is positive', () => {
    const t = simulationTruth(sim) as { population: { theta_g_variance_shares: Record<string, number> } };
    const s = t.population.theta_g_variance_shares;
    const sum = Object.values(s).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(5e-6); // each share rounded to 6 decimals
    expect(s.residual!).toBeGreaterThan(0);
  });

  it('each θg is the sum of its parts', () => {
    for (let m = 0; m < sim.models.length; m++) {
      let s = 0;
      for (let c = 0; c < 5; c++) s += sim.thetaGParts[m * 5 + c]!;
      expect(Math.abs(s - sim.thetaG[m]!)).toBeLessThan(1e-12);
    }
  });

  it('truth.json reports the generating values exactly (loadings/thresholds at their 4-decimal values)', () => {
    const t = simulationTruth(sim) as { population: { items: { loading_g: number; threshold: number }[] } };
    t.population.items.forEach((it, j) => {
      expect(it.loading_g).toBe(sim.items[j]!.loadingG);
      expect(it.threshold).toBe(sim.items[j]!.threshold);
      expect(Math.round(it.threshold * 1e4) / 1e4).toBe(it.threshold);
    });
  });
});

/** P(Y1 > a, Y2 > b) for a standard bivariate normal with correlation r (Simpson's rule on z1 ∈ [a, 9]). */
function bvnUpper(a: number, b: number, r: number): number {
  const n = 4000;
  const h = (9 - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const z = a + i * h;
    const f = normPdf(z) * normCdf((r * z - b) / Math.sqrt(1 - r * r));
    s += f * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (s * h) / 3;
}

describe('simulate: planted local dependence', () => {
  it('joint proportion correct of a dependent pair matches the y* correlation INCLUDING the residual covariance (N = 40000, 4 SE)', () => {
    const N = 40_000;
    // No ecosystem effects here, so θg is exactly normal and the bivariate normal gives the exact joint.
    const sim = simulate({
      models: N, seed: 2024, benchmarks: 3, itemsPerBenchmark: 6, ldPairs: 2, ldCross: 1, ldCorrelation: 0.5,
      contributorVariance: 0, architectureVariance: 0, deploymentVariance: 0,
    });
    const phi = populationFactorCorrelations(sim.options, sim.gammaS);
    const J = sim.items.length;
    expect(sim.pairs.length).toBe(3);
    expect(sim.pairs.filter((p) => p.acrossBenchmarks).length).toBe(1);
    for (const p of sim.pairs) {
      const A = sim.items[p.itemA]!;
      const C = sim.items[p.itemB]!;
      // Model-implied y* correlation from the factors: λ'Φλ over (g, s_bA, s_bC), plus the planted δ.
      const fa = [A.loadingG, A.benchmarkIndex, A.loadingS] as const;
      const fc = [C.loadingG, C.benchmarkIndex, C.loadingS] as const;
      const common =
        fa[0] * fc[0] +
        fa[0] * fc[2] * phi[0]![1 + fc[1]]! +
        fa[2] * fc[0] * phi[1 + fa[1]]![0]! +
        fa[2] * fc[2] * phi[1 + fa[1]]![1 + fc[1]]!;
      expect(Math.abs(p.residualCovariance - p.residualCorrelation * Math.sqrt(A.residualVariance * C.residualVariance))).toBeLessThan(1e-12);
      let both = 0;
      for (let m = 0; m < N; m++) both += sim.responses[m * J + p.itemA]! & sim.responses[m * J + p.itemB]!;
      const observed = both / N;
      const withLd = bvnUpper(A.threshold, C.threshold, common + p.residualCovariance);
      const withoutLd = bvnUpper(A.threshold, C.threshold, common);
      const se = Math.sqrt((withLd * (1 - withLd)) / N);
      expect(Math.abs(observed - withLd)).toBeLessThan(4 * se);
      expect(observed - withoutLd).toBeGreaterThan(4 * se); // the dependence is visible
    }
  });
});

describe('simulate: population proportions correct over the ecosystem mixture', () => {
  it('each item: realised proportion within 4 binomial SE of the exact mixture p (N = 40000 iid models)', () => {
    const N = 40_000;
    const sim = simulate({ models: N, seed: 77, contributors: 30, benchmarks: 2, itemsPerBenchmark: 8, contributorVariance: 0.3, deploymentVariance: 0.15 });
    const J = sim.items.length;
    let maxGapFromNormal = 0;
    sim.items.forEach((it, j) => {
      let s = 0;
      for (let m = 0; m < N; m++) s += sim.responses[m * J + j]!;
      const se = Math.sqrt((it.pCorrect * (1 - it.pCorrect)) / N);
      expect(Math.abs(s / N - it.pCorrect)).toBeLessThan(4 * se);
      maxGapFromNormal = Math.max(maxGapFromNormal, Math.abs(it.pCorrect - normCdf(-it.threshold)));
    });
    expect(maxGapFromNormal).toBeGreaterThan(0); // the mixture is computed, not assumed normal
  });
});

describe('simulate: missingness and outputs', () => {
  it('missing cells and missing benchmarks at the requested rates (binomial, 4 SE)', () => {
    const sim = simulate({ models: 2000, seed: 8, missingRate: 0.1, missingBenchmarkRate: 0.2 });
    const J = sim.items.length;
    const K = sim.options.itemsPerBenchmark;
    let cells = 0;
    let benchMissing = 0;
    for (let m = 0; m < sim.models.length; m++) {
      for (let b = 0; b < sim.benchmarks.length; b++) {
        let miss = 0;
        for (let k = 0; k < K; k++) if (sim.responses[m * J + b * K + k] === MISSING) miss++;
        if (miss === K) benchMissing++;
        cells += miss;
      }
    }
    const nb = sim.models.length * sim.benchmarks.length;
    // P(all K missing) = 0.2 + 0.8·0.1^K; P(cell missing) = 0.2 + 0.8·0.1 = 0.28
    const pb = 0.2 + 0.8 * 0.1 ** K;
    expect(Math.abs(benchMissing / nb - pb)).toBeLessThan(4 * Math.sqrt((pb * (1 - pb)) / nb));
    const pc = 0.28;
    const nc = sim.models.length * J;
    // cells within a benchmark are dependent (shared benchmark drop). Missing count per block:
    // Var = 0.8·K·0.1·0.9 + (0.9K)²·0.2·0.8, so Var(proportion) = (0.2·0.8·0.9² + 0.8·0.1·0.9/K) / nb.
    const seCells = Math.sqrt((0.2 * 0.8 * 0.9 * 0.9 + (0.8 * 0.1 * 0.9) / K) / nb);
    expect(Math.abs(cells / nc - pc)).toBeLessThan(4 * seCells);
  });

  it('files: headers, row counts, wide and long agree, scores are the observed proportions', () => {
    const sim = simulate({ models: 40, seed: 4, benchmarks: 3, itemsPerBenchmark: 5, missingRate: 0.1 });
    const files = Object.fromEntries(simulationFiles(sim).map((f) => [f.name, f.content.trimEnd().split('\n')]));
    expect(files['models.csv']![0]).toBe('model_id,name,params_b,log10_params,architecture,contributor,deployment');
    expect(files['models.csv']!.length).toBe(41);
    expect(files['items.csv']!.length).toBe(16);
    expect(files['responses_wide.csv']!.length).toBe(41);
    const observed = sim.responses.filter((v) => v !== MISSING).length;
    expect(files['responses_long.csv']!.length).toBe(1 + observed);
    const wide = files['responses_wide.csv']!.slice(1).map((l) => l.split(','));
    const header = files['responses_wide.csv']![0]!.split(',');
    for (const line of files['responses_long.csv']!.slice(1)) {
      const [model, item, correct] = line.split(',');
      const row = wide.find((r) => r[0] === model)!;
      expect(row[header.indexOf(item!)]).toBe(correct);
    }
    const lb = simulationLeaderboard(sim);
    for (const line of files['benchmark_scores.csv']!.slice(1)) {
      const [model, bench, score, n] = line.split(',');
      const m = lb.models.findIndex((x) => x.id === model);
      const b = lb.scores!.benchmarks.indexOf(bench!);
      expect(Number(score)).toBeCloseTo(lb.scores!.values[m * 3 + b]!, 6);
      expect(Number(n)).toBeGreaterThan(0);
    }
    for (const line of files['models.csv']!.slice(1)) {
      const [, , paramsB, log10] = line.split(',');
      expect(Math.abs(Math.log10(Number(paramsB) * 1e9) - Number(log10))).toBeLessThan(2e-4); // params_b to 4 significant digits
    }
  });
});

describe('simulate: files read back through the readers give the in-memory leaderboard', () => {
  it('wide and long responses, items, models and scores round-trip (missing cells included)', () => {
    const sim = simulate({ models: 60, seed: 21, benchmarks: 3, itemsPerBenchmark: 6, missingRate: 0.1 });
    const files = Object.fromEntries(simulationFiles(sim).map((f) => [f.name, { name: f.name, data: f.content }]));
    const mem = simulationLeaderboard(sim);
    for (const form of ['responses_wide.csv', 'responses_long.csv'] as const) {
      const lb = assembleLeaderboard({
        responses: [readResponses(files[form]!)],
        items: readItems(files['items.csv']!),
        models: readModels(files['models.csv']!),
        scores: null,
        itemsPerBenchmark: null,
        warnings: [],
        sources: [],
      });
      expect(lb.models.map((m) => m.id)).toEqual(mem.models.map((m) => m.id));
      // the long form lists items in order of first appearance: compare cell by cell through the ids
      const col = new Map(lb.items.map((it, j) => [it.id, j]));
      expect(lb.items.length).toBe(mem.items.length);
      mem.items.forEach((it, j) => {
        const k = col.get(it.id)!;
        expect(lb.items[k]!.benchmark).toBe(it.benchmark);
        for (let m = 0; m < mem.models.length; m++) expect(lb.responses!.get(m, k)).toBe(mem.responses!.get(m, j));
      });
      lb.models.forEach((m, i) => {
        expect(m.log10Params).toBe(mem.models[i]!.log10Params);
        expect(m.contributor).toBe(mem.models[i]!.contributor);
        expect(m.architecture).toBe(mem.models[i]!.architecture);
        expect(m.deployment).toBe(mem.models[i]!.deployment);
      });
    }
    // benchmark_scores.csv = the observed proportions correct (6 decimals)
    const scores = readScores(files['benchmark_scores.csv']!);
    expect(scores.benchmarks).toEqual(mem.scores!.benchmarks);
    scores.modelIds.forEach((id, i) => {
      const m = mem.models.findIndex((x) => x.id === id);
      for (let b = 0; b < scores.benchmarks.length; b++) {
        expect(Math.abs(scores.values[i * scores.benchmarks.length + b]! - mem.scores!.values[m * 3 + b]!)).toBeLessThan(5e-7);
      }
    });
  });
});

describe('simulate: option validation names the option', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['too much explained variance', { gammaG: 2, log10ParamsSd: 0.5, contributorVariance: 0.3 }, /gammaG.*no residual variance/],
    ['non-integer models', { models: 10.5 }, /models.*integer/],
    ['bad loading range', { loadingG: [0.9, 0.5] }, /loadingG/],
    ['gammaS length', { gammaS: [0.1, 0.2] }, /gammaS.*one per benchmark/],
    ['missing rate', { missingRate: 1.5 }, /missingRate/],
    ['too many dependent pairs', { benchmarks: 1, itemsPerBenchmark: 3, ldPairs: 2, ldCross: 0 }, /ldPairs/],
    ['dependent pairs that cannot be placed', { models: 20, benchmarks: 2, itemsPerBenchmark: 4, ldPairs: 3, ldCross: 1 }, /do not fit.*--ld-pairs/],
  ];
  for (const [name, opts, re] of cases) {
    it(name, () => {
      expect(() => simulate(opts)).toThrow(InputError);
      expect(() => simulate(opts)).toThrow(re);
    });
  }
});
