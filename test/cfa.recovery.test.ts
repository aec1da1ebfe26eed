// Recovery of the generating structure by categorical CFA (WLSMV) on the simulator's bifactor data
// (packages/stats/src/simulate; truth = the generating values): 2,000 models × 6 benchmarks × 15 items,
// specific factors orthogonal to g (γs = 0), three planted within-benchmark locally dependent pairs.
import { describe, expect, it } from 'vitest';
import { simulate, simulationLeaderboard, simulationTruth } from '../packages/stats/src/simulate/index.js';
import { buildStructure, fitCfa, prepareCfaData, cfaSampleStats, modificationIndices, scaledDifferenceTest, type CfaResult, type CfaState } from '../packages/stats/src/cfa/index.js';

const SEED = 20261123;

describe('cfa recovery on simulated bifactor data (2,000 models, seed 20261123)', () => {
  const sim = simulate({ models: 2000, benchmarks: 6, itemsPerBenchmark: 15, seed: SEED, gammaS: [0], ldPairs: 3, ldCross: 1 });
  const lb = simulationLeaderboard(sim);
  const truth = simulationTruth(sim) as {
    population: { items: { item_id: string; loading_g: number; loading_s: number }[]; local_dependence: { item_a: string; item_b: string; across_benchmarks: boolean }[] };
  };
  const { stats } = cfaSampleStats(lb.responses!, lb.items.map((i) => i.id));
  const data = prepareCfaData(stats);
  const fits = new Map<string, { result: CfaResult; state: CfaState }>();
  for (const s of ['general', 'second-order', 'bifactor', 'independent', 'correlated'] as const) {
    const { result, state } = fitCfa(data, buildStructure(s, lb.items));
    fits.set(s, { result, state: state! });
  }

  it('converges for every structure', () => {
    for (const [name, f] of fits) expect(f.result.converged, `${name}: ${f.result.message}`).toBe(true);
  });

  it('recovers the bifactor std.all loadings within RMSE 0.05 (seed 20261123)', () => {
    const bif = fits.get('bifactor')!.result;
    const truthBy = new Map(truth.population.items.map((t) => [t.item_id, t]));
    let ss = 0;
    let n = 0;
    for (const l of bif.loadings) {
      const t = truthBy.get(l.item)!;
      const want = l.factor === 'g' ? t.loading_g : t.loading_s;
      ss += (l.std_all - want) ** 2;
      n++;
    }
    const rmse = Math.sqrt(ss / n);
    console.log(`bifactor std loadings RMSE vs truth: ${rmse.toFixed(4)} (${n} loadings)`);
    expect(rmse).toBeLessThanOrEqual(0.05); // RMSE, absolute
  });

  it('ranks the planted within-benchmark dependent pairs in the top 5 by MI (bifactor)', () => {
    const mi = modificationIndices(data, fits.get('bifactor')!.state, (id) => lb.items.find((i) => i.id === id)?.benchmark);
    const top5 = mi.slice(0, 5).map((m) => [m.item1, m.item2].sort().join('~~'));
    const planted = truth.population.local_dependence.filter((p) => !p.across_benchmarks).map((p) => [p.item_a, p.item_b].sort().join('~~'));
    console.log('top 5 MI:', mi.slice(0, 5).map((m) => `${m.item1}~~${m.item2} ${m.mi.toFixed(1)}`).join(', '), '| planted:', planted.join(', '));
    expect(planted.length).toBe(3);
    for (const p of planted) expect(top5).toContain(p);
  });

  it('prefers bifactor: scaled difference test vs general and second-order at 1 %, lower scaled RMSEA than independent and correlated', () => {
    const st = (s: string) => fits.get(s)!.state;
    const vsGeneral = scaledDifferenceTest(data, st('general'), st('bifactor'), ['general', 'bifactor']);
    const vsSecond = scaledDifferenceTest(data, st('second-order'), st('bifactor'), ['second-order', 'bifactor']);
    console.log(`Δχ² general→bifactor ${vsGeneral.chisq_diff_scaled.toFixed(1)} (df ${vsGeneral.df_diff}, p ${vsGeneral.pvalue.toExponential(2)}); second-order→bifactor ${vsSecond.chisq_diff_scaled.toFixed(1)} (df ${vsSecond.df_diff}, p ${vsSecond.pvalue.toExponential(2)})`);
    expect(vsGeneral.pvalue).toBeLessThan(0.01);
    expect(vsSecond.pvalue).toBeLessThan(0.01);
    const r = (s: string) => fits.get(s)!.result.fit!.rmsea_scaled;
    expect(r('bifactor')).toBeLessThan(r('independent'));
    expect(r('bifactor')).toBeLessThan(r('correlated'));
  });
});
