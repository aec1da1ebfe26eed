// `cartograph simulate`: draw a synthetic leaderboard with known truth (model: packages/stats/src/simulate/
// generator.ts) and write models.csv, items.csv, responses_wide.csv, responses_long.csv,
// benchmark_scores.csv, theta_true.csv and truth.json into --out, through the staged output, so a
// failure leaves nothing half-written.
import { closeSync, openSync, writeSync } from 'node:fs';
import { SIMULATE_DEFAULTS, formatSimulation, simulate, simulationFiles, type SimulateOptions } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

/** The generator's options as the flags give them (optional ones absent rather than null; --zipf). */
type Flags = Omit<SimulateOptions, 'structureSeed' | 'contributors' | 'zipfExponent' | 'gammaS' | 'benchmarkNames'> & {
  structureSeed?: number;
  contributors?: number;
  zipf: number;
  gammaS?: number[];
  benchmarkNames?: string[];
};

const d = SIMULATE_DEFAULTS;

export const register = defineCommand<Flags>({
  name: 'simulate',
  description: 'Write a synthetic leaderboard with known truth (bifactor normal-ogive model; see README "simulate").',
  inputs: false,
  out: 'required',
  outDescription: 'output folder',
  options: [
    opt.int('--models <n>', 'number of models', { default: d.models }),
    opt.int('--benchmarks <n>', 'number of benchmarks', { default: d.benchmarks }),
    opt.int('--items-per-benchmark <n>', 'items per benchmark', { default: d.itemsPerBenchmark }),
    opt.int('--seed <n>', 'seed of the population draw (and of the structure unless --structure-seed)', { default: d.seed }),
    opt.int('--structure-seed <n>', 'seed of the instrument: item parameters, γs, dependent pairs'),
    opt.int('--contributors <n>', 'number of contributors (default: models / 6)'),
    opt.number('--zipf <s>', 'Zipf exponent of the contributor distribution', { default: d.zipfExponent }),
    opt.number('--log10-params-mean <x>', 'mean (and centre) of log10 parameter count', { default: d.log10ParamsMean }),
    opt.number('--log10-params-sd <x>', 'SD of log10 parameter count', { default: d.log10ParamsSd }),
    opt.number('--gamma-g <x>', 'slope of θg on log10 params (size effect)', { default: d.gammaG }),
    opt.list('--gamma-s <list>', 'slopes of θs on log10 params: one value or one per benchmark (default: drawn U(-0.6, 0.6))', { of: 'number' }),
    opt.number('--contributor-variance <x>', 'population share of θg variance from contributors', { default: d.contributorVariance }),
    opt.number('--architecture-variance <x>', 'population share of θg variance from architecture', { default: d.architectureVariance }),
    opt.number('--deployment-variance <x>', 'population share of θg variance from deployment type', { default: d.deploymentVariance }),
    opt.list('--loading-g <min,max>', 'range of general-factor loadings', { of: 'number', length: 2, default: d.loadingG }),
    opt.list('--loading-s <min,max>', 'range of specific-factor loadings', { of: 'number', length: 2, default: d.loadingS }),
    opt.int('--ld-pairs <n>', 'locally dependent item pairs within a benchmark', { default: d.ldPairs }),
    opt.int('--ld-cross <n>', 'locally dependent item pairs across benchmarks', { default: d.ldCross }),
    opt.number('--ld-correlation <r>', 'residual correlation of a dependent pair', { default: d.ldCorrelation }),
    opt.number('--missing-rate <p>', 'probability that a cell is missing (MCAR)', { default: d.missingRate }),
    opt.number('--missing-benchmark-rate <p>', 'probability that a model lacks a whole benchmark', { default: d.missingBenchmarkRate }),
    opt.list('--benchmark-names <list>', 'comma-separated benchmark names'),
  ],
  async run(ctx) {
    const f = ctx.flags;
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
      benchmarkNames: f.benchmarkNames ?? null,
    };
    ctx.stage({ stage: 'simulate: drawing' });
    const sim = simulate(options);
    ctx.info(formatSimulation(sim));
    await ctx.write((out) => {
      // streamed chunk by chunk: a large leaderboard never becomes one giant string
      for (const file of simulationFiles(sim)) {
        const fd = openSync(out.path(file.name), 'w');
        try {
          for (const chunk of file.chunks) writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
      }
    });
  },
});
