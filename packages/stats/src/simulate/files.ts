// The files `cartograph simulate` writes, as strings (the CLI writes them; nothing here touches the file
// system), and the simulation as a Leaderboard for in-memory recovery tests. Numbers have fixed digits
// (toFixed is exact decimal conversion in every JS engine), lines end in "\n": same seed → same bytes.
import { MISSING, ResponseMatrix, type Leaderboard } from '../data/leaderboard.js';
import type { Simulation } from './generator.js';
import { simulationTruth } from './truth.js';

/** toFixed without "-0.000". */
export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

export const SIMULATION_FILES = [
  'models.csv',
  'items.csv',
  'responses_wide.csv',
  'responses_long.csv',
  'benchmark_scores.csv',
  'theta_true.csv',
  'truth.json',
] as const;

/** Per model × benchmark: correct count and observed item count. */
function benchmarkTallies(sim: Simulation): { correct: Int32Array; n: Int32Array } {
  const N = sim.models.length;
  const B = sim.benchmarks.length;
  const J = sim.items.length;
  const correct = new Int32Array(N * B);
  const n = new Int32Array(N * B);
  for (let m = 0; m < N; m++) {
    for (let j = 0; j < J; j++) {
      const v = sim.responses[m * J + j]!;
      if (v === MISSING) continue;
      const b = sim.items[j]!.benchmarkIndex;
      n[m * B + b]!++;
      correct[m * B + b]! += v;
    }
  }
  return { correct, n };
}

/** File name → content, in SIMULATION_FILES order. */
export function simulationFiles(sim: Simulation): { name: (typeof SIMULATION_FILES)[number]; content: string }[] {
  const N = sim.models.length;
  const B = sim.benchmarks.length;
  const J = sim.items.length;
  const lines = (rows: string[]): string => rows.join('\n') + '\n';

  const models = ['model_id,name,params_b,log10_params,architecture,contributor,deployment'];
  for (const m of sim.models) {
    models.push([m.id, m.name, String(m.paramsB), fixed(m.log10Params, 4), m.architecture, m.contributor, m.deployment].join(','));
  }

  const items = ['item_id,benchmark', ...sim.items.map((it) => `${it.id},${it.benchmark}`)];

  const wide = [['model_id', ...sim.items.map((it) => it.id)].join(',')];
  const long = ['model_id,item_id,correct,benchmark'];
  for (let m = 0; m < N; m++) {
    const row: string[] = [sim.models[m]!.id];
    for (let j = 0; j < J; j++) {
      const v = sim.responses[m * J + j]!;
      row.push(v === MISSING ? '' : String(v));
      if (v !== MISSING) long.push(`${sim.models[m]!.id},${sim.items[j]!.id},${v},${sim.items[j]!.benchmark}`);
    }
    wide.push(row.join(','));
  }

  const { correct, n } = benchmarkTallies(sim);
  const scores = ['model_id,benchmark,score,n_items'];
  for (let m = 0; m < N; m++) {
    for (let b = 0; b < B; b++) {
      const k = n[m * B + b]!;
      if (k > 0) scores.push(`${sim.models[m]!.id},${sim.benchmarks[b]},${fixed(correct[m * B + b]! / k, 6)},${k}`);
    }
  }

  const theta = [['model_id', 'theta_g', ...sim.benchmarks.map((b) => `theta_s_${b}`)].join(',')];
  for (let m = 0; m < N; m++) {
    const row = [sim.models[m]!.id, fixed(sim.thetaG[m]!, 6)];
    for (let b = 0; b < B; b++) row.push(fixed(sim.thetaS[m * B + b]!, 6));
    theta.push(row.join(','));
  }

  return [
    { name: 'models.csv', content: lines(models) },
    { name: 'items.csv', content: lines(items) },
    { name: 'responses_wide.csv', content: lines(wide) },
    { name: 'responses_long.csv', content: lines(long) },
    { name: 'benchmark_scores.csv', content: lines(scores) },
    { name: 'theta_true.csv', content: lines(theta) },
    { name: 'truth.json', content: JSON.stringify(simulationTruth(sim), null, 2) + '\n' },
  ];
}

/** The simulation as an in-memory Leaderboard (responses and benchmark scores), as the readers would build it. */
export function simulationLeaderboard(sim: Simulation): Leaderboard {
  const N = sim.models.length;
  const B = sim.benchmarks.length;
  const { correct, n } = benchmarkTallies(sim);
  const values = new Float64Array(N * B);
  for (let i = 0; i < N * B; i++) values[i] = n[i]! > 0 ? correct[i]! / n[i]! : NaN;
  const K = sim.options.itemsPerBenchmark;
  return {
    models: sim.models.map((m) => ({
      id: m.id,
      name: m.name,
      paramsB: m.paramsB,
      log10Params: m.log10Params,
      architecture: m.architecture,
      contributor: m.contributor,
      deployment: m.deployment,
      extra: {},
    })),
    items: sim.items.map((it) => ({ id: it.id, benchmark: it.benchmark, extra: {} })),
    responses: new ResponseMatrix(N, sim.items.length, sim.responses.slice()),
    scores: { benchmarks: [...sim.benchmarks], values, itemCounts: sim.benchmarks.map(() => (sim.options.missingRate === 0 ? K : null)) },
    warnings: [],
    sources: [`simulate(seed ${sim.options.seed})`],
  };
}
