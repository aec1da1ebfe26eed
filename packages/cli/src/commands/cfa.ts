// `cartograph cfa`: categorical CFA by WLSMV for the six competing structures (runCfa in
// packages/stats/src/cfa, lavaan's cfa(ordered = TRUE, estimator = "WLSMV", std.lv = TRUE)). Writes
//   cfa.json                per structure: status, fit (scaled and naive), loadings with SEs and std.all,
//                           thresholds, factor covariances, Heywood diagnostics, bifactor indices; nested
//                           scaled difference tests; data diagnostics; skipped parts with their reasons
//   mi.csv                  item1,item2,mi,epc,sepc_all,cross_benchmark (with --mi)
//   scores_<structure>.csv  model_id + EBM scores (+ EAP and posterior SDs with --eap) (with --factor-scores;
//                           `--scores FILE` is the shared benchmark-scores input option)
// Everything that can be checked is checked before the fit: the options, the model file, item-level data.
import { readFileSync, existsSync } from 'node:fs';
import { cfaJson, formatCfa, InputError, MissingInputError, parseCfaSyntax, runCfa, STRUCTURES, type CfaReport, type CfaScoresTable, type StructureName } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { opt } from '../options.js';

interface Flags {
  structures: string[];
  model?: string;
  mi?: boolean | string;
  factorScores?: boolean;
  eap?: boolean;
  admissible?: boolean;
  missing: 'listwise' | 'pairwise';
}

/** `all`, `none` or structure names → the structures to fit. */
export function structuresOf(list: string[]): StructureName[] {
  if (list.includes('all')) return [...STRUCTURES];
  return list.filter((s) => s !== 'none') as StructureName[];
}

function miCsv(rep: CfaReport): { header: string[]; rows: (string | number | boolean | null)[][] } {
  return { header: ['item1', 'item2', 'mi', 'epc', 'sepc_all', 'cross_benchmark'], rows: (rep.mi ?? []).map((m) => [m.item1, m.item2, m.mi, m.epc, m.sepc_all, m.cross_benchmark]) };
}

function scoresCsv(t: CfaScoresTable): { header: string[]; rows: (string | number | null)[][] } {
  const L = t.factors.length;
  const header = ['model_id', ...t.factors.map((x) => `${x}_ebm`)];
  const eap = t.eap && t.eapSd ? { m: t.eap, sd: t.eapSd } : null;
  if (eap) header.push(...t.factors.map((x) => `${x}_eap`), ...t.factors.map((x) => `${x}_eap_sd`));
  const rows = t.models.map((id, n) => {
    const row: (string | number | null)[] = [id];
    for (let a = 0; a < L; a++) row.push(t.ebm[n * L + a]!);
    if (eap) {
      for (let a = 0; a < L; a++) row.push(eap.m[n * L + a]!);
      for (let a = 0; a < L; a++) row.push(eap.sd[n * L + a]!);
    }
    return row;
  });
  return { header, rows };
}

export const register = defineCommand<Flags>({
  name: 'cfa',
  description: 'categorical CFA by WLSMV (lavaan parity) for the six competing latent structures; fit comparison, modification indices, factor scores',
  outDescription: 'folder for cfa.json, mi.csv and scores_<structure>.csv',
  options: [
    opt.list('--structures <list>', `all, none, or a comma list of: ${STRUCTURES.join(', ')}`, { choices: ['all', 'none', ...STRUCTURES], default: ['all'] }),
    opt.string('--model <file>', "a user model in lavaan syntax ('f =~ x1 + x2', 'f ~~ 0*g', 'x1 ~~ x2'), fitted as 'custom'"),
    opt.string('--mi [structure]', 'modification indices for every residual item pair (default structure: bifactor, else the user model)'),
    opt.flag('--factor-scores', 'factor scores (EBM, lavPredict default) per converged structure (--scores is the shared benchmark-scores input)'),
    opt.flag('--eap', 'with --factor-scores: also EAP scores with posterior SDs (adaptive Gauss–Hermite)'),
    opt.flag('--admissible', 'refit an inadmissible solution (Heywood case) under admissibility constraints'),
    opt.choice('--missing <rule>', 'missing cells: listwise (lavaan default) or pairwise', ['listwise', 'pairwise'] as const, 'listwise'),
  ],
  async run(ctx) {
    const f = ctx.flags;
    // checks that need no data, before reading it
    const structures = structuresOf(f.structures);
    let model;
    if (f.model) {
      if (!existsSync(f.model)) throw new InputError(f.model, 0, 0, 'file not found');
      model = parseCfaSyntax(readFileSync(f.model, 'utf8'), f.model);
    }
    if (structures.length === 0 && !model) throw new InputError('--structures', 0, 0, 'nothing to fit: give --structures or --model');
    const miStructure = typeof f.mi === 'string' ? f.mi : undefined;
    if (miStructure !== undefined && !(structures as string[]).includes(miStructure) && !(miStructure === 'custom' && model)) {
      throw new InputError('--mi', 0, 0, `structure '${miStructure}' is not fitted (fitted: ${[...structures, ...(model ? ['custom'] : [])].join(', ')})`);
    }
    if (f.eap && !f.factorScores) throw new InputError('--eap', 0, 0, '--eap adds EAP scores to --factor-scores: give both');
    const lb = await ctx.load();
    if (!lb.responses) throw new MissingInputError('item responses', 'cfa fits 0/1 item-level responses (per model and item); benchmark scores or a leaderboard table are not enough');
    const rep = runCfa(lb, {
      structures,
      ...(model ? { model, modelFile: f.model! } : {}),
      missing: f.missing,
      mi: f.mi !== undefined && f.mi !== false,
      ...(miStructure ? { miStructure } : {}),
      scores: !!f.factorScores,
      eap: !!f.eap,
      admissible: !!f.admissible,
      ...ctx.callbacks,
    });
    ctx.print(formatCfa(rep));
    await ctx.write((out) => {
      out.writeJson('cfa.json', cfaJson(rep));
      if (rep.mi) {
        const t = miCsv(rep);
        out.writeCsv('mi.csv', t.header, t.rows);
      }
      for (const s of rep.scores) {
        const t = scoresCsv(s);
        out.writeCsv(`scores_${s.structure}.csv`, t.header, t.rows);
      }
    });
  },
});
