// Real data (../shared/data, see its README): the G-theory study on the Open LLM Leaderboard v2 table
// read by our reader, against lme4 + lmerTest tight fits of the same long table
// (test/fixtures/lmm/golden-v2.json, written by test/fixtures/lmm/run-v2.R by hand). Skipped with a
// visible message when the data folder is absent; a failure when CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleLeaderboard, loadLeaderboard, readLeaderboardTable } from '../packages/stats/src/io/index.js';
import { gtheoryTable, runGtheory, type GModelName } from '../packages/stats/src/gtheory/index.js';

const root = resolve(__dirname, '..');
const V2 = join(resolve(root, '../shared/data'), 'openllm-v2/leaderboard-v2-contents.csv');
const V1 = join(resolve(root, '../shared/data'), 'openllm-v1/leaderboard-v1-contents.csv');
const have = existsSync(V2) && existsSync(V1);
if (!have) {
  if (process.env.CI === 'true') throw new Error(`real data missing: ${V2} or ${V1}`);
  console.warn(`SKIPPED gtheory.real: ${V2} or ${V1} not found`);
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
      expect(m.reml_criterion).toBeLessThanOrEqual(r.criterion + 1e-6);
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

  // Issue 10 defect 8: the paper's figures appear only for v2 data, with both scalings, the number of
  // models, the snapshot, and a sentence on what differs.
  it('the paper comparison on the v2 table shows both scalings (benchmark share 55.1 % raw, 53.7 % normalised), models and snapshot', async () => {
    const file = { name: V2, data: readFileSync(V2) };
    const raw = await loadLeaderboard({ leaderboard: file });
    const norm = await loadLeaderboard({ leaderboard: file, normalised: true });
    const rep = runGtheory(raw, { models: ['facets', 'covariate'], otherScaling: norm });
    const pc = rep.paper_comparison!;
    expect(pc.ours.map((o) => o.scaling)).toEqual(['raw', 'normalised']);
    expect(pc.ours[0]!.facets.benchmark!).toBeCloseTo(55.1, 1); // as measured when the defect was filed (±0.05)
    expect(pc.ours[1]!.facets.benchmark!).toBeCloseTo(53.7, 1);
    expect(pc.ours[0]!.n_models).toBe(rep.data.n_models);
    expect(pc.ours[0]!.snapshot).toMatch(/^2025-\d\d-\d\d$/); // the table's submissions run to 2025-02
    expect(pc.differences).toMatch(/snapshot.*scaling.*facet coding/s);
  });
  it('no paper comparison on the v1 table, with the reason', async () => {
    const v1 = await loadLeaderboard({ leaderboard: { name: V1, data: readFileSync(V1) } });
    const rep = runGtheory(v1, { models: ['pxb'] });
    expect(rep.data.source.version).toBe('v1');
    expect(rep.paper_comparison).toBeNull();
    expect(rep.skipped.find((s) => s.part === 'paper_comparison')!.reason).toMatch(/v2 table; these scores come from the v1 table/);
  });
});
