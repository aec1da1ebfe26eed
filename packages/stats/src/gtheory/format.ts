// Terminal text of a G-theory report (runGtheory): variance components and shares, fixed effects, G and
// Φ with the D-study, the granularity checks, the Bayesian check, the paper comparison (v2 data only),
// notes and what the numbers mean. Plain text; the front end prints it.
import type { GtheoryReport } from './study.js';
import { PAPER_FACETS, type PaperShares } from './paper.js';

const pct = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : `${x.toFixed(2)} %`);
const g4 = (x: number | null): string => (x !== null && Number.isFinite(x) ? x.toPrecision(4) : '—');
const pval = (x: number | null): string => (x !== null && Number.isFinite(x) ? x.toExponential(2) : '—');

/** One bar of the variance-shares chart (structurally the charts' ShareRow). */
export interface GtheoryShareRow {
  label: string;
  shares: Record<string, number>;
  reference?: boolean;
}

export function formatGtheory(rep: GtheoryReport): string {
  const out: string[] = [];
  const d = rep.data;
  out.push(
    `cartograph gtheory — ${d.n_models} models × ${d.benchmarks.length} benchmarks (${d.n_rows} scores; ${d.levels.contributor} contributors, ${d.levels.architecture} architectures, ${d.levels.deployment} deployment types)`,
  );
  if (d.scores_from === 'responses') out.push('scores: each model\'s proportion correct per benchmark, from its item responses');
  if (d.excluded_count) out.push(`left out: ${d.excluded_count} models without a positive size or a facet (listed in gtheory.json)`);
  if (d.missing_cells) out.push(`missing (model, benchmark) scores: ${d.missing_cells}`);
  out.push('');
  const names = ['benchmark', 'contributor', 'architecture', 'deployment', 'model_id', 'Residual'];
  out.push('Variance components by REML: variance (% of total)');
  out.push(['component'.padEnd(26), ...rep.models.map((m) => m.name.padStart(17))].join(''));
  const rows = [...names, ...new Set(rep.models.flatMap((m) => m.components.map((c) => c.name)).filter((n) => !names.includes(n)))];
  for (const n of rows) {
    const cells = rep.models.map((m) => {
      const c = m.components.find((x) => x.name === n);
      if (!c) return ''.padStart(17);
      return `${g4(c.variance)}${c.percent === null ? ' (slope)' : ` (${c.percent.toFixed(1)}%)`}`.padStart(17);
    });
    out.push(`${n.padEnd(26)}${cells.join('')}`);
  }
  out.push(`${'REML criterion'.padEnd(26)}${rep.models.map((m) => m.reml_criterion.toFixed(3).padStart(17)).join('')}`);
  out.push(`${'singular fit'.padEnd(26)}${rep.models.map((m) => String(m.singular).padStart(17)).join('')}`);
  out.push('');
  out.push('Fixed effects (Satterthwaite df):');
  for (const m of rep.models)
    for (const f of m.fixef)
      out.push(`  ${m.name.padEnd(17)} ${f.name.padEnd(16)} ${g4(f.estimate).padStart(10)}  SE ${g4(f.se).padStart(9)}  df ${Number.isFinite(f.df) ? f.df.toFixed(1).padStart(8) : '—'.padStart(8)}  p ${pval(f.p)}`);
  out.push('');
  out.push('Generalizability (object of measurement: the model; n_b benchmarks):');
  for (const m of rep.models) {
    if (!m.g) {
      out.push(`  ${m.name}: ${m.g_note}`);
      continue;
    }
    out.push(`  ${m.name.padEnd(17)} Eρ² = ${m.g.erho2.toFixed(4)}   Φ = ${m.g.phi.toFixed(4)}   (n_b = ${m.g.nb}; ${m.g.note})`);
  }
  const ds = rep.models.find((m) => m.name === 'facets' && m.d_study) ?? rep.models.find((m) => m.d_study);
  if (ds?.d_study) {
    out.push(`  D-study (${ds.name}):  n_b ${ds.d_study.map((r) => String(r.nb).padStart(6)).join('')}`);
    out.push(`                       Eρ² ${ds.d_study.map((r) => r.erho2.toFixed(3).padStart(6)).join('')}`);
    out.push(`                        Φ  ${ds.d_study.map((r) => r.phi.toFixed(3).padStart(6)).join('')}`);
  }
  const pc = rep.paper_comparison;
  if (pc) {
    out.push('');
    out.push(`Next to the AI Cartography paper (Open LLM Leaderboard v2, % of total; ${pc.ours.map((o) => `${o.scaling ?? 'these'} scores: ${o.n_models} models${o.snapshot ? `, submissions up to ${o.snapshot}` : ''}`).join('; ')}):`);
    const head = (label: string): string => pc.ours.map((o) => `${label} ${o.scaling === 'normalised' ? 'norm.' : (o.scaling ?? '')}`.trim().padStart(16)).join('');
    out.push(`  ${''.padEnd(14)}${head('facets')}${'paper'.padStart(9)}${head('covariate')}${'paper'.padStart(9)}`);
    const cell = (s: PaperShares, f: (typeof PAPER_FACETS)[number]): string => pct(s[f]).padStart(16);
    for (const f of PAPER_FACETS)
      out.push(`  ${f.padEnd(14)}${pc.ours.map((o) => cell(o.facets, f)).join('')}${pct(pc.paper.facets[f]).padStart(9)}${pc.ours.map((o) => cell(o.covariate, f)).join('')}${pct(pc.paper.covariate[f]).padStart(9)}`);
    out.push(`  ${pc.differences}`);
  }
  if (rep.granularity.length) {
    out.push('');
    out.push('Granularity checks (facets refitted with another coding):');
    for (const g of rep.granularity) {
      const sh = g.components.filter((c) => c.percent !== null).map((c) => `${c.name} ${c.percent!.toFixed(1)}%`).join(', ');
      out.push(`  ${g.recode}: ${g.levels_before} → ${g.levels_after} levels; ${sh}`);
      out.push(`    ordering ${g.ordering_holds ? 'holds' : 'CHANGES'}: ${g.order_original.join(' > ')}  →  ${g.order_recoded.join(' > ')}`);
    }
  }
  const b = rep.bayes;
  if (b) {
    out.push('');
    out.push(`Bayesian check of facets (Gibbs, ${b.chains} chains × ${b.iterations} draws after ${b.warmup} warm-up, seed ${b.seed}; ${b.prior}):`);
    out.push(`  ${'component'.padEnd(14)}${'median'.padStart(9)}${'95 % interval'.padStart(20)}${'REML'.padStart(9)}  inside${'R-hat'.padStart(8)}${'ESS'.padStart(7)}`);
    for (const c of b.components) {
      if (c.reml_share === null) continue;
      out.push(
        `  ${c.name.padEnd(14)}${c.share.median.toFixed(2).padStart(9)}${`[${c.share.lo.toFixed(2)}, ${c.share.hi.toFixed(2)}]`.padStart(20)}${c.reml_share.toFixed(2).padStart(9)}  ${(c.reml_inside ? 'yes' : 'NO').padEnd(6)}${c.rhat.toFixed(3).padStart(8)}${c.ess.toFixed(0).padStart(7)}`,
      );
    }
    out.push(`  max R-hat ${b.max_rhat.toFixed(4)}, min ESS ${b.min_ess.toFixed(0)}. ${b.note}`);
  }
  for (const m of rep.models) for (const msg of m.messages) out.push(`note (${m.name}): ${msg}`);
  for (const n of rep.notes) out.push(`note: ${n}`);
  for (const s of rep.skipped) if (s.part !== 'paper_comparison') out.push(`skipped ${s.part}: ${s.reason}`);
  out.push('');
  out.push(rep.interpretation);
  return out.join('\n');
}

/** The data of the variance-shares chart: one bar per model, and the paper's bars when the comparison applies. */
export function varianceSharesChart(rep: GtheoryReport): GtheoryShareRow[] {
  const rows: GtheoryShareRow[] = rep.models.map((m) => ({
    label: m.name,
    shares: Object.fromEntries(m.components.filter((c) => c.percent !== null).map((c) => [c.name, c.percent!])),
  }));
  const pc = rep.paper_comparison;
  if (pc) {
    for (const [k, v] of Object.entries(pc.paper)) rows.push({ label: `paper v2: ${k}`, shares: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) as Record<string, number>, reference: true });
  }
  return rows;
}
