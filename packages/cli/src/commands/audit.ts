// `cartograph audit`: the whole measurement case file in one command (packages/stats/src/audit): every
// layer on one input, the summary on stdout, and with --out: report.html (self-contained), audit.md,
// audit.json (no timings; same inputs + seed → same bytes), run.json (timings, host), charts/*.vl.json
// (the Vega-Lite specs) and each layer's own files in a subfolder (describe/, cfa/, gtheory/, scaling/,
// ranks/), as the single commands write them. `--demo` audits the bundled demo leaderboard. With
// --workers N ≥ 2 the heavy layers run on N threads (audit-workers.ts); audit.json is the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { arch, availableParallelism, cpus, platform } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditOptions, CARTOGRAPH_VERSION as VERSION, InputError, renderAudit, runAudit, STRUCTURES, formatAudit, type AuditInput, type StructureName } from '@cartograph/stats';
import { defineCommand, type CommonFlags } from '../command.js';
import { opt } from '../options.js';
import { loadInputs, readInputFile, splitResponsesArg } from '../inputs.js';
import { auditWorkers } from '../audit-workers.js';

interface Flags {
  demo?: boolean; seed: number; structures: string[]; missing: 'listwise' | 'pairwise'; mi: boolean; recode: string[];
  bayes?: boolean; chains: number; iterations: number; warmup: number; pv?: number; scalingReplicates?: number; itemFraction: number;
  draws: number; fullDefaults?: boolean; link: 'logistic' | 'normal'; alpha: number; saturation: number; bootstrap: number; permutations: number; folds: number; workers?: number;
}

/** The bundled demo leaderboard (data/demo at the repository root, found upward from this file). */
function demoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++, dir = dirname(dir)) if (existsSync(join(dir, 'data', 'demo', 'items.csv'))) return join(dir, 'data', 'demo');
  throw new InputError('--demo', 0, 0, 'the bundled demo leaderboard (data/demo) was not found next to this installation');
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
/** A file's role, shown name (the demo's by its place in the repository: no machine's path in audit.json), hash and size. */
function hashInput(role: string, path: string, demo: boolean): AuditInput & { path: string } {
  const name = demo ? `data/demo/${basename(path)}` : path;
  if (statSync(path).isDirectory()) {
    const h = createHash('sha256');
    let bytes = 0;
    const walk = (d: string): void => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else {
          const b = readFileSync(p);
          h.update(`${p.slice(path.length)}\0`).update(b);
          bytes += b.length;
        }
      }
    };
    walk(path);
    return { role, name, sha256: h.digest('hex'), bytes, path };
  }
  const b = readFileSync(path);
  return { role, name, sha256: sha256(b), bytes: b.length, path };
}

export const register = defineCommand<Flags>({
  name: 'audit',
  description: 'the whole audit in one report: data, first look, latent structure, ecosystem variance, denoised scaling, rank stability; --out writes report.html, audit.md, audit.json and each layer’s own files',
  outDescription: 'folder for report.html, audit.md, audit.json, run.json and the layers’ subfolders',
  options: [
    opt.flag('--demo', 'audit the bundled demo leaderboard (data/demo) instead of input files'),
    opt.int('--seed <n>', 'root seed; each layer’s seed is forked from it by a fixed label (audit.json lists them)', { min: 0, default: 1 }),
    opt.list('--structures <list>', `latent structures to fit: ${STRUCTURES.join(', ')}`, { choices: STRUCTURES, default: [...STRUCTURES] }),
    opt.choice('--missing <rule>', 'missing cells in the latent-structure stage', ['listwise', 'pairwise'] as const, 'listwise'),
    opt.flag('--no-mi', 'skip the modification indices (the local-dependence map)'),
    opt.string('--recode <FACET=RULE>', 'granularity check of the variance decomposition (as gtheory --recode); repeatable').argParser((v: string, prev: string[] = []) => [...prev, v]).default([]),
    opt.flag('--bayes', 'Bayesian check of the variance shares (Gibbs): intervals for every share'),
    opt.int('--chains <n>', 'Gibbs chains', { min: 1, default: 4 }),
    opt.int('--iterations <n>', 'Gibbs draws kept per chain', { min: 1, default: 2000 }),
    opt.int('--warmup <n>', 'Gibbs warm-up draws per chain', { min: 1, default: 500 }),
    opt.int('--pv <n>', 'plausible-value sets for the scaling vector (default 10; 5 on a large input unless --full-defaults)', { min: 2 }),
    opt.int('--scaling-replicates <n>', 'item-resampled replicates for the slope reliability (default 4; 0 on a large input unless --full-defaults)', { min: 0 }),
    opt.number('--item-fraction <f>', 'fraction of each benchmark’s items kept in a scaling replicate', { gt: 0, max: 1, default: 0.8 }),
    opt.int('--draws <n>', 'posterior draws for the rank intervals', { min: 10, default: 1000 }),
    opt.flag('--full-defaults', 'the full defaults of --pv and --scaling-replicates on a large input too (≥ 250,000 models × items: by default it gets smaller ones so that the audit finishes in minutes; audit.json’s size_defaults and the report say which)'),
    opt.choice('--link <link>', 'IRT link', ['logistic', 'normal'] as const, 'logistic'),
    opt.number('--alpha <a>', 'two-sided level of the first look’s intervals and tests', { gt: 0, lt: 1, default: 0.05 }),
    opt.number('--saturation <s>', 'median score at or above which a benchmark is saturated', { gt: 0, lt: 1, default: 0.9 }),
    opt.int('--bootstrap <R>', 'robustness: item-resampled replicates of the structure comparison (0: none)', { min: 0, default: 0 }),
    opt.int('--permutations <P>', 'robustness: random item→benchmark relabellings (0: none)', { min: 0, default: 0 }),
    opt.int('--folds <K>', 'robustness: folds over models for out-of-sample prediction (0: none)', { min: 0, default: 0 }),
    opt.int('--workers <N>', 'threads for the layers (latent structure beside the IRT calibration, scaling beside ranks); 1 runs them one after the other; audit.json is the same (default: the cores available, at most 3)', { min: 1, max: 64 }),
  ],
  async run(ctx) {
    const f = ctx.flags as Flags & CommonFlags;
    const given = (f.responses?.length ?? 0) > 0 || !!f.lmEval || !!f.scores || !!f.leaderboard;
    if (f.demo && (given || f.items || f.models || (f as { modelsFrom?: string }).modelsFrom)) throw new InputError('--demo', 0, 0, '--demo audits the bundled demo leaderboard: it cannot be combined with input options');
    if (!f.demo && !given) throw new InputError('(command line)', 0, 0, 'no data to audit: give input options (--responses, --lm-eval, --scores or --leaderboard, with --models or --models-from for metadata), or --demo for the bundled demo leaderboard');
    if (f.demo) {
      const d = demoDir();
      Object.assign(f, { responses: [join(d, 'responses_wide.csv')], items: join(d, 'items.csv'), models: join(d, 'models.csv') });
    }
    const inputs: (AuditInput & { path: string })[] = [];
    for (const r of f.responses ?? []) inputs.push(hashInput('responses', splitResponsesArg(r).file, !!f.demo));
    for (const [role, p] of [['lm_eval', f.lmEval], ['items', f.items], ['models', f.models], ['models_from', (f as { modelsFrom?: string }).modelsFrom], ['scores', f.scores], ['leaderboard', f.leaderboard]] as const) if (p) inputs.push(hashInput(role, p, !!f.demo));
    const lb = await ctx.load();
    // the v2 table's other scaling, for the paper comparison (as `cartograph gtheory`)
    const otherScaling = lb.origin?.version === 'v2' && lb.origin.role === 'scores' && f.leaderboard ? await loadInputs({ ...f, normalised: !f.normalised }) : null;
    const executor = auditWorkers(lb, f.workers ?? Math.min(3, availableParallelism()));
    const settings = { ...f, structures: f.structures as StructureName[], bayes: !!f.bayes, recodes: f.recode };
    const { report, layerFiles, timings } = await runAudit(lb, auditOptions(settings, { inputs, otherScaling, readFile: readInputFile, ...(executor ? { executor } : {}), ...ctx.callbacks })).finally(() => executor?.close());
    ctx.stage({ stage: 'report', message: 'rendering report.html' });
    const docs = await renderAudit(report);
    ctx.print(formatAudit(report));
    await ctx.write((out) => {
      out.write('report.html', docs.html);
      out.write('audit.md', docs.markdown);
      out.write('audit.json', docs.json);
      out.writeJson('run.json', { software: { name: 'cartograph', version: VERSION }, node: process.version, platform: `${platform()}-${arch()}`, cpus: cpus().length, cpu_model: cpus()[0]?.model ?? null, seconds_total: ctx.elapsed(), ...timings });
      for (const c of docs.charts) out.writeJson(`charts/${c.id}.vl.json`, c.spec);
      for (const [folder, files] of Object.entries(layerFiles)) for (const file of files) out.write(`${folder}/${file.name}`, file.content);
    });
    if (f.out) ctx.print(`\nreport: ${resolve(f.out, 'report.html')}`);
  },
});
