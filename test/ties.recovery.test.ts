// Rank confidence sets (runTies, Mogstad, Romano, Shaikh & Wilhelm 2024) on simulated leaderboards with known
// true ranks: each model's marginal set covers its true rank at ≥ the nominal 95 % (up to Monte Carlo error),
// the joint sets cover all top-N ranks together, well-separated models get narrow bands, near-ties wide ones;
// same seed → same bytes; the Vega-Lite spec is plain JSON.
import { describe, expect, it } from 'vitest';
import { ResponseMatrix, Rng, runTies, tiesChart, type Leaderboard } from '@cartograph/stats';
import { normCdf } from '@cartograph/core-wasm';

/** K models with abilities θ on n items b ~ N(0, 1), P(right) = Φ(θ − b): true score Φ(θ/√2), true rank by θ. */
function leaderboard(rng: Rng, theta: number[], n: number, benches = 1): Leaderboard {
  const K = theta.length;
  const items = Array.from({ length: n }, (_, i) => ({ id: `q${i}`, benchmark: `b${i % benches}`, extra: {} }));
  const r = new ResponseMatrix(K, n);
  for (let i = 0; i < n; i++) {
    const b = rng.normal();
    for (let k = 0; k < K; k++) r.set(k, i, rng.uniform() < normCdf(theta[k]! - b) ? 1 : 0);
  }
  const models = theta.map((_, k) => ({ id: `m${k}`, name: `m${k}`, paramsB: null, log10Params: null, architecture: null, contributor: null, deployment: null, extra: {} }));
  return { models, items, responses: r, scores: null, warnings: [], sources: [] };
}

// abilities: a clear leader, a near-tie pair, a spread middle and a tail (true rank = index + 1)
const THETA = [1.6, 1.0, 0.97, 0.6, 0.4, 0.2, 0.0, -0.2, -0.5, -0.9, -1.2, -1.6];

describe('runTies', () => {
  it('marginal sets cover each true rank at ≥ 95 % and joint sets all top-5 ranks together (150 simulated leaderboards)', async () => {
    const R = 150;
    const top = 5;
    const cover = new Array<number>(THETA.length).fill(0);
    const seen = new Array<number>(THETA.length).fill(0);
    let joint = 0;
    let width = 0;
    for (let rep = 0; rep < R; rep++) {
      const lb = leaderboard(new Rng(300 + rep), THETA, 400);
      const t = runTies(lb, { top, draws: 200, seed: rep });
      let all = true;
      for (const m of t.models) {
        const k = Number(m.model.slice(1));
        seen[k]!++;
        if (m.rank_lo <= k + 1 && k + 1 <= m.rank_hi) cover[k]!++;
        if (!(m.joint_rank_lo <= k + 1 && k + 1 <= m.joint_rank_hi)) all = false;
        width += m.rank_hi - m.rank_lo;
      }
      if (all) joint++;
      if (rep % 25 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    // every model that appeared in the top 5 at least 30 times: coverage ≥ 0.95 − 4·√(0.05·0.95/30) ≈ 0.80;
    // pooled over models (≈ 750 statements) ≥ 0.95 − 4·0.008 = 0.918
    let c = 0;
    let s = 0;
    THETA.forEach((_, k) => {
      if (seen[k]! >= 30) expect(cover[k]! / seen[k]!, `model ${k}`).toBeGreaterThan(0.8);
      c += cover[k]!;
      s += seen[k]!;
    });
    expect(c / s).toBeGreaterThan(0.918);
    expect(joint / R).toBeGreaterThan(0.95 - 4 * Math.sqrt((0.05 * 0.95) / R)); // ≈ 0.88
    expect(width / s).toBeLessThan(6); // informative: far from the trivial band 1–12 (width 11)
  });

  it('a clear leader gets rank 1 alone; a near-tie pair cannot be told apart; same seed → same bytes', () => {
    const lb = leaderboard(new Rng(11), THETA, 2000, 2);
    const t = runTies(lb, { top: 4, draws: 300, seed: 3 });
    expect(t.models[0]!.model).toBe('m0');
    expect([t.models[0]!.rank_lo, t.models[0]!.rank_hi]).toEqual([1, 1]);
    const m1 = t.models.find((m) => m.model === 'm1')!;
    expect(m1.tied_with).toContain('m2'); // θ 1.00 vs 0.97: a 1-point gap in accuracy is within noise at 2,000 items
    expect(m1.rank_lo).toBe(2);
    expect(m1.rank_hi).toBeGreaterThanOrEqual(3);
    expect(t.benchmarks).toEqual(['b0', 'b1']);
    expect(JSON.stringify(runTies(lb, { top: 4, draws: 300, seed: 3 }))).toBe(JSON.stringify(t));
    const spec = tiesChart(t);
    expect(spec.$schema).toMatch(/vega-lite\/v5/);
    expect((spec.data as { values: unknown[] }).values).toHaveLength(4);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec); // plain JSON
  });

  it('models missing items are left out and said so; a benchmark-score table is an input error', () => {
    const lb = leaderboard(new Rng(2), THETA.slice(0, 4), 100);
    lb.responses!.set(3, 5, null);
    const t = runTies(lb, { top: 2, draws: 100 });
    expect(t.n_models).toBe(3);
    expect(t.excluded_models).toBe(1);
    expect(t.notes.join(' ')).toMatch(/1 models without a response on every item/);
    expect(() => runTies({ ...lb, responses: null }, { top: 2 })).toThrow(/need item responses/);
    expect(() => runTies(lb, { benchmark: 'nope' })).toThrow(/unknown benchmark "nope"/);
  });
});
