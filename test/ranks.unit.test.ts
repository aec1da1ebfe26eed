// runRanks on a small simulated leaderboard (no real data): when some models miss a benchmark the raw
// average is compared over the complete models only and the others are listed with their count; no value
// of g is shared by models with different response patterns; the report validates against
// ranks.schema.json; same seed → same bytes.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runIrt } from '../packages/stats/src/irt/index.js';
import { runRanks } from '../packages/stats/src/ranks/index.js';
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';

describe('runRanks', () => {
  it('compares over the complete models, marks the rest, resolves g per pattern, and is deterministic', async () => {
    const breathe = (): Promise<void> => new Promise((res) => setTimeout(res, 0)); // let vitest's worker RPC through between long synchronous steps
    const lb = simulationLeaderboard(simulate({ models: 200, benchmarks: 3, itemsPerBenchmark: 6, seed: 21 }));
    const J = lb.responses!.nItems;
    for (let i = 0; i < 40; i++) for (let j = 0; j < 6; j++) lb.responses!.values[i * J + j] = 255; // 40 models miss the first benchmark
    // a small calibration (11 × 11 grid, no quadrature check) shared by both runs: short synchronous steps
    const irt = runIrt(lb, { quadrature: { points: 11, range: 5 }, specificQuadrature: { points: 11, range: 5 }, quadratureCheck: 'none', tol: 1e-3, se: false, m2MaxItems: 0 });
    const opts = { draws: 50, seed: 3, irt };
    await breathe();
    const a = runRanks(lb, opts);
    await breathe();
    const b = runRanks(lb, opts);
    expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
    const r = a.report;
    expect(r.comparison_basis).toBe('complete_models');
    expect(r.n_compared).toBe(160);
    expect(r.left_out).toHaveLength(40);
    expect(r.left_out[0]!.reason).toMatch(/scored on 2 of 3 benchmarks/);
    expect(r.models.filter((m) => !m.complete).every((m) => m.raw_rank === null && m.benchmarks_scored === 2)).toBe(true);
    expect(r.irt.scoring).toBe('adaptive-gauss-hermite');
    expect(r.g_resolution.g_values_shared_across_patterns).toBe(0);
    expect(r.g_resolution.distinct_g).toBe(r.g_resolution.distinct_patterns);
    const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(JSON.parse(readFileSync('packages/stats/schemas/ranks.schema.json', 'utf8')));
    expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  }, 300_000);
});
