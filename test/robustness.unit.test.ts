// The replicate interface and the robustness studies on small simulated data (CI cost kept small; the
// large studies are in bench/): determinism (same seed → same bytes), order-independent reduction,
// refusal of a foreign plan's result, one replicate's fit = `cfa` on the same items to 1e-10.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';
import { canonicalJson, collectResults, listReplicates, replicateData, replicateLine, runReplicate, sha256, streamSeed, utf8 } from '../packages/stats/src/replicate/index.js';
import { formatRobustness, reduceRobustness, robustnessCharts, robustnessPlan, ROBUSTNESS_STUDY, runRobustness } from '../packages/stats/src/robustness/index.js';
import { runCfa } from '../packages/stats/src/cfa/index.js';
import { Rng } from '../packages/stats/src/util/rng.js';
import { ResponseMatrix, type Leaderboard } from '../packages/stats/src/data/leaderboard.js';

const lb = simulationLeaderboard(simulate({ models: 300, benchmarks: 3, itemsPerBenchmark: 8, seed: 41 }));
const small = { structures: ['general', 'bifactor', 'correlated'] as ('general' | 'bifactor' | 'correlated')[], bootstrap: 3, permutations: 2, folds: 2, subsample: 4, seed: 9, ooSIntervalResamples: 20 };

describe('replicate interface', () => {
  it('SHA-256 matches the FIPS test vector; streams depend on (seed, kind, r) only', () => {
    expect(sha256(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(streamSeed(1, 'bootstrap', 3)).toBe(streamSeed(1, 'bootstrap', 3));
    expect(streamSeed(1, 'bootstrap', 3)).not.toBe(streamSeed(1, 'bootstrap', 4));
    expect(streamSeed(1, 'bootstrap', 3)).not.toBe(streamSeed(1, 'permutation', 3));
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });

  const runA = runRobustness(lb, small);
  const runB = runRobustness(lb, small);

  it('same seed → the same replicates.jsonl and robustness.json bytes', () => {
    const lines = (r: typeof runA) => r.results.map(replicateLine).join('\n');
    expect(lines(runA)).toBe(lines(runB));
    expect(JSON.stringify(runA.report)).toBe(JSON.stringify(runB.report));
    const other = runRobustness(lb, { ...small, seed: 10 });
    expect(other.plan.plan_hash).not.toBe(runA.plan.plan_hash);
  });

  it('reduction in shuffled order (with a duplicate) gives the same report; a foreign or altered result is refused', () => {
    const shuffled = new Rng(3).shuffle([...runA.results]);
    shuffled.push(runA.results[1]!);
    const rep = reduceRobustness(runA.plan, collectResults(runA.plan, shuffled));
    expect(JSON.stringify(rep)).toBe(JSON.stringify(runA.report));
    const foreign = runRobustness(lb, { ...small, seed: 10, bootstrap: 1, permutations: 0, folds: 0 }).results[0]!;
    expect(() => collectResults(runA.plan, [...runA.results, foreign])).toThrow(/belongs to plan .*not to this plan/);
    const altered = { ...runA.results[0]!, selected: 'nonsense' };
    expect(() => collectResults(runA.plan, [...runA.results, altered])).toThrow(/present twice with different contents/);
  });

  it('a replicate does not depend on run order (run alone = run in sequence)', () => {
    const data = replicateData(lb);
    const plan = robustnessPlan(data, small);
    const ids = listReplicates(plan);
    const last = ids[ids.length - 1]!;
    const alone = runReplicate(ROBUSTNESS_STUDY, plan, replicateData(lb), last);
    expect(replicateLine(alone)).toBe(replicateLine(runA.results.find((r) => r.kind === last.kind && r.r === last.r)!));
  });

  it('one bootstrap replicate’s fits equal `cfa` on the same item subset to 1e-10 (complete data)', () => {
    const rep0 = runA.results.find((r) => r.kind === 'bootstrap' && r.r === 0)!;
    const items = rep0.items!.map((j) => lb.items[j]!);
    const J = lb.items.length;
    const resp = new ResponseMatrix(lb.responses!.nModels, items.length);
    for (let m = 0; m < resp.nModels; m++) rep0.items!.forEach((j, u) => (resp.values[m * items.length + u] = lb.responses!.values[m * J + j]!));
    const sub: Leaderboard = { ...lb, items, responses: resp };
    const cfa = runCfa(sub, { structures: small.structures, admissible: true });
    for (const f of rep0.fits!) {
      const c = cfa.structures.find((s) => s.structure === f.structure)!;
      expect(f.status).toBe(c.status);
      expect(Math.abs(f.cfi_scaled! - c.fit!.cfi_scaled)).toBeLessThan(1e-10);
      expect(Math.abs(f.rmsea_scaled! - c.fit!.rmsea_scaled)).toBeLessThan(1e-10);
      expect(Math.abs(f.fmin! - c.fmin)).toBeLessThan(1e-10);
      for (const [fac, item, est] of f.loadings ?? []) expect(Math.abs(est - c.loadings.find((l) => l.factor === fac && l.item === item)!.std_all)).toBeLessThan(1e-10);
    }
  });

  it('robustness.json validates against its schema; every p-value in [0, 1]; the text names the rule; charts carry inline data', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync('packages/stats/schemas/robustness.schema.json', 'utf8')));
    const json = JSON.parse(JSON.stringify(runA.report));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    for (const s of runA.report.permutation!.structures) for (const p of Object.values(s.p_values)) if (p !== null) expect(p >= 0 && p <= 1).toBe(true);
    const text = formatRobustness(runA.report);
    expect(text).toMatch(/Rule: parsimony \(default\)/);
    expect(text).toMatch(/Permutation control/);
    const charts = robustnessCharts(runA.report);
    expect(Object.keys(charts).sort()).toEqual(['fit_cfi', 'fit_rmsea', 'oos_auc', 'oos_mae', 'permutation_cfi', 'selection_rates']);
    for (const c of Object.values(charts)) expect(Array.isArray((c.data as { values: unknown[] }).values)).toBe(true);
  });

  it('--resample-models: models drawn with replacement by cluster, deterministic; same item draw as the fixed-model plan, different fits', () => {
    const o = { ...small, bootstrap: 2, permutations: 0, folds: 0, resampleModels: true };
    const a = runRobustness(lb, o);
    const b = runRobustness(lb, o);
    expect(a.results.map(replicateLine).join('\n')).toBe(b.results.map(replicateLine).join('\n'));
    const fixed = runA.results.find((r) => r.kind === 'bootstrap' && r.r === 0)!;
    const res = a.results.find((r) => r.kind === 'bootstrap' && r.r === 0)!;
    expect(res.items).toEqual(fixed.items);
    expect(res.fits![0]!.cfi_scaled).not.toBe(fixed.fits![0]!.cfi_scaled);
    expect(a.report.design.join(' ')).toMatch(/resample the models with replacement, by cluster/);
  });
});
