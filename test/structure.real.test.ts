// The structure layer on the real Open LLM Leaderboard v1 table (../shared/data; required under CI=true):
// 7,169 models, 1,326 contributors (TheBloke's 82 quantisations in one cluster), HellaSwag near its ceiling
// (skewness −1.95) and GSM8K with a floor at 0. What must hold: the fit runs on every complete model with
// a contributor, the doubtful normality is said for GSM8K, and the cluster-robust scaling is large (the
// normal-theory χ² far too big).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleLeaderboard, readLeaderboardTable, runStructure } from '@cartograph/stats';

const v1 = join(__dirname, '../../shared/data/openllm-v1/leaderboard-v1-contents.csv');
const have = existsSync(v1);

describe('structure on the real v1 table', () => {
  if (!have && process.env.CI === 'true') it('needs ../shared/data under CI', () => expect.fail(`${v1} is missing`));
  it.skipIf(!have)('one general factor over ARC … GSM8K, clustered by contributor', async () => {
    const t = await readLeaderboardTable({ name: v1, data: readFileSync(v1) });
    const lb = assembleLeaderboard({ scores: t.scores, models: t.models, warnings: t.warnings });
    const rep = runStructure(lb, {});
    expect(rep.n_models_total).toBe(7169);
    expect(rep.n_models + rep.n_without_cluster + rep.n_incomplete).toBe(7169);
    expect(rep.cluster!.n_clusters).toBeGreaterThan(1000);
    expect(rep.cluster!.design_effect!).toBeGreaterThan(2); // quantisations and fine-tunes of one account move together
    expect(rep.normality_note).toMatch(/GSM8K/);
    expect(rep.fit!.scaling_factor!).toBeGreaterThan(3);
    expect(rep.fit!.chisq_scaled!).toBeLessThan(rep.fit!.chisq / 3);
    expect(rep.loadings.every((l) => l.std_all > 0.5 && l.std_all < 1)).toBe(true);
    expect(rep.omega!).toBeGreaterThan(0.8);
    expect(rep.interpretation).toMatch(/One general factor explains \d+ %/);
  });
});
