// Missing cells (listwise default, pairwise on request) and factor scores (EBM and EAP) on a small
// simulated leaderboard (seeded).
import { describe, expect, it } from 'vitest';
import { simulate, simulationLeaderboard } from '../src/simulate/index.js';
import { runCfa } from '../src/cfa/index.js';

describe('cfa with missing cells and factor scores (simulate seed 77)', () => {
  const lb = simulationLeaderboard(simulate({ models: 500, benchmarks: 3, itemsPerBenchmark: 8, seed: 77, missingRate: 0.02 }));

  it('listwise drops incomplete models and says how many; pairwise keeps all; estimates agree closely', () => {
    const lw = runCfa(lb, { structures: ['general', 'bifactor'] });
    const pw = runCfa(lb, { structures: ['general', 'bifactor'], missing: 'pairwise' });
    expect(lw.data.missing).toBe('listwise');
    expect(lw.data.models_dropped).toBeGreaterThan(0);
    expect(lw.n_models + lw.data.models_dropped).toBe(500);
    expect(pw.data.missing).toBe('pairwise');
    expect(pw.n_models).toBe(500);
    for (const r of [...lw.structures, ...pw.structures]) expect(r.converged, r.message).toBe(true);
    const g1 = lw.structures[0]!.loadings;
    const g2 = pw.structures[0]!.loadings;
    for (let k = 0; k < g1.length; k++) expect(Math.abs(g1[k]!.est - g2[k]!.est)).toBeLessThan(0.1); // absolute, same population
    expect(pw.structures[0]!.fit!.chisq_scaled).toBeGreaterThan(0);
  });

  it('EBM and EAP scores: EAP close to EBM, posterior SDs in (0, 1)', () => {
    const rep = runCfa(lb, { structures: ['general'], scores: true, eap: true });
    const t = rep.scores[0]!;
    expect(t.factors).toEqual(['g']);
    expect(t.models).toHaveLength(rep.n_models);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    const n = t.models.length;
    for (let m = 0; m < n; m++) {
      const a = t.ebm[m]!;
      const b = t.eap![m]!;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
      expect(t.eapSd![m]!).toBeGreaterThan(0);
      expect(t.eapSd![m]!).toBeLessThan(1);
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.99);
    expect(t.notConverged).toHaveLength(0);
  });
});
