// runGate's decision rules on constructed counts: a regression is flagged exactly when the upper bound (at the
// level matched to its Holm-adjusted p) is below −margin; non-inferiority exactly when the lower bound is
// above −margin; gate.md escapes names from input files.
import { describe, expect, it } from 'vitest';
import { gateMarkdown, ResponseMatrix, Rng, runGate, type Leaderboard, type ModelMeta } from '@cartograph/stats';

const meta = (id: string): ModelMeta => ({ id, name: id, paramsB: null, log10Params: null, architecture: null, contributor: null, deployment: null, extra: {} });

function lbFrom(benches: { name: string; n: number; b: number; c: number }[], ids = ['base', 'cand']): Leaderboard {
  const items = benches.flatMap((x) => Array.from({ length: x.n }, (_, i) => ({ id: `${x.name}:${i}`, benchmark: x.name, extra: {} })));
  const r = new ResponseMatrix(2, items.length);
  let j = 0;
  for (const x of benches) {
    for (let i = 0; i < x.n; i++, j++) {
      const [base, cand] = i < x.b ? [0, 1] : i < x.b + x.c ? [1, 0] : i % 2 ? [1, 1] : [0, 0];
      r.set(0, j, base as 0 | 1);
      r.set(1, j, cand as 0 | 1);
    }
  }
  return { models: ids.map(meta), items, responses: r, scores: null, warnings: [], sources: [] };
}

describe('runGate', () => {
  it('regression ⟺ upper bound < −margin and non-inferior ⟺ lower bound > −margin (200 random 3-benchmark cases)', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 200; t++) {
      const benches = ['a', 'b', 'c'].map((name) => {
        const n = 100 + rng.int(1500);
        const disc = Math.floor(n * (0.05 + 0.3 * rng.uniform()));
        const b = rng.int(disc + 1);
        return { name, n, b, c: disc - b };
      });
      const margin = [0, 0.01, 0.02][t % 3]!;
      const rep = runGate(lbFrom(benches), { baseline: 'base', candidate: 'cand', margin });
      for (const r of rep.benchmarks) {
        expect(r.regression).toBe(r.upper < -margin);
        expect(r.noninferior).toBe(r.lower > -margin);
        expect(r.lower).toBeLessThanOrEqual(r.diff + 1e-12);
        expect(r.upper).toBeGreaterThanOrEqual(r.diff - 1e-12);
      }
      expect(rep.exit_code).toBe(rep.benchmarks.some((r) => r.regression) ? 5 : 0);
    }
  });

  it('gate.md escapes model and benchmark names from input files', () => {
    const rep = runGate(lbFrom([{ name: 'm|x<b>', n: 200, b: 10, c: 12 }], ['base|<script>', 'cand*']), { baseline: 'base|<script>', candidate: 'cand*' });
    const md = gateMarkdown(rep);
    expect(md).not.toMatch(/<script>/);
    expect(md).toMatch(/base\\\|&lt;script&gt;/);
    expect(md).toMatch(/\| m\\\|x&lt;b&gt; \| 200 \|/);
    expect(md).toMatch(/cand\\\*/);
  });

  it('a benchmark only one side answered is skipped with a warning; none shared is an input error', () => {
    const lb = lbFrom([{ name: 'a', n: 100, b: 5, c: 5 }, { name: 'b', n: 100, b: 5, c: 5 }]);
    for (let j = 100; j < 200; j++) lb.responses!.set(1, j, null);
    const warnings: string[] = [];
    const rep = runGate(lb, { baseline: 'base', candidate: 'cand', onWarning: (w) => warnings.push(w) });
    expect(rep.benchmarks.map((r) => r.benchmark)).toEqual(['a']);
    expect(rep.skipped.map((x) => x.part)).toEqual(['comparability', 'b']); // no setup information: the check is skipped, said so
    expect(warnings[0]).toMatch(/b: not gated/);
    for (let j = 0; j < 100; j++) lb.responses!.set(1, j, null);
    expect(() => runGate(lb, { baseline: 'base', candidate: 'cand' })).toThrow(/no items answered by both/);
  });
});
