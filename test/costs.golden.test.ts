// The cost layer's Jeffreys posterior against R (test/fixtures/costs/run.R --write → golden.json):
// P(accuracy > t) = 1 − pbeta(t, k + ½, n − k + ½), the 95 % Jeffreys interval by qbeta, and the cost per task.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costPerTask, jeffreys, pbeta, probAbove, type CostRow } from '@cartograph/stats';

const golden = JSON.parse(readFileSync('test/fixtures/costs/golden.json', 'utf8')) as {
  grid: { t: number; n: number; k: number; upper_tail: number; log_upper_tail: number; lower: number; upper: number }[];
  costs: (Omit<CostRow, 'benchmark' | 'p95_latency_s' | 'where'> & { cost_per_task: number })[];
};

describe('Jeffreys posterior vs R', () => {
  it(`P(acc > t) on ${golden.grid.length} grid points (n 1–14,042, k from 0 to n, t 0.05–0.99)`, () => {
    for (const g of golden.grid) {
      const p = probAbove(g.t, g.k, g.n);
      // tolerance: relative 1e-9 where R's tail is ≥ 1e-300; on the log scale see below
      if (g.upper_tail > 1e-300) expect(Math.abs(p - g.upper_tail) / g.upper_tail, JSON.stringify(g)).toBeLessThan(1e-9);
      else expect(p).toBeLessThan(1e-290);
      const lp = pbeta(g.t, g.k + 0.5, g.n - g.k + 0.5, false, true);
      // log scale: 1e-7 relative (math/beta.ts reaches ~2e-8 relative in the far tail, e.g. log P = −790.9 at n = 1,319, k = 26, t = ½)
      expect(Math.abs(lp - g.log_upper_tail), JSON.stringify(g)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(g.log_upper_tail)));
    }
  });
  it('95 % Jeffreys interval (qbeta) to 1e-9 absolute', () => {
    for (const g of golden.grid) {
      const j = jeffreys(g.k, g.n, 0.05);
      expect(Math.abs(j.lower - g.lower), JSON.stringify(g)).toBeLessThan(1e-9); // tolerance: 1e-9 absolute
      expect(Math.abs(j.upper - g.upper), JSON.stringify(g)).toBeLessThan(1e-9);
    }
  });
  it('cost per task = attempts × token cost + review rate × review cost (R arithmetic to 1e-15)', () => {
    for (const c of golden.costs) {
      const row: CostRow = { ...c, benchmark: null, p95_latency_s: null, where: { file: 'x', line: 0 } };
      expect(Math.abs(costPerTask(row) - c.cost_per_task)).toBeLessThan(1e-15); // tolerance: floating-point rounding
    }
  });
});
