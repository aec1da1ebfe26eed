// Recovery and behaviour of runCompare / runGate on simulated pairs with known truth: the bootstrap is
// deterministic (same seed → same bytes) and covers the true difference at the nominal rate; mde_80 is the
// difference detected 80 % of the time; verdict intervals and adjusted p-values never disagree; the latent
// comparison and the harness stderr appear where they should; the independent-proportions fallback for tables.
import { describe, expect, it } from 'vitest';
import { ResponseMatrix, Rng, runCompare, runGate, readHarnessStderr, type Leaderboard, type ModelMeta } from '@cartograph/stats';

const meta = (id: string): ModelMeta => ({ id, name: id, paramsB: null, log10Params: null, architecture: null, contributor: null, deployment: null, extra: {} });

/** Paired 0/1 responses of models A and B on benchmarks of given sizes with P(A right) = pa, and the discordance set by `disc`. */
function pairLb(rng: Rng, benches: { name: string; n: number; pa: number; pb: number; both: number; cluster?: number }[], extraModels = 0): Leaderboard {
  const items = benches.flatMap((b) => Array.from({ length: b.n }, (_, i) => ({ id: `${b.name}:${i}`, benchmark: b.name, extra: b.cluster ? { subject: `s${i % b.cluster}` } : {} })));
  const M = 2 + extraModels;
  const r = new ResponseMatrix(M, items.length);
  let j = 0;
  for (const b of benches) {
    // cell probabilities: both right = both, A only = pa − both, B only = pb − both
    for (let i = 0; i < b.n; i++, j++) {
      const u = rng.uniform();
      const [x, y] = u < b.both ? [1, 1] : u < b.pa ? [1, 0] : u < b.pa + b.pb - b.both ? [0, 1] : [0, 0];
      r.set(0, j, x as 0 | 1);
      r.set(1, j, y as 0 | 1);
      for (let m = 2; m < M; m++) r.set(m, j, rng.uniform() < 0.5 ? 1 : 0);
    }
  }
  return { models: Array.from({ length: M }, (_, m) => meta(m === 0 ? 'A' : m === 1 ? 'B' : `M${m}`)), items, responses: r, scores: null, warnings: [], sources: [] };
}

describe('runCompare', () => {
  it('same seed → same bytes; another seed → another bootstrap interval', () => {
    const lb = pairLb(new Rng(3), [{ name: 'math', n: 300, pa: 0.6, pb: 0.5, both: 0.4 }, { name: 'code', n: 200, pa: 0.5, pb: 0.5, both: 0.35 }]);
    const one = JSON.stringify(runCompare(lb, { a: 'A', b: 'B', bootstrap: 500, seed: 9 }));
    const two = JSON.stringify(runCompare(lb, { a: 'A', b: 'B', bootstrap: 500, seed: 9 }));
    expect(two).toBe(one);
    const other = runCompare(lb, { a: 'A', b: 'B', bootstrap: 500, seed: 10 });
    expect(other.benchmarks[0]!.bootstrap_low).not.toBe(JSON.parse(one).benchmarks[0].bootstrap_low);
  });

  it('the paired bootstrap percentile interval covers the true difference at the nominal 95 % (400 simulated pairs)', async () => {
    // true diff = pa − pb = 0.05 on 400 items with 25 % discordant items; 400 replicates → MC SE of coverage ≈ 1.1 %
    let cover = 0;
    let coverTango = 0;
    const R = 400;
    for (let rep = 0; rep < R; rep++) {
      const lb = pairLb(new Rng(1000 + rep), [{ name: 'x', n: 400, pa: 0.65, pb: 0.6, both: 0.5 }]);
      const row = runCompare(lb, { a: 'A', b: 'B', bootstrap: 400, seed: rep }).benchmarks[0]!;
      if (row.bootstrap_low! <= 0.05 && 0.05 <= row.bootstrap_high!) cover++;
      if (row.verdict_ci_low <= 0.05 && 0.05 <= row.verdict_ci_high) coverTango++; // one benchmark: no adjustment
      if (rep % 50 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    // percentile bootstrap at n = 400 undercovers slightly; 4 MC SEs around 0.95
    expect(cover / R).toBeGreaterThan(0.905);
    expect(cover / R).toBeLessThan(0.99);
    expect(coverTango / R).toBeGreaterThan(0.905);
  });

  it('mde_80 is the difference detected about 80 % of the time (simulation, 400 replicates)', async () => {
    // discordance 0.3 on 500 items: se ≈ √(0.3/500) = 0.0245, mde ≈ 2.80·0.0245 = 0.0686
    const probe = runCompare(pairLb(new Rng(5), [{ name: 'x', n: 500, pa: 0.6, pb: 0.6, both: 0.45 }]), { a: 'A', b: 'B', bootstrap: 0 }).benchmarks[0]!;
    const mde = probe.mde_80;
    expect(mde).toBeGreaterThan(0.06);
    let hits = 0;
    const R = 400;
    for (let rep = 0; rep < R; rep++) {
      // A-only share 0.15 + mde/2, B-only 0.15 − mde/2: discordance 0.3, diff = mde
      const lb = pairLb(new Rng(5000 + rep), [{ name: 'x', n: 500, pa: 0.45 + 0.15 + mde / 2, pb: 0.45 + 0.15 - mde / 2, both: 0.45 }]);
      if (runCompare(lb, { a: 'A', b: 'B', bootstrap: 0 }).benchmarks[0]!.significant) hits++;
      if (rep % 100 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    // 0.8 ± 4 MC SEs (√(0.16/400) = 0.02); the observed discordance of the probe differs a little from 0.3
    expect(hits / R).toBeGreaterThan(0.72);
    expect(hits / R).toBeLessThan(0.88);
  });

  it('a verdict interval excludes 0 exactly when the adjusted p-value is below alpha (Holm and BH, clustered or not; exact below 25 discordant items, score test above)', () => {
    for (let s = 0; s < 30; s++) {
      const rng = new Rng(77 + s);
      const benches = Array.from({ length: 5 }, (_, k) => ({ name: `b${k}`, n: 20 + 50 * k, pa: 0.5 + 0.1 * rng.uniform(), pb: 0.5, both: 0.35, cluster: 8 }));
      const lb = pairLb(rng, benches);
      for (const adjust of ['holm', 'bh'] as const) {
        for (const cluster of [null, 'subject']) {
          const rep = runCompare(lb, { a: 'A', b: 'B', adjust, cluster, bootstrap: 0 });
          for (const r of rep.benchmarks) {
            const excludes = r.verdict_ci_low > 0 || r.verdict_ci_high < 0;
            expect(excludes, `${adjust} ${cluster} ${r.benchmark} p_adj=${r.p_adjusted}`).toBe(r.p_adjusted < 0.05);
            expect(r.verdict_alpha).toBeLessThanOrEqual(0.05);
          }
        }
      }
    }
  });

  it('clustered SEs are larger when items share a cluster effect; the report says which factor is used', () => {
    const rng = new Rng(8);
    const n = 600;
    const items = Array.from({ length: n }, (_, i) => ({ id: `mmlu:subj${i % 12}.${i}`, benchmark: 'mmlu', extra: {} }));
    const r = new ResponseMatrix(2, n);
    const eff = Array.from({ length: 12 }, () => rng.normal() * 0.25);
    for (let i = 0; i < n; i++) {
      const pa = 0.55 + eff[i % 12]!;
      r.set(0, i, rng.uniform() < pa ? 1 : 0);
      r.set(1, i, rng.uniform() < 0.55 ? 1 : 0);
    }
    const lb: Leaderboard = { models: [meta('A'), meta('B')], items, responses: r, scores: null, warnings: [], sources: [] };
    const rep = runCompare(lb, { a: 'A', b: 'B', cluster: 'prefix', bootstrap: 200 });
    const row = rep.benchmarks[0]!;
    expect(row.clusters).toBe(12);
    expect(row.se).toBeGreaterThan(row.se_unclustered!); // cluster effects of SD 0.25 on 12 subjects inflate the SE
    expect(row.test).toBe('clustered_wald');
    expect(rep.cluster_note).toMatch(/cadjust = FALSE/);
  });

  it('unknown model and no shared items are input errors; a benchmark without shared items is skipped with its reason', () => {
    const lb = pairLb(new Rng(1), [{ name: 'x', n: 50, pa: 0.5, pb: 0.5, both: 0.3 }, { name: 'y', n: 50, pa: 0.5, pb: 0.5, both: 0.3 }]);
    expect(() => runCompare(lb, { a: 'A', b: 'nope' })).toThrow(/unknown model "nope"/);
    expect(() => runCompare(lb, { a: 'A', b: 'A' })).toThrow(/the same model/);
    expect(() => runCompare(lb, { a: 'A', b: 'B', cluster: 'subject' })).toThrow(/no item column "subject" to cluster by/);
    for (let j = 50; j < 100; j++) lb.responses!.set(1, j, null);
    const rep = runCompare(lb, { a: 'A', b: 'B', bootstrap: 0 });
    expect(rep.skipped).toEqual([{ part: 'y', reason: 'no items answered by both A and B' }]);
    for (let j = 0; j < 50; j++) lb.responses!.set(1, j, null);
    expect(() => runCompare(lb, { a: 'A', b: 'B' })).toThrow(/no items answered by both A and B/);
  });

  it('tables without items: the independent-proportions test with the item counts, said to be weaker', () => {
    const lb: Leaderboard = {
      models: [meta('A'), meta('B')],
      items: [],
      responses: null,
      scores: { benchmarks: ['arc', 'gsm8k'], values: Float64Array.from([0.62, 0.41, 0.55, 0.43]), itemCounts: [1172, null] },
      warnings: [],
      sources: [],
    };
    const rep = runCompare(lb, { a: 'A', b: 'B' });
    expect(rep.source).toBe('scores');
    expect(rep.benchmarks).toHaveLength(1);
    expect(rep.benchmarks[0]!.test).toBe('independent_wald');
    expect(rep.benchmarks[0]!.a_only).toBeNull();
    expect(rep.skipped[0]!.part).toBe('gsm8k');
    expect(rep.notes.join(' ')).toMatch(/weaker than the paired comparison/);
  });

  it('latent comparison: P(θ_A > θ_B) from 2PL posteriors, near 1 for a much stronger model, with its caveats', () => {
    const rng = new Rng(21);
    const N = 150;
    const J = 30;
    const theta = Array.from({ length: N }, () => rng.normal());
    theta[0] = 1.5;
    theta[1] = -1.0;
    const bdiff = Array.from({ length: J }, () => rng.normal());
    const items = Array.from({ length: J }, (_, j) => ({ id: `q${j}`, benchmark: 'x', extra: {} }));
    const r = new ResponseMatrix(N, J);
    for (let i = 0; i < N; i++) for (let j = 0; j < J; j++) r.set(i, j, rng.uniform() < 1 / (1 + Math.exp(-1.5 * (theta[i]! - bdiff[j]!))) ? 1 : 0);
    const lb: Leaderboard = { models: theta.map((_, i) => meta(i === 0 ? 'A' : i === 1 ? 'B' : `M${i}`)), items, responses: r, scores: null, warnings: [], sources: [] };
    const rep = runCompare(lb, { a: 'A', b: 'B', latent: true, bootstrap: 0 });
    const lat = rep.benchmarks[0]!.latent!;
    expect(lat.p_a_greater).toBeGreaterThan(0.95);
    expect(lat.mean_a).toBeGreaterThan(lat.mean_b);
    expect(lat.note).toMatch(/ignores the calibration's uncertainty; a posterior probability, not a p-value/);
  });

  it("the harness's own stderr beside ours (unpaired vs paired)", () => {
    const lb = pairLb(new Rng(4), [{ name: 'arc_easy', n: 400, pa: 0.7, pb: 0.65, both: 0.55 }]);
    const res = (model: string, acc: number): { name: string; data: Uint8Array } => ({
      name: `logs/${model}/results_2024-01-01T00-00-00.json`,
      data: new TextEncoder().encode(JSON.stringify({ model_name: model, results: { arc_easy: { 'acc,none': acc, 'acc_stderr,none': Math.sqrt((acc * (1 - acc)) / 399) } } })),
    });
    const harness = readHarnessStderr([res('A', 0.7), res('B', 0.65)]);
    expect(harness).toHaveLength(2);
    const row = runCompare(lb, { a: 'A', b: 'B', harness, bootstrap: 0 }).benchmarks[0]!;
    expect(row.harness!.unpaired_se).toBeCloseTo(Math.sqrt((0.7 * 0.3 + 0.65 * 0.35) / 399), 12);
    expect(row.harness!.ratio).toBeLessThan(1); // pairing removes the shared item variance
    expect(row.harness!.note).toMatch(/as if the runs were independent/);
  });
});

describe('runGate on simulated regressions (issue acceptance: 2,000 items, 20 % discordant, margin 0.01)', () => {
  /** Exact counts: candidate-only b, baseline-only c out of n. */
  function exactLb(n: number, b: number, c: number): Leaderboard {
    const r = new ResponseMatrix(2, n);
    for (let i = 0; i < n; i++) {
      const [base, cand] = i < b ? [0, 1] : i < b + c ? [1, 0] : i < b + c + (n - b - c) / 2 ? [1, 1] : [0, 0];
      r.set(0, i, base as 0 | 1);
      r.set(1, i, cand as 0 | 1);
    }
    return { models: [meta('base'), meta('cand')], items: Array.from({ length: n }, (_, i) => ({ id: `q${i}`, benchmark: 'mmlu', extra: {} })), responses: r, scores: null, warnings: [], sources: [] };
  }
  it('a 5-point regression fails (exit 5); a 0.2-point difference passes (exit 0) but is not shown non-inferior', () => {
    const reg = runGate(exactLb(2000, 150, 250), { baseline: 'base', candidate: 'cand', margin: 0.01 });
    expect(reg.benchmarks[0]!.diff).toBeCloseTo(-0.05, 12);
    expect(reg.benchmarks[0]!.upper).toBeLessThan(-0.01);
    expect(reg.exit_code).toBe(5);
    const ok = runGate(exactLb(2000, 198, 202), { baseline: 'base', candidate: 'cand', margin: 0.01 });
    expect(ok.benchmarks[0]!.diff).toBeCloseTo(-0.002, 12);
    expect(ok.exit_code).toBe(0);
    expect(ok.benchmarks[0]!.verdict).toBe('inconclusive'); // lower bound ≈ −1.8 points < −1
    const ni = runGate(exactLb(2000, 198, 202), { baseline: 'base', candidate: 'cand', margin: 0.01, requireNoninferiority: true });
    expect(ni.exit_code).toBe(5);
    expect(ni.status).toBe('noninferiority_not_shown');
    const big = runGate(exactLb(20000, 1990, 2010), { baseline: 'base', candidate: 'cand', margin: 0.01, requireNoninferiority: true });
    expect(big.exit_code).toBe(0); // 20,000 items: lower bound ≈ −0.6 points > −1
  });
});

describe('the verdict test by discordant count', () => {
  it('exact McNemar below 25 discordant items, the score test from 25 on', () => {
    const lbOf = (b: number, c: number): Leaderboard => {
      const n = 100;
      const r = new ResponseMatrix(2, n);
      for (let i = 0; i < n; i++) {
        const [x, y] = i < b ? [1, 0] : i < b + c ? [0, 1] : [1, 1];
        r.set(0, i, x as 0 | 1);
        r.set(1, i, y as 0 | 1);
      }
      return { models: [meta('A'), meta('B')], items: Array.from({ length: n }, (_, i) => ({ id: `q${i}`, benchmark: 'x', extra: {} })), responses: r, scores: null, warnings: [], sources: [] };
    };
    const small = runCompare(lbOf(10, 2), { a: 'A', b: 'B', bootstrap: 0 }).benchmarks[0]!;
    expect(small.test).toBe('exact');
    expect(small.p_value).toBe(small.p_exact);
    const big = runCompare(lbOf(18, 7), { a: 'A', b: 'B', bootstrap: 0 }).benchmarks[0]!;
    expect(big.test).toBe('score');
    expect(big.p_value).toBe(big.p_chisq);
    const none = runCompare(lbOf(0, 0), { a: 'A', b: 'B', bootstrap: 0 }).benchmarks[0]!;
    expect(none.test).toBe('score'); // no discordant item: p = 1 and Tango's interval, not the degenerate [0, 0]
    expect(none.verdict_ci_high).toBeGreaterThan(0.01);
  });
});
