// Categorical CFA by WLSMV, end to end through the CLI (`cartograph cfa`: sample statistics, all six
// structures, modification indices for the bifactor structure, EBM factor scores), on the two simulated
// sets of the tetrachoric issue (`cartograph simulate --seed 1`: 600 × 90 and 4,000 × 240), with wall time
// and peak memory (/usr/bin/time -v). Side by side: lavaan 0.6.14 on 600 × 90 for the general structure
// (add `--lavaan-bifactor` for the bifactor one too; lavaan needs minutes per structure there, and its dense p* × p* matrices do
// not fit in memory at 240 items, so it is never run on the large set). R is installed from Debian
// (r-cran-lavaan) when missing; without it our side runs alone and says so.
// Run: `node bench/cfa.mjs [--no-r] [--small-only] [--lavaan-bifactor]` after `npx turbo run build`. Writes bench/out/cfa.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/cartograph.js');
const out = join(root, 'bench/out/cfa');
mkdirSync(out, { recursive: true });
const args = new Set(process.argv.slice(2));

function timed(cmd, argv, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { status: r.status, seconds, peakGB: rss ? Number(rss[1]) / 1024 / 1024 : NaN, stdout: r.stdout, stderr: r.stderr };
}

function dataset(models, perBench) {
  const dir = join(out, `sim-${models}x${perBench * 6}`);
  if (!existsSync(join(dir, 'responses_wide.csv')))
    execFileSync('node', [cli, 'simulate', '--models', String(models), '--benchmarks', '6', '--items-per-benchmark', String(perBench), '--seed', '1', '--out', dir], { stdio: 'ignore' });
  return dir;
}

const rows = [];
const sets = args.has('--small-only') ? [[600, 15]] : [[600, 15], [4000, 40]];
for (const [models, per] of sets) {
  const dir = dataset(models, per);
  const r = timed('node', [cli, 'cfa', '--responses', join(dir, 'responses_wide.csv'), '--items', join(dir, 'items.csv'), '--structures', 'all', '--mi', '--factor-scores', '--out', join(dir, 'cfa')]);
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`cartograph cfa failed on ${models} × ${per * 6}`);
  }
  const rep = JSON.parse(readFileSync(join(dir, 'cfa', 'cfa.json'), 'utf8'));
  rows.push({ set: `${models} × ${per * 6}`, tool: 'cartograph', work: 'sample stats + 6 structures + MI (bifactor) + EBM scores (6 structures)', seconds: r.seconds, peakGB: r.peakGB, converged: rep.structures.filter((s) => s.converged).length });
  for (const s of rep.structures) rows.push({ set: `${models} × ${per * 6}`, tool: 'cartograph', work: `  ${s.structure} fit (incl. robust SEs, scaled test)`, seconds: s.seconds, peakGB: NaN });
}

// lavaan side by side on 600 × 90 (general and bifactor only).
let rNote = '';
if (!args.has('--no-r')) {
  let haveR = spawnSync('Rscript', ['-e', 'library(lavaan)'], { encoding: 'utf8' }).status === 0;
  if (!haveR) {
    spawnSync('sh', ['-c', 'apt-get install -y r-cran-lavaan r-cran-jsonlite >/dev/null 2>&1'], { stdio: 'ignore' });
    haveR = spawnSync('Rscript', ['-e', 'library(lavaan)'], { encoding: 'utf8' }).status === 0;
  }
  if (haveR) {
    const dir = dataset(600, 15);
    for (const s of args.has('--lavaan-bifactor') ? ['general', 'bifactor'] : ['general']) {
      const script = join(out, `lavaan-${s}.R`);
      writeFileSync(script, `suppressMessages(library(lavaan))
d <- read.csv("${join(dir, 'responses_wide.csv')}"); it <- read.csv("${join(dir, 'items.csv')}"); y <- d[, -1]; items <- colnames(y)
b <- unique(it$benchmark); by <- lapply(b, function(x) it$item_id[it$benchmark == x])
g <- sprintf("g =~ %s", paste(items, collapse = " + "))
sp <- paste(sprintf("s_%s =~ %s", b, sapply(by, paste, collapse = " + ")), collapse = "\\n")
m <- if ("${s}" == "general") g else paste(g, sp, sep = "\\n")
fit <- cfa(m, data = y, ordered = TRUE, estimator = "WLSMV", std.lv = TRUE, orthogonal = TRUE)
cat(fitMeasures(fit, "chisq.scaled"), "\\n")
`);
      const r = timed('Rscript', [script]);
      rows.push({ set: '600 × 90', tool: 'lavaan 0.6.14', work: `  ${s} fit (cfa(), WLSMV: sample stats + fit + robust SEs + test)`, seconds: r.seconds, peakGB: r.peakGB });
    }
  } else rNote = 'R/lavaan not available: our side only.';
} else rNote = 'run with --no-r: our side only.';

const env = { cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`, memoryGB: (totalmem() / 2 ** 30).toFixed(1), node: process.version, date: new Date().toISOString().slice(0, 10) };
writeFileSync(join(root, 'bench/out/cfa.json'), JSON.stringify({ env, rows, note: rNote }, null, 2));
console.log(`cfa bench — ${env.cpus}, ${env.memoryGB} GiB, node ${env.node}, ${env.date}${rNote ? ` (${rNote})` : ''}`);
console.log('| set | tool | work | s | peak GB |');
console.log('| --- | --- | --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.set} | ${r.tool} | ${r.work} | ${r.seconds.toFixed(1)} | ${Number.isNaN(r.peakGB) ? '' : r.peakGB.toFixed(2)} |`);
