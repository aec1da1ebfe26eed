// G-theory / mixed models: the four REML fits with Satterthwaite t tests (pxb, facets, covariate,
// covariate_slopes) on `cartograph simulate --models 4500 --items-per-benchmark 15 --benchmarks 6
// --seed 1` (27,000 scores) and on the real Open LLM Leaderboard v2 table (../shared/data), ours
// (bench/gtheory-fit.mjs on the built packages) side by side with lme4 + lmerTest (bench/gtheory.R,
// default lmerControl, summary() for the Satterthwaite df) on the very same rows, in the same run;
// wall time, CPU time (ours) and peak memory (/usr/bin/time -v); then the Bayesian check (Gibbs,
// 4 chains × 2,000 draws after 500 warm-up) of `facets`. R packages come from Debian
// (r-cran-lme4 r-cran-lmertest r-cran-jsonlite) when missing; without R our side runs alone and says so.
// Run: `node bench/gtheory.mjs [--no-r] [--no-bayes]` after `npx turbo run build`. Writes bench/out/gtheory.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/cartograph.js');
const out = join(root, 'bench/out/gtheory');
mkdirSync(out, { recursive: true });
const args = new Set(process.argv.slice(2));

function timed(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28, cwd: root });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`${cmd} ${argv.join(' ')} failed`);
  }
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return { ...JSON.parse(line), peakMB: rss ? Number(rss[1]) / 1024 : NaN };
}

const sim = join(out, 'sim4500');
if (!existsSync(join(sim, 'benchmark_scores.csv')))
  execFileSync('node', [cli, 'simulate', '--models', '4500', '--items-per-benchmark', '15', '--benchmarks', '6', '--seed', '1', '--out', sim], { stdio: 'ignore' });
const v2 = join(root, '../shared/data/openllm-v2/leaderboard-v2-contents.csv');
const sets = [{ name: 'simulated 4,500 × 6', input: ['--scores', join(sim, 'benchmark_scores.csv'), '--models', join(sim, 'models.csv')], table: join(out, 'table-sim4500.csv') }];
if (existsSync(v2)) sets.push({ name: 'Open LLM Leaderboard v2', input: ['--leaderboard', v2], table: join(out, 'table-v2.csv') });
else console.log(`(${v2} not found: the real-table run is skipped)`);

let haveR = !args.has('--no-r') && spawnSync('Rscript', ['-e', 'library(lmerTest); library(jsonlite)'], { encoding: 'utf8' }).status === 0;
if (!haveR && !args.has('--no-r')) {
  spawnSync('sh', ['-c', 'apt-get install -y r-cran-lme4 r-cran-lmertest r-cran-jsonlite >/dev/null 2>&1'], { stdio: 'ignore' });
  haveR = spawnSync('Rscript', ['-e', 'library(lmerTest); library(jsonlite)'], { encoding: 'utf8' }).status === 0;
}
if (!haveR) console.log('R with lme4 + lmerTest not available: our side runs alone');

const results = [];
for (const s of sets) {
  const bayes = !args.has('--no-bayes');
  const ours = timed('node', ['bench/gtheory-fit.mjs', ...s.input, '--table', s.table, ...(bayes ? ['--bayes'] : [])]);
  const r = haveR ? timed('Rscript', ['bench/gtheory.R', s.table]) : null;
  results.push({ set: s.name, rows: ours.rows, models: ours.models, ours, lme4: r });
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
console.log(`\nmachine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GB; ${new Date().toISOString()}`);
console.log('set                       rows    ours wall (cpu) s   peak MB   lme4+lmerTest s   peak MB   speed-up   max |ΔREML| (ours − lme4)');
for (const r of results) {
  const d = r.lme4 ? Math.max(...Object.keys(r.ours.fits).map((k) => r.ours.fits[k].criterion - r.lme4.fits[k].criterion)) : NaN;
  console.log(
    `${r.set.padEnd(26)}${String(r.rows).padStart(6)}   ${f2(r.ours.seconds).padStart(8)} (${f2(r.ours.cpuSeconds)})   ${f2(r.ours.peakMB).padStart(8)}   ${f2(r.lme4?.seconds).padStart(15)}   ${f2(r.lme4?.peakMB).padStart(7)}   ${(r.lme4 ? `${(r.lme4.seconds / r.ours.seconds).toFixed(1)}×` : '—').padStart(8)}   ${Number.isFinite(d) ? d.toExponential(2) : '—'}`,
  );
  for (const k of Object.keys(r.ours.fits))
    console.log(`   ${k.padEnd(18)} ours ${f2(r.ours.fits[k].seconds)} s (${r.ours.fits[k].evaluations} deviance evaluations)   lme4+lmerTest ${f2(r.lme4?.fits[k].seconds)} s`);
  if (r.ours.bayes) console.log(`   Gibbs check of facets (4 chains × 2,500 sweeps): ${f2(r.ours.bayes.seconds)} s wall (${f2(r.ours.bayes.cpuSeconds)} s CPU), max R-hat ${r.ours.bayes.maxRhat.toFixed(4)}, min ESS ${r.ours.bayes.minEss.toFixed(0)}, REML shares inside the 95 % intervals: ${r.ours.bayes.allInside}`);
}
writeFileSync(join(root, 'bench/out/gtheory.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGB: totalmem() / 2 ** 30 }, results }, null, 2));
