// runScaling with a shared unconditional calibration (issue 12: the audit fits it once for ranks and
// scaling). On a small simulated leaderboard (200 models × 3 benchmarks × 6 items, 11-point grids):
// - when every model has a size, the shared calibration (runIrt with scaling's grids) is the very fit
//   scaling would make, so the report is identical to scaling's own but for shared_calibration;
// - a calibration holding more models than scaling analyses (models without a size) is matched by id;
// - a calibration of other items, another link or without the frame's models is refused.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runIrt } from '../packages/stats/src/irt/index.js';
import { decodeScalingData, fitScaling, planScaling, pvChunkSizes, scalingFullTest, scalingPvChunk, withFullTest, runScaling, runScalingReplicates, SCALING_STUDY, scalingData, scalingPlan, scalingRun, type ScalingPlan, type ScalingReplicateResult } from '../packages/stats/src/scaling/index.js';
import { listReplicates, runReplicate } from '../packages/stats/src/replicate/index.js';
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';
import type { Leaderboard } from '../packages/stats/src/data/leaderboard.js';

const breathe = (): Promise<void> => new Promise((res) => setTimeout(res, 0)); // vitest's worker RPC between long synchronous steps
const grid = { points: 11, range: 5 };
const irtOpts = { quadrature: grid, specificQuadrature: grid, quadratureCheck: 'none' as const, tol: 1e-4, se: false, m2MaxItems: 0 };
const scalingOpts = { seed: 4, pvDraws: 2, replicates: 1, reliabilityDraws: 2, quadrature: grid, specificQuadrature: grid, tol: 1e-4, quadratureCheck: 'none' as const };

describe('runScaling with a shared calibration', () => {
  const lb = simulationLeaderboard(simulate({ models: 200, benchmarks: 3, itemsPerBenchmark: 6, seed: 21 }));

  it('equals scaling\'s own unconditional fit when the calibration is that fit (every model sized)', async () => {
    const own = runScaling(lb, scalingOpts);
    await breathe();
    const cal = runIrt(lb, irtOpts);
    await breathe();
    const shared = runScaling(lb, { ...scalingOpts, calibration: cal });
    expect(own.report['shared_calibration']).toBe(false);
    expect(shared.report['shared_calibration']).toBe(true);
    // the same EM from the same start on the same models: identical to the last bit (the warnings name the shared fit)
    const w = (r: Record<string, unknown>): string[] => r['warnings'] as string[];
    expect(w(shared.report)).toEqual(w(own.report).map((x) => x.replace(/^unconditional fit: /, 'unconditional fit (shared): ')));
    expect(JSON.stringify({ ...shared.report, shared_calibration: false, warnings: [] })).toBe(JSON.stringify({ ...own.report, warnings: [] }));
    const schema = JSON.parse(readFileSync('packages/stats/schemas/scaling.schema.json', 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const ok = ajv.validate(schema, shared.report);
    expect(ok, JSON.stringify(ajv.errors)).toBe(true);
  }, 300_000);

  it('reads the scores of the frame\'s models from a calibration that holds more models', async () => {
    const part: Leaderboard = { ...lb, models: lb.models.map((m, i) => (i % 5 === 0 ? { ...m, log10Params: null, paramsB: null } : m)) };
    const cal = runIrt(part, irtOpts);
    await breathe();
    const run = runScaling(part, { ...scalingOpts, calibration: cal, twoStep: true, reliability: false });
    expect(run.analysis.nModels).toBe(160);
    expect(run.analysis.irt.unconditionalModels).toBe(200);
    expect(run.analysis.sharedCalibration).toBe(true);
    expect(run.analysis.vector[0]!.eapTwoStep!.estimate).toBeGreaterThan(0); // the simulator's γg > 0
    // the same calibration given with its model ids in another order is matched by id: same report
    const perm = part.models.map((_, i) => i).reverse();
    const reordered = { ...cal, scores: { ...cal.scores!, nPersons: 200, eap: cal.scores!.eap.map((e) => Float64Array.from(perm, (i) => e[i]!)), psd: cal.scores!.psd.map((e) => Float64Array.from(perm, (i) => e[i]!)) } };
    const again = runScaling(part, { ...scalingOpts, calibration: reordered, calibrationModelIds: perm.map((i) => part.models[i]!.id), twoStep: true, reliability: false });
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(run.report));
  }, 300_000);

  it('refuses a calibration of other items, another link, or without the frame\'s models', () => {
    const cal = runIrt(lb, irtOpts);
    const opts = { ...scalingOpts, reliability: false };
    const otherItems: Leaderboard = { ...lb, items: lb.items.map((it, j) => (j === 3 ? { ...it, id: 'other' } : it)) };
    expect(() => runScaling(otherItems, { ...opts, calibration: cal })).toThrow(/shared calibration cannot be used: its items differ .*'other'/);
    expect(() => runScaling(lb, { ...opts, link: 'normal', calibration: cal })).toThrow(/its link is logistic, scaling's normal/);
    expect(() => runScaling(lb, { ...opts, calibration: cal, calibrationModelIds: lb.models.map((m, i) => (i < 3 ? `x${i}` : m.id)) })).toThrow(/no scores for 3 of the 200 models/);
    expect(() => runScaling(lb, { ...opts, calibration: { ...cal, scores: null } })).toThrow(/has no scores/);
    const fewer: Leaderboard = { ...lb, models: lb.models.slice(0, 199), responses: lb.responses };
    expect(() => runScaling(fewer, { ...opts, calibration: cal })).toThrow(/scores 200 models, the leaderboard has 199/);
  }, 300_000);
});

// The slope-reliability replicates as a replicate study (issue 14): the same report whatever order the
// results come in (or read back from JSON, or with a duplicate), a result of another plan refused, the
// canonical data round-trips and refuses other bytes, a replicate's items depend on (seed, r) only.
describe('scaling on the replicate interface', () => {
  const lb = simulationLeaderboard(simulate({ models: 200, benchmarks: 3, itemsPerBenchmark: 6, seed: 22 }));
  const opts = { ...scalingOpts, twoStep: false, replicates: 3 };

  it('shuffled, duplicated or JSON-read results reduce to the same report; runScaling gives it too; another plan is refused', async () => {
    const planned = planScaling(lb, opts);
    expect(planned.plan.study).toBe('scaling');
    expect(planned.plan.replicates).toEqual({ items: 3 });
    await breathe();
    const results: ScalingReplicateResult[] = [];
    for (const id of listReplicates(planned.plan)) {
      results.push(runReplicate(SCALING_STUDY, planned.plan, planned.data, id));
      await breathe();
    }
    expect(JSON.stringify(runScalingReplicates(planned, { ids: [{ kind: 'items', r: 1 }] })[0])).toBe(JSON.stringify(results[1])); // the library's in-process loop runs the same replicate
    expect(results.map((r) => [r.kind, r.r, r.error ?? null])).toEqual([['items', 0, null], ['items', 1, null], ['items', 2, null]]);
    const bytes = (rs: ScalingReplicateResult[], plan = planned.plan) => JSON.stringify(scalingRun(plan, rs).report);
    const ref = bytes(results);
    expect(bytes([results[2]!, results[0]!, results[1]!, results[0]!])).toBe(ref);
    expect(bytes(results.map((r) => JSON.parse(JSON.stringify(r)) as ScalingReplicateResult))).toBe(ref);
    expect(bytes(results, JSON.parse(JSON.stringify(planned.plan)) as ScalingPlan)).toBe(ref); // a plan read back from plan.json
    await breathe();
    expect(JSON.stringify(runScaling(lb, opts).report)).toBe(ref);
    // the audit's split: fitScaling's plan (full test not yet drawn) runs the replicates while
    // scalingFullTest draws the full test's plausible values; the same report bytes
    const fitted = fitScaling(lb, opts);
    expect(fitted.plan.options.full_test).toBeNull();
    const fullTest = scalingFullTest(planned.data, fitted, opts);
    // its plausible values in two chunks, each from its own stream: drawn apart (two threads) = drawn here
    expect(pvChunkSizes(fitted.pvDraws)).toEqual([1, 1]);
    const chunks = [1, 0].map((k) => scalingPvChunk(planned.data, fitted, opts, k)).reverse();
    expect(JSON.stringify(scalingFullTest(planned.data, fitted, opts, chunks))).toBe(JSON.stringify(fullTest));
    expect(() => scalingFullTest(planned.data, fitted, opts, chunks.slice(0, 1))).toThrow(/chunks of 1 sets, expected 1 \+ 1/);
    expect(withFullTest(planned.data, fitted.plan, fullTest).plan_hash).toBe(planned.plan.plan_hash);
    const early = listReplicates(fitted.plan).map((id) => runReplicate(SCALING_STUDY, fitted.plan, planned.data, id));
    expect(early.map((r) => r.items)).toEqual(results.map((r) => r.items));
    expect(JSON.stringify(scalingRun(fitted.plan, early, fullTest).report)).toBe(ref);
    expect(() => scalingRun(fitted.plan, results, fullTest)).toThrow(/not to this plan/); // results of the completed plan carry its hash
    const rep = JSON.parse(ref);
    expect(rep.perturbations.map((p: { replicate: number }) => p.replicate)).toEqual([...Array(4).keys()].flatMap((r) => Array(5 * 4).fill(r))); // (full test + 3) × 5 specifications × 4 factors
    expect(rep.vector[0].reliability.latent.n).toBe(20);
    await breathe();
    const other = planScaling(lb, { ...opts, seed: 5 });
    expect(other.plan.data_hash).toBe(planned.plan.data_hash);
    const foreign = runReplicate(SCALING_STUDY, other.plan, other.data, { kind: 'items', r: 2 });
    expect(() => scalingRun(planned.plan, [results[0]!, results[1]!, foreign])).toThrow(/belongs to plan .* not to this plan/);
    // the item draw of a replicate is a function of (seed, r) only: r = 2 keeps the same items under seed 4 in a plan of 3 or of 5 replicates
    const five = scalingPlan(planned.data, { ...planned.plan.options }, 4, 5);
    expect(runReplicate(SCALING_STUDY, five, planned.data, { kind: 'items', r: 2 }).items).toEqual(results[2]!.items);
    expect(foreign.items).not.toEqual(results[2]!.items);
  }, 300_000);

  it('a failed or missing replicate is named in the warnings and left out of the reliability', () => {
    const planned = planScaling(lb, { ...opts, replicates: 2 });
    const ok = runReplicate(SCALING_STUDY, planned.plan, planned.data, { kind: 'items', r: 0 });
    const failed = { plan_hash: planned.plan.plan_hash, kind: 'items', r: 1, error: 'worker died' };
    const run = scalingRun(planned.plan, [ok, failed]);
    expect(run.analysis.warnings).toContain('replicate 2/2: failed (worker died); left out');
    expect(run.analysis.vector[0]!.reliability!.latent.n).toBe(10); // full test + replicate 1
    expect(scalingRun(planned.plan, [ok]).analysis.warnings).toContain('replicate 2/2: no result (missing from the merged parts); left out');
  }, 300_000);

  it('the canonical data round-trip (same frame, same hash) and other bytes are refused', () => {
    const { data, bytes } = scalingData(lb, [], []);
    const back = decodeScalingData(bytes, data.hash);
    expect(back.hash).toBe(data.hash);
    expect(Array.from(back.frame.x)).toEqual(Array.from(data.frame.x));
    expect(back.frame.deployNames).toEqual(data.frame.deployNames);
    expect(back.models[3]).toEqual({ id: lb.models[3]!.id, log10_params: lb.models[3]!.log10Params, contributor: lb.models[3]!.contributor, architecture: lb.models[3]!.architecture, deployment: lb.models[3]!.deployment });
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 1] ^= 1;
    expect(() => decodeScalingData(flipped, data.hash)).toThrow(/not the plan's/);
    expect(() => decodeScalingData(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated or corrupt/);
  });
});
