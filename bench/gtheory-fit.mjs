// Our side of bench/gtheory.mjs: the four G-theory models by REML with Satterthwaite t tests
// (packages/stats, built dist), timed from the assembled table to the last fit; optionally the Gibbs
// check of `facets`. Also writes the long table it fitted (for R to fit the very same rows).
// Usage: node bench/gtheory-fit.mjs (--scores S --models M | --leaderboard FILE) --table OUT.csv [--bayes]
import { readFileSync, writeFileSync } from 'node:fs';
import * as stats from '../packages/stats/dist/index.js';

const argv = process.argv.slice(2);
const arg = (k) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
let lb;
if (arg('--leaderboard')) {
  const f = arg('--leaderboard');
  const t = await stats.readLeaderboardTable({ name: f, data: readFileSync(f) });
  lb = stats.assembleLeaderboard({ scores: t.scores, models: t.models, warnings: t.warnings });
} else {
  const rd = (f) => ({ name: f, data: readFileSync(f, 'utf8') });
  lb = stats.assembleLeaderboard({ scores: stats.readScores(rd(arg('--scores'))), models: stats.readModels(rd(arg('--models'))) });
}
const table = stats.gtheoryTable(lb);
const data = stats.tableData(table);
if (arg('--table')) {
  const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const lines = ['model_id,benchmark,score,contributor,architecture,deployment,log10_params_c'];
  for (let i = 0; i < table.score.length; i++)
    lines.push([q(table.model_id[i]), q(table.benchmark[i]), table.score[i], q(table.contributor[i]), q(table.architecture[i]), q(table.deployment[i]), table.log10_params_c[i]].join(','));
  writeFileSync(arg('--table'), lines.join('\n') + '\n');
}
const fits = {};
const c0 = process.cpuUsage();
const t0 = performance.now();
let startByName;
for (const [name, f] of Object.entries(stats.GTHEORY_FORMULAS)) {
  const t1 = performance.now();
  // as runGtheory: warm start from the previous model's θ
  const fit = stats.fitLmm(data, f, { reml: true, satterthwaite: true, condVar: false, startByName });
  startByName = { ...startByName, ...Object.fromEntries(fit.thetaNames.map((nm, i) => [nm, fit.theta[i]])) };
  fits[name] = { seconds: (performance.now() - t1) / 1000, criterion: fit.criterion, evaluations: fit.optimizer.evaluations, df: fit.fixef.map((x) => x.df) };
}
const seconds = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpuSeconds = (cu.user + cu.system) / 1e6;
let bayes = null;
if (argv.includes('--bayes')) {
  const reml = stats.fitLmm(data, stats.GTHEORY_FORMULAS.facets, { condVar: false, satterthwaite: false });
  const cb = process.cpuUsage();
  const tb = performance.now();
  const b = stats.gibbsCheck(data, stats.GTHEORY_FORMULAS.facets, reml, { chains: 4, iterations: 2000, warmup: 500, seed: 1 });
  const cbu = process.cpuUsage(cb);
  bayes = { seconds: (performance.now() - tb) / 1000, cpuSeconds: (cbu.user + cbu.system) / 1e6, maxRhat: b.max_rhat, minEss: b.min_ess, allInside: b.components.every((c) => c.reml_inside !== false) };
}
process.stdout.write(JSON.stringify({ rows: table.score.length, models: table.nModels, seconds, cpuSeconds, fits, bayes }) + '\n');
