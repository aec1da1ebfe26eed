// Warm starts in the scaling stage (issue 12): the scaling analysis on one input with warm starts (the
// conditioning fit from the unconditional calibration, every item-resampled replicate from the full-test
// fit with its adaptive nodes) and without, in one process: CPU seconds by stage, EM evaluations of each
// calibration, and how far the two runs' numbers are apart (both are EM optima within the tolerance).
// Run: `npx vite-node --config vitest.config.ts bench/scaling-warm.ts [demo|v1] [--warm-only]` (figures go to bench/RESULTS.md by hand).
// v1 = the three v1 item files (../shared/data, never copied) + metadata from the v1 table.
import { readFileSync } from 'node:fs';
import { loadLeaderboard } from '../packages/stats/src/io/index.js';
import { listReplicates, runReplicate } from '../packages/stats/src/replicate/index.js';
import { planScaling, SCALING_STUDY, scalingRun, type ScalingReplicateResult } from '../packages/stats/src/scaling/index.js';

const which = process.argv[2] ?? 'demo';
const file = (p: string) => ({ name: p, data: readFileSync(p) });
const V1 = '../shared/data/openllm-v1-items';
const lb = await loadLeaderboard(
  which === 'v1'
    ? { responses: ['arc', 'gsm8k', 'mmlu'].map((b) => ({ file: file(`${V1}/${b}.responses.csv`), benchmark: b })), modelsFrom: file('../shared/data/openllm-v1/leaderboard-v1-contents.csv') }
    : { responses: [{ file: file('data/demo/responses_wide.csv') }], items: file('data/demo/items.csv'), models: file('data/demo/models.csv') },
);
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const runs: Record<string, { json: Record<string, unknown>; line: string }> = {};
for (const warmStart of process.argv.includes('--warm-only') ? [true] : [true, false]) {
  const evals: string[] = [];
  const c0 = cpu();
  const planned = planScaling(lb, { seed: 1, warmStart });
  const c1 = cpu();
  const results: ScalingReplicateResult[] = [];
  for (const id of listReplicates(planned.plan)) results.push(runReplicate(SCALING_STUDY, planned.plan, planned.data, id));
  const c2 = cpu();
  const run = scalingRun(planned.plan, results);
  const irt = run.analysis.irt;
  evals.push(`unconditional ${irt.iterations}`, `conditioning ${irt.oneStepIterations}`);
  const line = `${which} warm start ${warmStart ? 'on ' : 'off'}: full test ${(c1 - c0).toFixed(1)} CPU-s (EM evaluations: ${evals.join(', ')}), ${results.length} replicates ${(c2 - c1).toFixed(1)} CPU-s; total ${(c2 - c0).toFixed(1)} CPU-s`;
  console.log(line);
  runs[String(warmStart)] = { json: run.report, line };
}
if (!runs['false']) process.exit(0);
const a = runs['true']!.json as { vector: { factor: string; unattenuated: { estimate: number }; reliability: { latent: { reliability: number } } | null }[] };
const b = runs['false']!.json as typeof a;
for (let k = 0; k < a.vector.length; k++)
  console.log(`  ${a.vector[k]!.factor}: slope warm ${a.vector[k]!.unattenuated.estimate.toFixed(4)} cold ${b.vector[k]!.unattenuated.estimate.toFixed(4)}; R latent warm ${a.vector[k]!.reliability?.latent.reliability.toFixed(3)} cold ${b.vector[k]!.reliability?.latent.reliability.toFixed(3)}`);
