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

export interface SimulationFile {
  name: (typeof SIMULATION_FILES)[number];
  /** The file's text in pieces (header, then one piece per model for the large files); join('') = content. */
  chunks: string[];
  /** The whole text (joins the chunks). */
  readonly content: string;
}

function file(name: SimulationFile['name'], chunks: string[]): SimulationFile {
  return {
    name,
    chunks,
    get content() {
      return chunks.join('');
    },
  };
}

/** The seven files, in SIMULATION_FILES order. Large files come in per-model chunks, so that millions of
 * cells never sit in one array of tiny strings (garbage-collector time) and the CLI can stream them. */
export function simulationFiles(sim: Simulation): SimulationFile[] {
  const N = sim.models.length;
  const B = sim.benchmarks.length;
  const J = sim.items.length;
  const line = (fields: string[]): string => fields.join(',') + '\n';

  const models = [line(['model_id', 'name', 'params_b', 'log10_params', 'architecture', 'contributor', 'deployment'])];
  for (const m of sim.models) models.push(line([m.id, m.name, String(m.paramsB), fixed(m.log10Params, 4), m.architecture, m.contributor, m.deployment]));

  const items = [line(['item_id', 'benchmark']), ...sim.items.map((it) => line([it.id, it.benchmark]))];

  const wide = [line(['model_id', ...sim.items.map((it) => it.id)])];
  const long = ['model_id,item_id,correct,benchmark\n'];
  const mid = sim.items.map((it) => `,${it.id},`);
  const tail = sim.items.map((it) => `,${it.benchmark}\n`);
  const cell = ['0', '1'];
  const row: string[] = new Array<string>(J + 1);
  const longParts: string[] = [];
  for (let m = 0; m < N; m++) {
    const id = sim.models[m]!.id;
    row[0] = id;
    longParts.length = 0;
    for (let j = 0; j < J; j++) {
      const v = sim.responses[m * J + j]!;
      if (v === MISSING) row[j + 1] = '';
      else {
        row[j + 1] = cell[v]!;
        longParts.push(id + mid[j]! + cell[v]! + tail[j]!);
      }
    }
    wide.push(row.join(',') + '\n');
    long.push(longParts.join(''));
  }

  const { correct, n } = benchmarkTallies(sim);
  const scores = [line(['model_id', 'benchmark', 'score', 'n_items'])];
  for (let m = 0; m < N; m++) {
    let chunk = '';
    for (let b = 0; b < B; b++) {
      const k = n[m * B + b]!;
      if (k > 0) chunk += line([sim.models[m]!.id, sim.benchmarks[b]!, fixed(correct[m * B + b]! / k, 6), String(k)]);
    }
    scores.push(chunk);
  }

  const theta = [line(['model_id', 'theta_g', ...sim.benchmarks.map((b) => `theta_s_${b}`)])];
  for (let m = 0; m < N; m++) {
    const fields = [sim.models[m]!.id, fixed(sim.thetaG[m]!, 6)];
    for (let b = 0; b < B; b++) fields.push(fixed(sim.thetaS[m * B + b]!, 6));
    theta.push(line(fields));
  }

  return [
    file('models.csv', models),
    file('items.csv', items),
    file('responses_wide.csv', wide),
    file('responses_long.csv', long),
    file('benchmark_scores.csv', scores),
    file('theta_true.csv', theta),
    file('truth.json', [JSON.stringify(simulationTruth(sim), null, 2) + '\n']),
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
