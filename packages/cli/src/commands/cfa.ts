// `cartograph cfa`: categorical CFA by WLSMV for the six competing structures (packages/stats/src/cfa,
// lavaan's cfa(ordered = TRUE, estimator = "WLSMV", std.lv = TRUE)). Writes
//   cfa.json                per structure: convergence, fit (scaled and naive), loadings with SEs and
//                           std.all, thresholds, factor covariances, Heywood diagnostics, bifactor
//                           indices; nested scaled difference tests; data diagnostics
//   mi.csv                  item1,item2,mi,epc,sepc_all,cross_benchmark (with --mi)
//   scores_<structure>.csv  model_id + EBM scores (+ EAP and posterior SDs with --eap) (with --factor-scores;
//                           `--scores FILE` is the shared benchmark-scores input option)
// and prints the comparison table of the structures; progress on stderr.
import { readFileSync, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { InputError, parseCfaSyntax, runCfa, STRUCTURES, type CfaReport, type StructureName } from '@cartograph/stats';
import { addInputOptions, loadInputs, type InputOptions } from '../inputs.js';
import { withOutput } from '../output.js';

interface Flags extends InputOptions {
  structures: string;
  model?: string;
  mi?: boolean | string;
  factorScores?: boolean;
  eap?: boolean;
  missing: 'listwise' | 'pairwise';
  quiet?: boolean;
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? 'NA' : String(x));
const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

export function parseStructures(value: string): StructureName[] {
  if (value.trim() === 'all') return [...STRUCTURES];
  if (value.trim() === 'none' || value.trim() === '') return [];
  const out: StructureName[] = [];
  for (const s of value.split(',').map((x) => x.trim())) {
    if (!(STRUCTURES as readonly string[]).includes(s)) throw new InputError('--structures', 0, 0, `unknown structure '${s}' (known: all, ${STRUCTURES.join(', ')})`);
    out.push(s as StructureName);
  }
  return out;
}

/** Terminal comparison table. */
export function formatCfa(rep: CfaReport): string {
  const out: string[] = [];
  out.push(`cartograph cfa — ${rep.n_models} models × ${rep.n_items} items, WLSMV (${rep.data.missing}${rep.data.models_dropped ? `, ${rep.data.models_dropped} models dropped` : ''})`);
  if (rep.data.not_positive_definite) out.push(`note: the tetrachoric matrix is not positive definite (smallest eigenvalue ${rep.data.min_eigenvalue.toFixed(4)}); DWLS does not need it to be; items weighing most in it: ${rep.data.npd_items.map((x) => x.item).join(', ')}`);
  if (rep.data.empty_cell_pairs.length) out.push(`note: ${rep.data.empty_cell_pairs.length} item pairs have an empty 2×2 cell (0.5 added, as lavaan): ${rep.data.empty_cell_pairs.slice(0, 5).map((p) => `${p.item1}–${p.item2}`).join(', ')}${rep.data.empty_cell_pairs.length > 5 ? ', …' : ''}`);
  out.push('');
  const head = ['structure'.padEnd(20), 'conv'.padStart(5), 'npar'.padStart(5), 'df'.padStart(6), 'χ² scaled'.padStart(11), 'p'.padStart(7), 'CFI_s'.padStart(7), 'TLI_s'.padStart(7), 'RMSEA_s'.padStart(8), '90% CI'.padStart(14), 'SRMR'.padStart(7), 'WRMR'.padStart(7), '  Heywood'];
  out.push(head.join(' '));
  out.push('-'.repeat(head.join(' ').length));
  for (const s of rep.structures) {
    const ft = s.fit;
    const hw = s.heywood;
    const heyw = !hw ? '' : hw.any ? `yes: ${[hw.negative_residual_variances.length ? `${hw.negative_residual_variances.length} neg. residual var.` : '', hw.std_loadings_ge_1.length ? `${hw.std_loadings_ge_1.length} |std λ| ≥ 1` : '', hw.factor_covariance_not_pd ? 'factor cov. not PD' : ''].filter(Boolean).join(', ')}` : 'no';
    out.push([
      s.structure.padEnd(20),
      (s.converged ? 'yes' : 'NO').padStart(5),
      String(s.n_parameters).padStart(5),
      (ft ? String(ft.df) : '—').padStart(6),
      f(ft?.chisq_scaled, 1).padStart(11),
      f(ft?.pvalue_scaled, 3).padStart(7),
      f(ft?.cfi_scaled).padStart(7),
      f(ft?.tli_scaled).padStart(7),
      f(ft?.rmsea_scaled, 4).padStart(8),
      (ft ? `[${f(ft.rmsea_ci_lower_scaled, 3)}, ${f(ft.rmsea_ci_upper_scaled, 3)}]` : '—').padStart(14),
      f(ft?.srmr).padStart(7),
      f(ft?.wrmr).padStart(7),
      `  ${s.converged ? heyw : s.message}`,
    ].join(' '));
  }
  if (rep.nested_tests.length) {
    out.push('');
    out.push('Nested models, scaled-shifted χ² difference test (lavTestLRT, WLSMV):');
    for (const t of rep.nested_tests) {
      if ('error' in t) out.push(`  ${t.restricted} ⊂ ${t.general}: ${t.error}`);
      else out.push(`  ${t.restricted.padEnd(12)} ⊂ ${t.general.padEnd(20)} Δχ² = ${f(t.chisq_diff_scaled, 2).padStart(9)}  Δdf = ${String(t.df_diff).padStart(4)}  p = ${t.pvalue < 1e-4 ? t.pvalue.toExponential(1) : t.pvalue.toFixed(4)}`);
    }
    out.push('Non-nested structures: compare scaled CFI (higher) and RMSEA (lower) above.');
  }
  for (const s of rep.structures.filter((x) => x.bifactor_indices)) {
    const b = s.bifactor_indices!;
    out.push(`${s.structure}: ECV(g) = ${f(b.ecv)}, ω_h = ${f(b.omega_h)}, ω = ${f(b.omega_total)}`);
  }
  if (rep.mi) {
    out.push('');
    out.push(`Largest modification indices (${rep.mi_structure}, residual item-pair covariances):`);
    for (const m of rep.mi.slice(0, 10)) out.push(`  ${m.item1} ~~ ${m.item2}  MI = ${f(m.mi, 1).padStart(8)}  SEPC = ${f(m.sepc_all).padStart(6)}  ${m.cross_benchmark ? 'cross-benchmark' : 'within benchmark'}`);
  }
  return out.join('\n');
}

export function miCsv(rep: CfaReport): string {
  const lines = ['item1,item2,mi,epc,sepc_all,cross_benchmark'];
  for (const m of rep.mi ?? []) lines.push(`${csvCell(m.item1)},${csvCell(m.item2)},${num(m.mi)},${num(m.epc)},${num(m.sepc_all)},${m.cross_benchmark}`);
  return lines.join('\n') + '\n';
}

export function scoresCsv(t: CfaReport['scores'][number]): string {
  const L = t.factors.length;
  const head = ['model_id', ...t.factors.map((x) => `${x}_ebm`)];
  if (t.eap) head.push(...t.factors.map((x) => `${x}_eap`), ...t.factors.map((x) => `${x}_eap_sd`));
  const lines = [head.map(csvCell).join(',')];
  t.models.forEach((id, n) => {
    const row = [csvCell(id)];
    for (let a = 0; a < L; a++) row.push(num(t.ebm[n * L + a]));
    if (t.eap && t.eapSd) {
      for (let a = 0; a < L; a++) row.push(num(t.eap[n * L + a]));
      for (let a = 0; a < L; a++) row.push(num(t.eapSd[n * L + a]));
    }
    lines.push(row.join(','));
  });
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  const cmd = addInputOptions(program.command('cfa').description('categorical CFA by WLSMV (lavaan parity) for the six competing latent structures; fit comparison, modification indices, factor scores'));
  cmd
    .option('--structures <list>', `all, none, or a comma list of: ${STRUCTURES.join(', ')}`, 'all')
    .option('--model <file>', "a user model in lavaan syntax ('f =~ x1 + x2', 'f ~~ 0*g', 'x1 ~~ x2'), fitted as 'custom'")
    .option('--mi [structure]', 'modification indices for every residual item pair (default structure: bifactor, else the user model)')
    .option('--factor-scores', 'factor scores (EBM, lavPredict default) per converged structure (--scores is the shared benchmark-scores input)')
    .option('--eap', 'with --factor-scores: also EAP scores with posterior SDs (adaptive Gauss–Hermite)')
    .addOption(new Option('--missing <rule>', 'missing cells: listwise (lavaan default) or pairwise').choices(['listwise', 'pairwise']).default('listwise'))
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: Flags) => {
      const lb = await loadInputs(opts);
      for (const w of lb.warnings) console.error(`warning: ${w}`);
      const structures = parseStructures(opts.structures);
      let model;
      if (opts.model) {
        if (!existsSync(opts.model)) throw new InputError(opts.model, 0, 0, 'file not found');
        model = parseCfaSyntax(readFileSync(opts.model, 'utf8'), opts.model);
      }
      if (structures.length === 0 && !model) throw new InputError('--structures', 0, 0, 'nothing to fit: give --structures or --model');
      const t0 = performance.now();
      const rep = runCfa(lb, {
        structures,
        ...(model ? { model, modelFile: opts.model! } : {}),
        missing: opts.missing,
        mi: opts.mi !== undefined && opts.mi !== false,
        ...(typeof opts.mi === 'string' ? { miStructure: opts.mi } : {}),
        scores: !!opts.factorScores,
        eap: !!opts.eap,
        onProgress: opts.quiet ? () => {} : (m) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`),
      });
      console.log(formatCfa(rep));
      await withOutput(opts.out, (out) => {
        if (!out) return;
        const { scores, mi, ...rest } = rep;
        out.writeJson('cfa.json', { ...rest, mi_top: mi ? mi.slice(0, 100) : null, scores_files: scores.map((s) => `scores_${s.structure}.csv`) });
        if (mi) out.write('mi.csv', miCsv(rep));
        for (const s of scores) out.write(`scores_${s.structure}.csv`, scoresCsv(s));
      });
    });
}
