// `cartograph structure` end to end through the CLI (read the table, correlations, one general factor by
// ML with cluster-robust MLR SEs and scaled test, the unclustered and baseline fits, MI) on the Open LLM
// Leaderboard v2 and v1 tables (../shared/data), median wall time of 3 runs with peak memory
// (/usr/bin/time -v); side by side lavaan 0.6's cfa(estimator = "MLR", std.lv = TRUE, cluster =
// "contributor") + fitMeasures + modindices on v2 (fit only, reading excluded), when R is installed.
// Target (issue 13): < 5 s on the v2 table. Run: `node bench/structure.mjs [--no-r]` after
// `npx turbo run build`. Writes bench/out/structure.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/cartograph.js');
mkdirSync(join(root, 'bench/out'), { recursive: true });
const noR = process.argv.includes('--no-r');

function timed(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { status: r.status, seconds: wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN, peakMB: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout, stderr: r.stderr };
}
const median = (x) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];

const rows = [];
for (const [name, file] of [['v2 (3,827 × 6)', '../shared/data/openllm-v2/leaderboard-v2-contents.csv'], ['v1 (7,169 × 6)', '../shared/data/openllm-v1/leaderboard-v1-contents.csv']]) {
  const path = join(root, file);
  if (!existsSync(path)) {
    console.log(`${name}: ${file} not found, skipped`);
    continue;
  }
  const runs = [0, 1, 2].map(() => timed('node', [cli, 'structure', '--leaderboard', path, '--quiet']));
  if (runs.some((r) => r.status !== 0)) throw new Error(`${name}: ${runs.find((r) => r.status !== 0).stderr}`);
  rows.push({ task: `cartograph structure --leaderboard ${name}`, seconds: median(runs.map((r) => r.seconds)), peak_mb: median(runs.map((r) => r.peakMB)) });
}

if (!noR && spawnSync('Rscript', ['-e', 'library(lavaan)'], { encoding: 'utf8' }).status === 0 && existsSync(join(root, '../shared/data/openllm-v2/leaderboard-v2-contents.csv'))) {
  const script = `suppressMessages(library(lavaan))
x <- read.csv("${join(root, '../shared/data/openllm-v2/leaderboard-v2-contents.csv')}", check.names = FALSE, encoding = "UTF-8", stringsAsFactors = FALSE)
b <- c("IFEval", "BBH", "MATH Lvl 5", "GPQA", "MUSR", "MMLU-PRO"); id <- trimws(x$fullname); s <- regexpr("/", id, fixed = TRUE)
d <- data.frame(x[, paste(b, "Raw")], contributor = ifelse(s > 1, substr(id, 1, s - 1), "")); colnames(d) <- c(gsub("[^A-Za-z0-9_.]", "_", b), "contributor"); d <- d[d$contributor != "", ]
t <- replicate(3, system.time({ f <- cfa("g =~ IFEval + BBH + MATH_Lvl_5 + GPQA + MUSR + MMLU_PRO", data = d, estimator = "MLR", std.lv = TRUE, cluster = "contributor"); fitMeasures(f); modindices(f) })[["elapsed"]])
cat(median(t), "\\n")`;
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (r.status === 0) rows.push({ task: 'lavaan 0.6 on v2: cfa(MLR, cluster) + fitMeasures + modindices (fit only, no reading)', seconds: Number(r.stdout.trim()), peak_mb: NaN });
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}`;
writeFileSync(join(root, 'bench/out/structure.json'), `${JSON.stringify({ machine, date: new Date().toISOString().slice(0, 10), rows }, null, 2)}\n`);
console.log(`structure — ${machine}, ${new Date().toISOString().slice(0, 10)}; median of 3 runs`);
console.log('| task | s | peak MB |\n| --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.task} | ${r.seconds.toFixed(2)} | ${Number.isFinite(r.peak_mb) ? r.peak_mb.toFixed(0) : '—'} |`);
