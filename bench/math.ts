// Speed of the numerics floor (packages/stats/src/math): microseconds per call of the distributions the
// estimators call in loops, on arguments spread over their ranges (both branches of each algorithm).
// Run: `npx vite-node --config vitest.config.ts bench/math.ts` (prints a table; figures go to bench/RESULTS.md by hand).
import { cpus } from 'node:os';
import * as m from '../packages/stats/src/math/index.js';

function time(label: string, n: number, f: (i: number) => number): void {
  let s = 0;
  for (let i = 0; i < Math.min(n, 1000); i++) s += f(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) s += f(i);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${label.padEnd(52)} ${us.toFixed(2).padStart(8)} µs/call${Number.isFinite(s) ? '' : ' (non-finite sum)'}`);
}

console.log(`numerics floor — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
time('pnorm, x in [−40, 40]', 1e6, (i) => m.pnorm(-40 + (i % 8000) / 100));
time('qnorm, p in (0, 1)', 1e6, (i) => m.qnorm(((i % 9999) + 1) / 10000));
time('pchisq upper, df 1–1000, x around df', 2e5, (i) => m.pchisq((1 + (i % 1000)) * (0.5 + (i % 7) / 4), 1 + (i % 1000), false));
time('pchisq upper, df 3825 (bifactor demo)', 2e5, (i) => m.pchisqUpper(2000 + (i % 4000), 3825));
time('qchisq, df 1–1000', 2e4, (i) => m.qchisq(((i % 999) + 1) / 1000, 1 + (i % 1000)));
time('pchisqNc, df 100, ncp 900', 2e3, (i) => m.pchisqNc(500 + i, 100, 900));
time('pt, df 5–1000', 2e5, (i) => m.pt(-5 + (i % 100) / 10, 5 + (i % 996)));
time('qt two-sided 95 %, df 2–1e4', 2e4, (i) => m.qtTwoSided(0.05, 2 + (i % 10000)));
time('pbeta, shapes 1–500, x in (0, 1)', 2e5, (i) => m.pbeta(((i % 99) + 1) / 100, 1 + (i % 500), 1 + ((i * 7) % 500)));
time('qbeta 2.5 % (Clopper–Pearson), shapes 1–900', 2e4, (i) => m.qbeta(0.025, 1 + (i % 500), 1 + ((i * 7) % 900)));
time('pbinom, n 1–10,000', 2e5, (i) => m.pbinom(i % 5000, 10000, 0.5));
