// `cartograph ranks`: the raw leaderboard average against the precision-weighted latent general factor
// (packages/stats/src/ranks): an IRT calibration (bifactor with one specific per benchmark, or 2PL for
// one benchmark), posterior mean and SD of g, expected ranks and 95 % rank intervals from posterior
// draws, retention of the top 1 %, top 10 % and bottom 1 %, the biggest movers; --out writes ranks.json,
// ranks.csv and rank-shift.svg.
import type { Command } from 'commander';
import { InputError, MISSING, fitIrt, rankShiftSvg, rankStability, scoreIrt, seeded, type Leaderboard, type RankReport } from '@cartograph/stats';
import { addInputOptions, loadInputs, type InputOptions } from '../inputs.js';
import { withOutput } from '../output.js';

interface Flags extends InputOptions {
  draws: number;
  seed: number;
  movers: number;
  link: 'logistic' | 'normal';
  quiet?: boolean;
}

function int(opt: string, min: number) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new InputError(opt, 0, 0, `expected a whole number ≥ ${min}, got "${v}"`);
    return x;
  };
}

/** Raw leaderboard average: the mean over benchmarks of each benchmark's proportion correct (from the items). */
export function rawAverage(lb: Leaderboard): Float64Array {
  const resp = lb.responses!;
  const bench = lb.items.map((i) => i.benchmark);
  const names = [...new Set(bench)];
  const out = new Float64Array(resp.nModels);
  for (let i = 0; i < resp.nModels; i++) {
    const s = new Float64Array(names.length);
    const n = new Float64Array(names.length);
    for (let j = 0; j < resp.nItems; j++) {
      const v = resp.values[i * resp.nItems + j]!;
      if (v === MISSING) continue;
      const b = names.indexOf(bench[j]!);
      s[b] += v;
      n[b]++;
    }
    let t = 0;
    let c = 0;
    for (let b = 0; b < names.length; b++)
      if (n[b]! > 0) {
        t += s[b]! / n[b]!;
        c++;
      }
    out[i] = c > 0 ? t / c : NaN;
  }
  return out;
}

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function formatRanks(rep: RankReport): string {
  const out: string[] = [];
  out.push(`cartograph ranks — ${rep.nModels} models; latent g from ${rep.draws} posterior draws; Spearman(raw, latent) = ${rep.spearman.toFixed(3)}`);
  out.push(`mean width of the 95 % rank interval: ${rep.meanIntervalWidth.toFixed(1)} ranks (${((100 * rep.meanIntervalWidth) / rep.nModels).toFixed(1)} % of the field)`);
  out.push('');
  out.push(`${pad('set', 10)} ${pad('size', 6, true)} ${pad('retained', 9, true)} ${pad('retention', 10, true)}`);
  for (const r of rep.retention) out.push(`${pad(r.set, 10)} ${pad(String(r.size), 6, true)} ${pad(String(r.retained), 9, true)} ${pad(`${(100 * r.retention).toFixed(1)} %`, 10, true)}`);
  const row = (m: RankReport['models'][number]): string =>
    `${pad(cut(m.id, 40), 40)} ${pad(String(m.rawRank), 7, true)} ${pad(String(m.latentRank), 7, true)} ${pad(m.expectedRank.toFixed(1), 8, true)} ${pad(`[${m.rankLo}, ${m.rankHi}]`, 14, true)} ${pad(m.mean.toFixed(3), 7, true)} ${pad(m.sd.toFixed(3), 6, true)}`;
  const head = `${pad('model', 40)} ${pad('raw', 7, true)} ${pad('latent', 7, true)} ${pad('E[rank]', 8, true)} ${pad('95 % interval', 14, true)} ${pad('g', 7, true)} ${pad('SD', 6, true)}`;
  out.push('');
  out.push('Moved up most by the latent ranking:');
  out.push(head);
  for (const m of rep.moversUp) out.push(row(m));
  out.push('');
  out.push('Moved down most:');
  out.push(head);
  for (const m of rep.moversDown) out.push(row(m));
  out.push('');
  out.push('Top 10 by latent g:');
  out.push(head);
  for (const m of [...rep.models].sort((a, b) => a.latentRank - b.latentRank).slice(0, 10)) out.push(row(m));
  if (rep.leftOut.length > 0) out.push(`\n${rep.leftOut.length} model(s) left out (no raw score or no latent score)`);
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('ranks')
    .description('raw leaderboard average vs precision-weighted latent g: expected ranks, 95 % rank intervals, retention of top/bottom sets, biggest movers; --out writes ranks.json, ranks.csv, rank-shift.svg');
  addInputOptions(cmd);
  cmd
    .option('--draws <n>', 'posterior draws for the rank intervals', int('--draws', 10), 1000)
    .option('--seed <n>', 'seed of the posterior draws', int('--seed', 0), 1)
    .option('--movers <n>', 'how many biggest movers to list each way', int('--movers', 0), 10)
    .option('--link <link>', 'IRT link: logistic or normal', 'logistic')
    .option('--quiet', 'print nothing but errors and the files written')
    .action(async (opts: Flags) => {
      if (opts.link !== 'logistic' && opts.link !== 'normal') throw new InputError('--link', 0, 0, `expected logistic or normal, got "${opts.link}"`);
      const lb = await loadInputs(opts);
      for (const w of lb.warnings) console.error(`warning: ${w}`);
      if (!lb.responses) throw new InputError('--responses', 0, 0, 'ranks needs item-level responses (the latent factor is an IRT model of them)');
      const bench = lb.items.map((i) => i.benchmark);
      const model = new Set(bench).size >= 2 ? 'bifactor' : '2PL';
      console.error(`fitting the ${model} IRT model to ${lb.responses.nModels} models × ${lb.responses.nItems} items …`);
      const t0 = Date.now();
      const fit = fitIrt(lb.responses, { model, link: opts.link, itemIds: lb.items.map((i) => i.id), itemSpecific: model === 'bifactor' ? bench : undefined, se: false, onProgress: (k, ll) => (k % 10 === 0 ? console.error(`  EM ${k}: log-likelihood ${ll.toFixed(2)}`) : undefined) });
      console.error(`  ${fit.convergence.message} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      for (const w of fit.warnings) console.error(`warning: ${w}`);
      const sc = scoreIrt(fit, lb.responses);
      const rep = rankStability({ ids: lb.models.map((m) => m.id), raw: rawAverage(lb), mean: sc.eap[0]!, sd: sc.psd[0]! }, { draws: opts.draws, rng: seeded(opts.seed), movers: opts.movers });
      if (!opts.quiet) console.log(formatRanks(rep));
      const files = await withOutput(opts.out, (out) => {
        if (!out) return [];
        out.writeJson('ranks.json', { irt: { model, link: opts.link, loglik: fit.loglik, converged: fit.converged, iterations: fit.iterations }, ...rep });
        const lines = ['model,raw_average,raw_rank,g_mean,g_sd,latent_rank,expected_rank,rank_lo,rank_hi,shift'];
        for (const m of rep.models) lines.push([JSON.stringify(m.id), m.raw, m.rawRank, m.mean, m.sd, m.latentRank, m.expectedRank, m.rankLo, m.rankHi, m.shift].join(','));
        out.write('ranks.csv', `${lines.join('\n')}\n`);
        out.write('rank-shift.svg', rankShiftSvg(rep));
        return out.files();
      });
      if (files.length > 0) console.log(`\nwrote ${files.join(', ')}`);
    });
}
