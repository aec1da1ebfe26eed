// `cartograph audit`: the whole measurement case file in one command (packages/stats/src/audit): every
// layer on one input, the summary on stdout, and with --out: report.html (self-contained), audit.md,
// audit.json (no timings; same inputs + seed → same bytes), run.json (timings, host), charts/*.vl.json
// (the Vega-Lite specs) and each layer's own files in a subfolder (describe/, cfa/, gtheory/, scaling/,
// ranks/), as the single commands write them. `--demo` audits the bundled demo leaderboard.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, parseCsv, parseRecode, renderAudit, runAudit, STRUCTURES, withMapping, formatAudit, type AuditInput, type MissingInput, type RecodeSpec, type StructureName } from '@cartograph/stats';
import { defineCommand, type CommonFlags } from '../command.js';
import { opt } from '../options.js';
import { loadInputs, splitResponsesArg } from '../inputs.js';

const VERSION = '0.1.0';

interface Flags {
  demo?: boolean; seed: number; structures: string[]; missing: 'listwise' | 'pairwise'; mi: boolean; recode: string[];
  bayes?: boolean; chains: number; iterations: number; warmup: number; pv: number; scalingReplicates: number; itemFraction: number;
  draws: number; link: 'logistic' | 'normal'; alpha: number; saturation: number; bootstrap: number; permutations: number; folds: number;
}

/** The bundled demo leaderboard (data/demo at the repository root, found upward from this file). */
function demoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++, dir = dirname(dir)) if (existsSync(join(dir, 'data', 'demo', 'items.csv'))) return join(dir, 'data', 'demo');
  throw new InputError('--demo', 0, 0, 'the bundled demo leaderboard (data/demo) was not found next to this installation');
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
function hashInput(role: string, path: string): AuditInput {
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
    return { role, name: path, sha256: h.digest('hex'), bytes };
  }
  const b = readFileSync(path);
  return { role, name: path, sha256: sha256(b), bytes: b.length };
}

/** What the front end calls the input that would enable a skipped stage. */
const NEEDS: Record<string, string> = {
  'model metadata': 'model metadata: --models FILE, or --models-from TABLE (a v1/v2 leaderboard table or a models CSV)',
  'item responses': 'item-level responses: --responses FILE[:BENCHMARK] or --lm-eval DIR',
  'benchmark scores': 'benchmark scores: --scores FILE or --leaderboard TABLE',
  'item counts': 'the items behind each score: --items-per-benchmark N',
  data: 'data: --responses, --lm-eval, --scores or --leaderboard',
  robustness: '--bootstrap R, --permutations P or --folds K',
};

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
    opt.int('--pv <n>', 'plausible-value sets for the scaling vector', { min: 2, default: 10 }),
    opt.int('--scaling-replicates <n>', 'item-resampled replicates for the slope reliability', { min: 0, default: 4 }),
    opt.number('--item-fraction <f>', 'fraction of each benchmark’s items kept in a scaling replicate', { gt: 0, max: 1, default: 0.8 }),
    opt.int('--draws <n>', 'posterior draws for the rank intervals', { min: 10, default: 1000 }),
    opt.choice('--link <link>', 'IRT link', ['logistic', 'normal'] as const, 'logistic'),
    opt.number('--alpha <a>', 'two-sided level of the first look’s intervals and tests', { gt: 0, lt: 1, default: 0.05 }),
    opt.number('--saturation <s>', 'median score at or above which a benchmark is saturated', { gt: 0, lt: 1, default: 0.9 }),
    opt.int('--bootstrap <R>', 'robustness: item-resampled replicates of the structure comparison (0: none)', { min: 0, default: 0 }),
    opt.int('--permutations <P>', 'robustness: random item→benchmark relabellings (0: none)', { min: 0, default: 0 }),
    opt.int('--folds <K>', 'robustness: folds over models for out-of-sample prediction (0: none)', { min: 0, default: 0 }),
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
    const inputs: AuditInput[] = [];
    for (const r of f.responses ?? []) inputs.push(hashInput('responses', splitResponsesArg(r).file));
    for (const [role, p] of [['lm_eval', f.lmEval], ['items', f.items], ['models', f.models], ['models_from', (f as { modelsFrom?: string }).modelsFrom], ['scores', f.scores], ['leaderboard', f.leaderboard]] as const) if (p) inputs.push(hashInput(role, p));
    const recodes: RecodeSpec[] = f.recode.map((r) => {
      const spec = parseRecode(r);
      if (spec.rule !== 'map') return spec;
      if (!existsSync(spec.file!)) throw new InputError(spec.file!, 0, 0, 'the --recode mapping file was not found');
      return withMapping(spec, parseCsv(readFileSync(spec.file!, 'utf8'), spec.file!).rows, spec.file!);
    });
    const lb = await ctx.load();
    // the v2 table's other scaling, for the paper comparison (as `cartograph gtheory`)
    const otherScaling = lb.origin?.version === 'v2' && lb.origin.role === 'scores' && f.leaderboard ? await loadInputs({ ...f, normalised: !f.normalised }) : null;
    const { report, layerFiles, timings } = await runAudit(lb, {
      seed: f.seed,
      alpha: f.alpha,
      saturation: f.saturation,
      structures: f.structures as StructureName[],
      missing: f.missing,
      mi: f.mi,
      recodes,
      bayes: !!f.bayes,
      chains: f.chains,
      iterations: f.iterations,
      warmup: f.warmup,
      pv: f.pv,
      replicates: f.scalingReplicates,
      itemFraction: f.itemFraction,
      draws: f.draws,
      link: f.link,
      otherScaling,
      robustness: f.bootstrap || f.permutations || f.folds ? { bootstrap: f.bootstrap, permutations: f.permutations, folds: f.folds } : null,
      inputs: inputs.map((i) => ({ ...i, name: f.demo ? `data/demo/${i.name.split(/[\\/]/).pop()}` : i.name })),
      softwareVersion: VERSION,
      describeNeed: (n: MissingInput | string) => NEEDS[n] ?? n,
      ...ctx.callbacks,
    });
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
