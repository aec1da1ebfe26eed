// The whole layer-1 analysis on a leaderboard: sample statistics once, the requested structures
// (and/or a user model), nested scaled difference tests, a non-nested comparison by scaled CFI/RMSEA,
// modification indices for one structure and factor scores. Plain serialisable report; progress through
// a callback (the CLI prints it, the web worker posts it).
import type { ItemMeta, Leaderboard } from '../data/leaderboard.js';
import { ResponseMatrix } from '../data/leaderboard.js';
import { scaledDifferenceTest, type NestedTest } from './compare.js';
import { fitCfa, prepareCfaData, type CfaResult, type CfaState } from './fit-cfa.js';
import { modificationIndices, type ModificationIndex } from './modindices.js';
import { cfaSampleStats, type CfaDataDiagnostics } from './sample.js';
import { factorScores } from './scores.js';
import { STRUCTURES, type ModelSpec, type StructureName } from './spec.js';
import { buildStructure, NESTED_PAIRS } from './structures.js';
import { buildParTable } from './partable.js';
import type { ParsedModel } from './syntax.js';

export interface CfaRunOptions {
  structures?: StructureName[];
  /** A user model (parsed syntax); fitted as structure `custom`. */
  model?: ParsedModel;
  modelFile?: string;
  missing?: 'listwise' | 'pairwise';
  /** Modification indices for this structure (default: bifactor if fitted, else the user model, else the first). */
  mi?: boolean;
  miStructure?: string;
  /** Factor scores (EBM, plus EAP with posterior SDs when `eap`). */
  scores?: boolean;
  eap?: boolean;
  onProgress?: (message: string) => void;
}

export interface CfaScoresTable {
  structure: string;
  factors: string[];
  models: string[];
  ebm: Float64Array;
  eap: Float64Array | null;
  eapSd: Float64Array | null;
  notConverged: string[];
}

export interface CfaReport {
  method: string;
  n_models: number;
  n_items: number;
  data: CfaDataDiagnostics;
  seconds_sample_statistics: number;
  structures: CfaResult[];
  nested_tests: (NestedTest | { restricted: string; general: string; error: string })[];
  mi_structure: string | null;
  mi: ModificationIndex[] | null;
  scores: CfaScoresTable[];
}

export const CFA_METHOD = 'categorical CFA by WLSMV (lavaan 0.6.14 cfa(ordered = TRUE, estimator = "WLSMV", std.lv = TRUE), delta parameterization; DWLS estimates, robust sandwich SEs, scaled-shifted test)';

export function runCfa(lb: Leaderboard, opts: CfaRunOptions = {}): CfaReport {
  const progress = opts.onProgress ?? (() => {});
  if (lb.responses === null) throw new Error('cfa: needs item-level responses (--responses)');
  const structures = opts.structures ?? (opts.model ? [] : [...STRUCTURES]);
  const benchmarkOf = new Map(lb.items.map((it) => [it.id, it.benchmark]));
  // Items: all of them for the built-in structures; a user model on a subset of the items gets its own
  // sample statistics on that subset.
  let modelItems: ItemMeta[] | null = null;
  if (opts.model) {
    const pt = buildParTable(opts.model, lb.items.map((it) => it.id), opts.modelFile);
    const used = new Set(pt.items);
    modelItems = lb.items.filter((it) => used.has(it.id));
  }
  const items: ItemMeta[] = structures.length === 0 && modelItems ? modelItems : lb.items;
  const resp = subsetResponses(lb.responses, lb.items, items);
  const t0 = performance.now();
  progress(`sample statistics: ${resp.nModels} models × ${items.length} items (${opts.missing ?? 'listwise'})`);
  const { stats, diagnostics } = cfaSampleStats(resp, items.map((it) => it.id), { missing: opts.missing ?? 'listwise' });
  const data = prepareCfaData(stats);
  let modelData = data;
  if (modelItems && modelItems.length !== items.length) {
    progress(`sample statistics for the user model: ${modelItems.length} items`);
    modelData = prepareCfaData(cfaSampleStats(subsetResponses(lb.responses, lb.items, modelItems), modelItems.map((it) => it.id), { missing: opts.missing ?? 'listwise' }).stats);
  }
  const tStats = (performance.now() - t0) / 1000;
  const results: CfaResult[] = [];
  const states = new Map<string, CfaState>();
  const specs: ModelSpec[] = structures.map((s) => buildStructure(s, items));
  if (opts.model) specs.push(opts.model);
  specs.forEach((spec, idx) => {
    progress(`[${idx + 1}/${specs.length}] fitting ${spec.name}`);
    const { result, state } = fitCfa(spec === opts.model ? modelData : data, spec, {}, opts.modelFile);
    progress(`[${idx + 1}/${specs.length}] ${spec.name}: ${result.converged ? `converged in ${result.iterations} iterations` : `NOT converged (${result.message})`} (${result.seconds.toFixed(1)} s)`);
    results.push(result);
    if (state) states.set(spec.name, state);
  });
  const nested: CfaReport['nested_tests'] = [];
  for (const [a, b] of NESTED_PAIRS) {
    const s0 = states.get(a);
    const s1 = states.get(b);
    if (!s0 || !s1) continue;
    try {
      nested.push(scaledDifferenceTest(data, s0, s1, [a, b]));
    } catch (e) {
      nested.push({ restricted: a, general: b, error: (e as Error).message });
    }
  }
  let miStructure: string | null = null;
  let mi: ModificationIndex[] | null = null;
  if (opts.mi) {
    miStructure = opts.miStructure ?? (states.has('bifactor') ? 'bifactor' : opts.model && states.has('custom') ? 'custom' : specs[0]?.name ?? null);
    const st = miStructure ? states.get(miStructure) : undefined;
    if (!st) throw new Error(`cfa: modification indices requested for '${miStructure}', which was not fitted or did not converge`);
    const d = miStructure === 'custom' ? modelData : data;
    progress(`modification indices for ${miStructure} (${d.pairI.length} item pairs)`);
    mi = modificationIndices(d, st, (id) => benchmarkOf.get(id));
  }
  const scores: CfaScoresTable[] = [];
  if (opts.scores) {
    const keep = keptModels(resp, opts.missing ?? 'listwise');
    for (const [name, st] of states) {
      progress(`factor scores for ${name}`);
      const d = name === 'custom' ? modelData : data;
      const fs = factorScores(st, d.stats.scores!.codes, d.stats.nobs, { eap: opts.eap ?? false });
      const rows = d === data ? keep : keptModels(subsetResponses(lb.responses, lb.items, modelItems!), opts.missing ?? 'listwise');
      scores.push({ structure: name, factors: fs.factors, models: rows.map((m) => lb.models[m]!.id), ebm: fs.ebm, eap: fs.eap, eapSd: fs.eapSd, notConverged: fs.notConverged.map((n) => lb.models[rows[n]!]!.id) });
    }
  }
  return { method: CFA_METHOD, n_models: stats.nobs, n_items: items.length, data: diagnostics, seconds_sample_statistics: tStats, structures: results, nested_tests: nested, mi_structure: miStructure, mi, scores };
}

function subsetResponses(resp: ResponseMatrix, all: readonly ItemMeta[], items: readonly ItemMeta[]): ResponseMatrix {
  if (items.length === all.length) return resp;
  const idx = items.map((it) => all.indexOf(it));
  const out = new ResponseMatrix(resp.nModels, items.length);
  for (let m = 0; m < resp.nModels; m++) for (let j = 0; j < idx.length; j++) out.values[m * items.length + j] = resp.values[m * resp.nItems + idx[j]!]!;
  return out;
}

/** Rows kept by the missing-data rule (listwise: complete rows; pairwise: all). */
function keptModels(resp: ResponseMatrix, missing: 'listwise' | 'pairwise'): number[] {
  const out: number[] = [];
  for (let m = 0; m < resp.nModels; m++) {
    if (missing === 'pairwise') {
      out.push(m);
      continue;
    }
    let ok = true;
    for (let j = 0; j < resp.nItems; j++) if (resp.values[m * resp.nItems + j] === 255) ok = false;
    if (ok) out.push(m);
  }
  return out;
}
