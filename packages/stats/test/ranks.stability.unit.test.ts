// Rank stability: ranks with ties, degenerate posteriors, retention sets, determinism, bad input.
import { describe, expect, it } from 'vitest';
import { rankDraws, rankStability, ranksDescending } from '../src/ranks/index.js';
import { seeded } from '../src/util/rng.js';

describe('ranksDescending', () => {
  it('ranks 1 = largest, ties share the mean rank', () => {
    expect(Array.from(ranksDescending([0.5, 0.9, 0.5, 0.1]))).toEqual([2.5, 1, 2.5, 4]);
  });
});

describe('rankStability', () => {
  const n = 200;
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);
  it('with zero posterior SD every draw gives the point ranking: intervals collapse, retention is 1 when raw = latent order', () => {
    const mean = Float64Array.from({ length: n }, (_, i) => -i / 10);
    const rep = rankStability({ ids, raw: mean.map((v) => v * 2 + 1), mean, sd: new Float64Array(n) }, { draws: 50, rng: seeded(1) });
    for (const m of rep.models) {
      expect(m.rankLo).toBe(m.latentRank);
      expect(m.rankHi).toBe(m.latentRank);
      expect(m.expectedRank).toBe(m.latentRank);
    }
    expect(rep.retention.map((r) => [r.set, r.size, r.retention])).toEqual([
      ['top 1%', 2, 1],
      ['top 10%', 20, 1],
      ['bottom 1%', 2, 1],
    ]);
    expect(rep.spearman).toBeCloseTo(1, 12);
    expect(rep.moversUp).toEqual([]);
  });

  it('a reversed raw ranking retains nothing at the top and moves the extremes most; 95 % intervals cover the true rank ~95 % of the time', () => {
    const rng = seeded(42);
    const truth = Float64Array.from({ length: n }, () => rng.normal());
    const sd = Float64Array.from({ length: n }, () => 0.2 + 0.3 * rng.uniform());
    const mean = truth.map((t, i) => t + sd[i]! * rng.normal());
    const rep = rankStability({ ids, raw: mean.map((v) => -v), mean, sd }, { draws: 400, rng: seeded(3) });
    expect(rep.retention[0]!.retention).toBe(0);
    expect(Math.abs(rep.moversUp[0]!.shift)).toBe(n - 1);
    // the intervals are for the rank given the data; the true ranks should mostly fall inside
    const trueRank = ranksDescending(truth);
    const covered = rep.models.filter((m, i) => m.rankLo <= trueRank[i]! && trueRank[i]! <= m.rankHi).length / n;
    expect(covered).toBeGreaterThan(0.85); // calibrated intervals: about 0.95 expected
  });

  it('same seed, same bytes; models without a raw score are left out and named', () => {
    const mean = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const sd = new Float64Array(n).fill(0.3);
    const raw = Float64Array.from(mean);
    raw[5] = NaN;
    const a = rankStability({ ids, raw, mean, sd }, { draws: 20, rng: seeded(9) });
    const b = rankStability({ ids, raw, mean, sd }, { draws: 20, rng: seeded(9) });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.leftOut).toEqual(['m5']);
    expect(a.nModels).toBe(n - 1);
    expect(Array.from(rankDraws(Float64Array.from([1, 0]), Float64Array.from([0, 0]), 2, seeded(1)))).toEqual([1, 2, 1, 2]);
  });

  it('rejects mismatched lengths and too few draws', () => {
    expect(() => rankStability({ ids: ['a'], raw: [1, 2], mean: [1], sd: [1] }, { rng: seeded(1) })).toThrow(/same length/);
    expect(() => rankStability({ ids, raw: new Float64Array(n), mean: new Float64Array(n), sd: new Float64Array(n) }, { draws: 3, rng: seeded(1) })).toThrow(/draws/);
  });
});
