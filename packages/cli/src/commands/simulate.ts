// `cartograph simulate`: draw a synthetic leaderboard with known truth (model: packages/stats/src/simulate/
// generator.ts) and write models.csv, items.csv, responses_wide.csv, responses_long.csv,
// benchmark_scores.csv, theta_true.csv and truth.json into --out, through the shared staged output
// (src/output.ts), so a failure leaves nothing half-written.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { withOutput } from '../output.js';
import { InputError, SIMULATE_DEFAULTS, simulate, simulationFiles, type SimulateOptions } from '@cartograph/stats';

function parseNumber(opt: string, integer: boolean) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw new InputError(opt, 0, 0, `expected ${integer ? 'an integer' : 'a number'}, got "${v}"`);
    }
    return x;
  };
}

function parseList(opt: string) {
  return (v: string): number[] => v.split(',').map((s) => parseNumber(opt, false)(s));
}

function parseRange(opt: string) {
  return (v: string): [number, number] => {
    const r = parseList(opt)(v);
    if (r.length !== 2) throw new InputError(opt, 0, 0, `expected MIN,MAX, got "${v}"`);
    return [r[0]!, r[1]!];
  };
}

interface Flags {
  models: number;
  benchmarks: number;
  itemsPerBenchmark: number;
  seed: number;
  structureSeed?: number;
  contributors?: number;
  zipf: number;
  log10ParamsMean: number;
  log10ParamsSd: number;
  gammaG: number;
  gammaS?: number[];
  contributorVariance: number;
  architectureVariance: number;
  deploymentVariance: number;
  loadingG: [number, number];
  loadingS: [number, number];
  ldPairs: number;
  ldCross: number;
  ldCorrelation: number;
  missingRate: number;
  missingBenchmarkRate: number;
  benchmarkNames?: string;
  out: string;
}

export function register(program: Command): void {
  const d = SIMULATE_DEFAULTS;
  program
    .command('simulate')
    .description('Write a synthetic leaderboard with known truth (bifactor normal-ogive model; see README "simulate").')
    .requiredOption('--out <dir>', 'output folder')
    .option('--models <n>', 'number of models', parseNumber('--models', true), d.models)
    .option('--benchmarks <n>', 'number of benchmarks', parseNumber('--benchmarks', true), d.benchmarks)
    .option('--items-per-benchmark <n>', 'items per benchmark', parseNumber('--items-per-benchmark', true), d.itemsPerBenchmark)
    .option('--seed <n>', 'seed of the population draw (and of the structure unless --structure-seed)', parseNumber('--seed', true), d.seed)
    .option('--structure-seed <n>', 'seed of the instrument: item parameters, γs, dependent pairs', parseNumber('--structure-seed', true))
    .option('--contributors <n>', 'number of contributors (default: models / 6)', parseNumber('--contributors', true))
    .option('--zipf <s>', 'Zipf exponent of the contributor distribution', parseNumber('--zipf', false), d.zipfExponent)
    .option('--log10-params-mean <x>', 'mean (and centre) of log10 parameter count', parseNumber('--log10-params-mean', false), d.log10ParamsMean)
    .option('--log10-params-sd <x>', 'SD of log10 parameter count', parseNumber('--log10-params-sd', false), d.log10ParamsSd)
    .option('--gamma-g <x>', 'slope of θg on log10 params (size effect)', parseNumber('--gamma-g', false), d.gammaG)
    .option('--gamma-s <list>', 'slopes of θs on log10 params: one value or one per benchmark (default: drawn U(-0.6, 0.6))', parseList('--gamma-s'))
    .option('--contributor-variance <x>', 'population share of θg variance from contributors', parseNumber('--contributor-variance', false), d.contributorVariance)
    .option('--architecture-variance <x>', 'population share of θg variance from architecture', parseNumber('--architecture-variance', false), d.architectureVariance)
    .option('--deployment-variance <x>', 'population share of θg variance from deployment type', parseNumber('--deployment-variance', false), d.deploymentVariance)
    .option('--loading-g <min,max>', 'range of general-factor loadings', parseRange('--loading-g'), d.loadingG)
    .option('--loading-s <min,max>', 'range of specific-factor loadings', parseRange('--loading-s'), d.loadingS)
    .option('--ld-pairs <n>', 'locally dependent item pairs within a benchmark', parseNumber('--ld-pairs', true), d.ldPairs)
    .option('--ld-cross <n>', 'locally dependent item pairs across benchmarks', parseNumber('--ld-cross', true), d.ldCross)
    .option('--ld-correlation <r>', 'residual correlation of a dependent pair', parseNumber('--ld-correlation', false), d.ldCorrelation)
    .option('--missing-rate <p>', 'probability that a cell is missing (MCAR)', parseNumber('--missing-rate', false), d.missingRate)
    .option('--missing-benchmark-rate <p>', 'probability that a model lacks a whole benchmark', parseNumber('--missing-benchmark-rate', false), d.missingBenchmarkRate)
    .option('--benchmark-names <list>', 'comma-separated benchmark names')
    .action(async (f: Flags) => {
      const options: Partial<SimulateOptions> = {
        models: f.models,
        benchmarks: f.benchmarks,
        itemsPerBenchmark: f.itemsPerBenchmark,
        seed: f.seed,
        structureSeed: f.structureSeed,
        contributors: f.contributors,
        zipfExponent: f.zipf,
        log10ParamsMean: f.log10ParamsMean,
        log10ParamsSd: f.log10ParamsSd,
        gammaG: f.gammaG,
        gammaS: f.gammaS ?? null,
        contributorVariance: f.contributorVariance,
        architectureVariance: f.architectureVariance,
        deploymentVariance: f.deploymentVariance,
        loadingG: f.loadingG,
        loadingS: f.loadingS,
        ldPairs: f.ldPairs,
        ldCross: f.ldCross,
        ldCorrelation: f.ldCorrelation,
        missingRate: f.missingRate,
        missingBenchmarkRate: f.missingBenchmarkRate,
        benchmarkNames: f.benchmarkNames ? f.benchmarkNames.split(',').map((s) => s.trim()) : null,
      };
      const sim = simulate(options);
      const files = simulationFiles(sim);
      await withOutput(f.out, (out) => {
        // streamed chunk by chunk: a large leaderboard never becomes one giant string
        for (const file of files) {
          const fd = openSync(out!.path(file.name), 'w');
          try {
            for (const chunk of file.chunks) writeSync(fd, chunk);
          } finally {
            closeSync(fd);
          }
        }
      });
      const missing = sim.responses.reduce((n, v) => n + (v === 255 ? 1 : 0), 0);
      console.error(
        `simulate: ${sim.models.length} models × ${sim.benchmarks.length} benchmarks × ${sim.options.itemsPerBenchmark} items ` +
          `(seed ${sim.options.seed}, structure seed ${sim.options.structureSeed}, ${sim.pairs.length} dependent pairs, ${missing} missing cells) → ${f.out}`,
      );
      const o = sim.options;
      const sx = o.log10ParamsSd;
      const rhoS = sim.gammaS.map((g) => o.gammaG * g * sx * sx);
      console.error(
        `  population: corr(θg, log10 params) = ${(o.gammaG * sx).toFixed(3)}; corr(θg, θs) from ${Math.min(...rhoS).toFixed(3)} to ${Math.max(...rhoS).toFixed(3)}; ` +
          `θg variance shares: size ${(o.gammaG ** 2 * sx * sx).toFixed(3)}, contributor ${sim.ecosystemVariance.contributor.toFixed(3)}, ` +
          `architecture ${sim.ecosystemVariance.architecture.toFixed(3)}, deployment ${sim.ecosystemVariance.deployment.toFixed(3)}, residual ${sim.residualVarianceG.toFixed(3)} (truth.json has everything)`,
      );
      for (const file of files) console.log(join(f.out, file.name));
    });
}
