// Real data (../shared/data, see its README): the G-theory study on the Open LLM Leaderboard v2 table
// read by our reader, against lme4 + lmerTest tight fits of the same long table
// (test/fixtures/lmm/golden-v2.json, written by test/fixtures/lmm/run-v2.R by hand). Skipped with a
// visible message when the data folder is absent; a failure when CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleLeaderboard, readLeaderboardTable } from '../packages/stats/src/io/index.js';
import { gtheoryTable, runGtheory, type GModelName } from '../packages/stats/src/gtheory/index.js';

const root = resolve(__dirname, '..');
const V2 = join(resolve(root, '../shared/data'), 'openllm-v2/leaderboard-v2-contents.csv');
const have = existsSync(V2);
if (!have) {
  if (process.env.CI === 'true') throw new Error(`real data missing: ${V2}`);
  console.warn(`SKIPPED gtheory-real: ${V2} not found`);
}
const golden = JSON.parse(readFileSync(join(root, 'test/fixtures/lmm/golden-v2.json'), 'utf8'));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe.skipIf(!have)('gtheory on the Open LLM Leaderboard v2 table', () => {
  it('leaves out the models without a positive size, and matches lme4 on the rest', async () => {
    const t = await readLeaderboardTable({ name: V2, data: readFileSync(V2) });
    const table = gtheoryTable(assembleLeaderboard({ scores: t.scores, models: t.models, warnings: t.warnings }));
    expect(table.excluded.length).toBeGreaterThan(0);
    expect(table.excluded.every((e) => e.reason.length > 0)).toBe(true);
    expect(table.score.length).toBe(golden.data.rows);
    expect(table.nModels).toBe(golden.data.models);
    const rep = runGtheory(table);
    for (const m of rep.models) {
      const r = golden[m.name as GModelName];
      // REML criterion no worse than R's tight fit by more than 1e-6 (absolute)
      expect(m.remlCriterion).toBeLessThanOrEqual(r.criterion + 1e-6);
      for (const v of r.varcorr as { grp: string; var1: string | null; vcov: number }[]) {
        const grp = v.grp.replace(/\.\d+$/, '');
        const name = grp === 'Residual' ? 'Residual' : v.var1 === '(Intercept)' ? grp : `${grp}:${v.var1}`;
        // variance components within 1e-3 relative
        expect(rel(m.components.find((c) => c.name === name)!.variance, v.vcov), `${m.name} ${name}`).toBeLessThan(1e-3);
      }
      (r.fixef as { name: string; estimate: number; se: number; df: number }[]).forEach((f, j) => {
        const mine = m.fixef[j]!;
        expect(rel(mine.estimate, f.estimate)).toBeLessThan(1e-4); // relative 1e-4
        expect(rel(mine.se, f.se)).toBeLessThan(1e-3); // relative 1e-3
        expect(rel(mine.df, f.df), `${m.name} ${f.name} df`).toBeLessThan(1e-2); // relative 1e-2
      });
    }
  });
});
