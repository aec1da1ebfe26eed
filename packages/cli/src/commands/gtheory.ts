// `cartograph gtheory`: where the variance of benchmark scores comes from (packages/stats/src/gtheory):
// four crossed random-effects models by REML (pxb, facets, covariate, covariate_slopes), G and Φ
// coefficients with a D-study, granularity checks (--recode), and on request (--bayes) a Gibbs check of
// `facets`. Prints a terminal table (with the AI Cartography paper's published v2 shares alongside);
// with --out writes gtheory.json and variance-shares.svg. Progress goes to stderr.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  gibbsCheck,
  GTHEORY_FORMULAS,
  gtheoryTable,
  InputError,
  parseRecode,
  parseCsv,
  withMapping,
  PAPER_SHARES,
  runGtheory,
  tableData,
  varianceSharesSvg,
  fitLmm,
  type BayesCheck,
  type GtheoryReport,
  type RecodeSpec,
  type ShareRow,
} from '@cartograph/stats';
import { addInputOptions, loadInputs, type InputOptions } from '../inputs.js';
import { withOutput } from '../output.js';

interface Flags extends InputOptions {
  recode: string[];
  dStudy?: string;
  bayes?: boolean;
  chains: number;
  iterations: number;
  warmup: number;
  seed: number;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
function positiveInt(opt: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x <= 0) throw new InputError(opt, 0, 0, `expected a positive whole number, got "${v}"`);
    return x;
  };
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : `${x.toFixed(2)} %`);
const g4 = (x: number): string => (Number.isFinite(x) ? x.toPrecision(4) : '—');

export function formatGtheory(rep: GtheoryReport, bayes: BayesCheck | null): string {
  const out: string[] = [];
  const d = rep.data;
  out.push(
    `cartograph gtheory — ${d.nModels} models × ${d.benchmarks.length} benchmarks (${d.nRows} scores; ${d.levels.contributor} contributors, ${d.levels.architecture} architectures, ${d.levels.deployment} deployment types)`,
  );
  if (d.excludedCount) out.push(`left out: ${d.excludedCount} models without a positive size or a facet (listed in gtheory.json)`);
  if (d.missingCells) out.push(`missing (model, benchmark) scores: ${d.missingCells}`);
  out.push('');
  const names = ['benchmark', 'contributor', 'architecture', 'deployment', 'model_id', 'Residual'];
  const header = ['component'.padEnd(26), ...rep.models.map((m) => m.name.padStart(17))].join('');
  out.push('Variance components by REML: variance (% of total)');
  out.push(header);
  const rows = [...names, ...new Set(rep.models.flatMap((m) => m.components.map((c) => c.name)).filter((n) => !names.includes(n)))];
  for (const n of rows) {
    const cells = rep.models.map((m) => {
      const c = m.components.find((x) => x.name === n);
      if (!c) return ''.padStart(17);
      return `${g4(c.variance)}${c.percent === null ? ' (slope)' : ` (${c.percent.toFixed(1)}%)`}`.padStart(17);
    });
    out.push(`${n.padEnd(26)}${cells.join('')}`);
  }
  out.push(`${'REML criterion'.padEnd(26)}${rep.models.map((m) => m.remlCriterion.toFixed(3).padStart(17)).join('')}`);
  out.push(`${'singular fit'.padEnd(26)}${rep.models.map((m) => String(m.singular).padStart(17)).join('')}`);
  out.push('');
  out.push('Fixed effects (Satterthwaite df):');
  for (const m of rep.models)
    for (const f of m.fixef)
      out.push(`  ${m.name.padEnd(17)} ${f.name.padEnd(16)} ${g4(f.estimate).padStart(10)}  SE ${g4(f.se).padStart(9)}  df ${f.df.toFixed(1).padStart(8)}  p ${f.p.toExponential(2)}`);
  out.push('');
  out.push('Generalizability (object of measurement: the model; n_b benchmarks):');
  for (const m of rep.models) {
    if (!m.G) {
      out.push(`  ${m.name}: ${m.gNote}`);
      continue;
    }
    out.push(`  ${m.name.padEnd(17)} Eρ² = ${m.G.Erho2.toFixed(4)}   Φ = ${m.G.Phi.toFixed(4)}   (n_b = ${m.G.nb}; ${m.G.note})`);
  }
  const ds = rep.models.find((m) => m.name === 'facets' && m.dStudy) ?? rep.models.find((m) => m.dStudy);
  if (ds?.dStudy) {
    out.push(`  D-study (${ds.name}):  n_b ${ds.dStudy.map((r) => String(r.nb).padStart(6)).join('')}`);
    out.push(`                       Eρ² ${ds.dStudy.map((r) => r.Erho2.toFixed(3).padStart(6)).join('')}`);
    out.push(`                        Φ  ${ds.dStudy.map((r) => r.Phi.toFixed(3).padStart(6)).join('')}`);
  }
  out.push('');
  out.push('Next to the AI Cartography paper (Open LLM Leaderboard v2, % of total):');
  out.push(`  ${''.padEnd(14)}${'facets'.padStart(10)}${'paper'.padStart(9)}${'covariate'.padStart(12)}${'paper'.padStart(9)}`);
  const share = (name: string, comp: string): number | null => rep.models.find((m) => m.name === name)?.components.find((c) => c.name === comp)?.percent ?? null;
  for (const k of ['benchmark', 'contributor', 'architecture', 'deployment'] as const) {
    out.push(
      `  ${k.padEnd(14)}${pct(share('facets', k)).padStart(10)}${pct(PAPER_SHARES.facets[k]).padStart(9)}${pct(share('covariate', k)).padStart(12)}${pct(PAPER_SHARES.covariate[k]).padStart(9)}`,
    );
  }
  if (rep.granularity.length) {
    out.push('');
    out.push('Granularity checks (facets refitted with another coding):');
    for (const g of rep.granularity) {
      const sh = g.components.filter((c) => c.percent !== null).map((c) => `${c.name} ${c.percent!.toFixed(1)}%`).join(', ');
      out.push(`  ${g.recode}: ${g.levelsBefore} → ${g.levelsAfter} levels; ${sh}`);
      out.push(`    ordering ${g.orderingHolds ? 'holds' : 'CHANGES'}: ${g.orderOriginal.join(' > ')}  →  ${g.orderRecoded.join(' > ')}`);
    }
  }
  if (bayes) {
    out.push('');
    out.push(`Bayesian check of facets (Gibbs, ${bayes.chains} chains × ${bayes.iterations} draws after ${bayes.warmup} warm-up, seed ${bayes.seed}; ${bayes.prior}):`);
    out.push(`  ${'component'.padEnd(14)}${'median'.padStart(9)}${'95 % interval'.padStart(20)}${'REML'.padStart(9)}  inside${'R-hat'.padStart(8)}${'ESS'.padStart(7)}`);
    for (const c of bayes.components) {
      if (c.remlShare === null) continue;
      out.push(
        `  ${c.name.padEnd(14)}${c.share.median.toFixed(2).padStart(9)}${`[${c.share.lo.toFixed(2)}, ${c.share.hi.toFixed(2)}]`.padStart(20)}${c.remlShare.toFixed(2).padStart(9)}  ${(c.remlInside ? 'yes' : 'NO').padEnd(6)}${c.rhat.toFixed(3).padStart(8)}${c.ess.toFixed(0).padStart(7)}`,
      );
    }
    out.push(`  ${bayes.note}`);
  }
  for (const m of rep.models) for (const msg of m.messages) out.push(`note (${m.name}): ${msg}`);
  for (const n of rep.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

export function shareRows(rep: GtheoryReport, withPaper: boolean): ShareRow[] {
  const rows: ShareRow[] = rep.models.map((m) => ({
    label: m.name,
    shares: Object.fromEntries(m.components.filter((c) => c.percent !== null).map((c) => [c.name, c.percent!])),
  }));
  if (withPaper) {
    for (const [k, v] of Object.entries(PAPER_SHARES)) rows.push({ label: `paper v2: ${k}`, shares: { ...v }, reference: true });
  }
  return rows;
}

export function register(program: Command): void {
  const cmd = addInputOptions(
    program
      .command('gtheory')
      .description(
        'G-theory decomposition of benchmark scores: four crossed random-effects models by REML (lme4/lmerTest numbers), G and Φ, D-study, granularity checks, optional Bayesian check',
      ),
  );
  cmd
    .option('--recode <FACET=RULE>', 'granularity check: refit facets with another coding (contributor=top:20, architecture=family, deployment=single, contributor=prefix:4, architecture=map:FILE.csv with level,new_level); repeatable', collect, [])
    .option('--d-study <LIST>', 'numbers of benchmarks for the D-study, comma-separated (default 1–6, 8, 10, 12, 15, 20, 30, 50)')
    .option('--bayes', 'Bayesian check of facets by Gibbs sampling (half-t priors on the SDs)')
    .option('--chains <N>', 'Gibbs chains', positiveInt('--chains'), 4)
    .option('--iterations <N>', 'Gibbs draws kept per chain', positiveInt('--iterations'), 2000)
    .option('--warmup <N>', 'Gibbs warm-up draws per chain', positiveInt('--warmup'), 500)
    .option('--seed <N>', 'seed of the Gibbs sampler', positiveInt('--seed'), 1)
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: Flags) => {
      const progress = (m: string): void => {
        if (!opts.quiet) process.stderr.write(`gtheory: ${m}\n`);
      };
      const recodes: RecodeSpec[] = opts.recode.map((r) => {
        const spec = parseRecode(r);
        if (spec.rule !== 'map') return spec;
        let text: string;
        try {
          text = readFileSync(spec.file!, 'utf8');
        } catch (e) {
          throw new InputError(spec.file!, 0, 0, `cannot read the --recode mapping: ${(e as Error).message}`);
        }
        return withMapping(spec, parseCsv(text, spec.file!).rows, spec.file!);
      });
      const sizes = opts.dStudy
        ? opts.dStudy.split(',').map((s) => {
            const x = Number(s);
            if (!Number.isInteger(x) || x <= 0) throw new InputError('--d-study', 0, 0, `expected positive whole numbers, got "${s}"`);
            return x;
          })
        : undefined;
      const lb = await loadInputs(opts);
      for (const w of lb.warnings) process.stderr.write(`warning: ${w}\n`);
      const table = gtheoryTable(lb);
      if (table.excluded.length) {
        const show = table.excluded.slice(0, 10).map((e) => `${e.id} (${e.reason})`).join('; ');
        process.stderr.write(`gtheory: left out ${table.excluded.length} models: ${show}${table.excluded.length > 10 ? '; …' : ''}\n`);
      }
      const t0 = Date.now();
      const rep = runGtheory(table, { recodes, dStudySizes: sizes, onProgress: progress });
      progress(`REML fits done in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
      let bayes: BayesCheck | null = null;
      if (opts.bayes) {
        progress(`Bayesian check: ${opts.chains} chains × (${opts.warmup} + ${opts.iterations}) Gibbs iterations`);
        const data = tableData(table);
        const remlFacets = fitLmm(data, GTHEORY_FORMULAS.facets, { condVar: false, satterthwaite: false });
        bayes = gibbsCheck(data, GTHEORY_FORMULAS.facets, remlFacets, {
          chains: opts.chains,
          iterations: opts.iterations,
          warmup: opts.warmup,
          seed: opts.seed,
          onProgress: progress,
        });
        progress(`Gibbs done in ${bayes.seconds.toFixed(1)} s (max R-hat ${bayes.maxRhat.toFixed(4)}, min ESS ${bayes.minEss.toFixed(0)})`);
      }
      process.stdout.write(`${formatGtheory(rep, bayes)}\n`);
      await withOutput(opts.out, async (out) => {
        out?.writeJson('gtheory.json', { ...rep, bayes });
        out?.write('variance-shares.svg', varianceSharesSvg(shareRows(rep, !!opts.leaderboard), { title: 'Variance shares of benchmark scores (REML, % of total)' }));
      });
    });
}
