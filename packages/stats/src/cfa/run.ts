// The whole layer-1 analysis on a leaderboard: sample statistics once, the requested structures
// (and/or a user model), nested scaled difference tests, a non-nested comparison by scaled CFI/RMSEA,
// modification indices for one structure and factor scores. Plain serialisable report; progress through
// a callback (the CLI prints it, the web worker posts it).
import type { ItemMeta, Leaderboard } from '../data/leaderboard.js';
import { ResponseMatrix } from '../data/leaderboard.js';
import { scaledDifferenceTest, type NestedTest } from './compare.js';
import { fitCfa, prepareCfaData, type CfaResult, type CfaState } from './fit-cfa.js';
import { fitAdmissible } from './admissible.js';
import { modificationIndices, type ModificationIndex } from './modindices.js';
import { cfaSampleStats, type CfaDataDiagnostics } from './sample.js';
import { factorScores } from './scores.js';
import { STRUCTURES, type ModelSpec, type StructureName } from './spec.js';
import { buildStructure, NESTED_PAIRS } from './structures.js';
import { buildParTable } from './partable.js';
import type { ParsedModel } from './syntax.js';
import { EstimationError, InputError } from '../util/errors.js';
import type { CfaProgress } from './types.js';

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
  /** Fit under the admissibility constraints (admissible.ts) where the ordinary fit is not admissible. */
  admissible?: boolean;
  onProgress?: (p: CfaProgress) => void;
  onWarning?: (message: string) => void;
}

/** A part of the analysis that could not be computed, and why (the rest is still reported). */
export interface SkippedPart {
  part: string;
  reason: string;
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
  /** Whether the admissible mode was on. */
  admissible_mode: boolean;
  /** Parts not computed, each with its reason (never a throw). */
  skipped: SkippedPart[];
}

export const CFA_METHOD = 'categorical CFA by WLSMV (lavaan 0.6.14 cfa(ordered = TRUE, estimator = "WLSMV", std.lv = TRUE), delta parameterization; DWLS estimates, robust sandwich SEs, scaled-shifted test)';

export function runCfa(lb: Leaderboard, opts: CfaRunOptions = {}): CfaReport {
  const say = (message: string, stage = 'cfa'): void => opts.onProgress?.({ stage, message });
  const skipped: SkippedPart[] = [];
  const skip = (part: string, reason: string): void => {
    skipped.push({ part, reason });
    opts.onWarning?.(`${part} skipped: ${reason}`);
  };
  if (lb.responses === null) throw new InputError('<input>', 0, 0, 'cfa needs item-level responses (0/1 per model and item); a table of benchmark scores is not enough');
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
  const missing = opts.missing ?? 'listwise';
  const t0 = performance.now();
  if (missing === 'listwise') {
    const kept = keptModels(resp, 'listwise').length;
    say(`${kept} of ${resp.nModels} models complete on the ${items.length} items are used (listwise)${kept < resp.nModels ? `; ${resp.nModels - kept} models with a missing cell are dropped` : ''}`, 'sample statistics');
  }
  say(`${resp.nModels} models × ${items.length} items (${missing})`, 'sample statistics');
  const { stats, diagnostics } = cfaSampleStats(resp, items.map((it) => it.id), { missing });
  const data = prepareCfaData(stats);
  let modelData = data;
  if (modelItems && modelItems.length !== items.length) {
    say(`sample statistics for the user model: ${modelItems.length} items`, 'sample statistics');
    modelData = prepareCfaData(cfaSampleStats(subsetResponses(lb.responses, lb.items, modelItems), modelItems.map((it) => it.id), { missing }).stats);
  }
  const tStats = (performance.now() - t0) / 1000;
  const results: CfaResult[] = [];
  const states = new Map<string, CfaState>();
  const specs: ModelSpec[] = [];
  for (const s of structures) {
    try {
      specs.push(buildStructure(s, items));
    } catch (e) {
      skip(`fit:${s}`, (e as Error).message);
    }
  }
  if (opts.model) specs.push(opts.model);
  specs.forEach((spec, idx) => {
    const stage = `fit ${spec.name}`;
    opts.onProgress?.({ stage, done: idx, total: specs.length, message: `[${idx + 1}/${specs.length}] fitting ${spec.name}` });
    const d = spec === opts.model ? modelData : data;
    let fitted: { result: CfaResult; state: CfaState | null };
    try {
      fitted = opts.admissible ? fitAdmissible(d, spec, {}, opts.modelFile) : fitCfa(d, spec, {}, opts.modelFile);
    } catch (e) {
      if (e instanceof InputError) throw e;
      skip(`fit:${spec.name}`, (e as Error).message);
      return;
    }
    const { result, state } = fitted;
    opts.onProgress?.({ stage, done: idx + 1, total: specs.length, message: `[${idx + 1}/${specs.length}] ${spec.name}: ${result.status}${result.converged ? ` in ${result.iterations} iterations` : ''} (${result.seconds.toFixed(1)} s)` });
    if (result.status !== 'admissible') opts.onWarning?.(`${spec.name}: ${result.status_reason}`);
    results.push(result);
    if (state) states.set(spec.name, state);
  });
  const nested: CfaReport['nested_tests'] = [];
  for (const [a, b] of NESTED_PAIRS) {
    const s0 = states.get(a);
    const s1 = states.get(b);
    if (!s0 || !s1) {
      if (structures.includes(a) && structures.includes(b)) skip(`nested_test:${a}⊂${b}`, `${!s0 ? a : b} has no converged fit`);
      continue;
    }
    if (s0.reparameterized || s1.reparameterized) {
      skip(`nested_test:${a}⊂${b}`, 'a fit on the boundary of the admissible region: the scaled difference test assumes interior solutions');
      continue;
    }
    try {
      nested.push(scaledDifferenceTest(data, s0, s1, [a, b]));
    } catch (e) {
      nested.push({ restricted: a, general: b, error: (e as Error).message });
      skip(`nested_test:${a}⊂${b}`, (e as Error).message);
    }
  }
  let miStructure: string | null = null;
  let mi: ModificationIndex[] | null = null;
  if (opts.mi) {
    miStructure = opts.miStructure ?? (states.has('bifactor') ? 'bifactor' : opts.model && states.has('custom') ? 'custom' : specs[0]?.name ?? null);
    const st = miStructure ? states.get(miStructure) : undefined;
    if (!st) skip(`mi:${miStructure}`, `'${miStructure}' was not fitted or did not converge`);
    else if (st.reparameterized) skip(`mi:${miStructure}`, `'${miStructure}' was fitted in the admissible parameterization with an active constraint; modification indices assume an interior solution of the ordinary model`);
    else {
      const d = miStructure === 'custom' ? modelData : data;
      say(`modification indices for ${miStructure} (${d.pairI.length} item pairs)`, 'modification indices');
      try {
        mi = modificationIndices(d, st, (id) => benchmarkOf.get(id));
        const res = results.find((r) => r.structure === miStructure);
        if (res && res.status === 'heywood') opts.onWarning?.(`modification indices of '${miStructure}' are computed at an inadmissible solution (${res.status_reason.split(' — ')[0]}); SEPCs of items with residual variance ≤ 0 are not defined (NA)`);
      } catch (e) {
        skip(`mi:${miStructure}`, (e as Error).message);
      }
    }
  }
  const scores: CfaScoresTable[] = [];
  if (opts.scores) {
    const keep = keptModels(resp, missing);
    for (const [name, st] of states) {
      const res = results.find((r) => r.structure === name)!;
      if (res.status === 'heywood' || res.status === 'not_identified' || res.status === 'boundary') {
        skip(`scores:${name}`, `factor scores need an admissible solution; ${name} is ${res.status.replace('_', ' ')}${res.status === 'boundary' ? ' (a residual variance at 0 makes an item deterministic given the factors)' : ''}: ${res.status_reason.split(' — ')[0]}`);
        continue;
      }
      say(`factor scores for ${name}`, 'factor scores');
      const d = name === 'custom' ? modelData : data;
      try {
        const fs = factorScores(st, d.stats.scores!.codes, d.stats.nobs, { eap: opts.eap ?? false });
        const rows = d === data ? keep : keptModels(subsetResponses(lb.responses, lb.items, modelItems!), missing);
        scores.push({ structure: name, factors: fs.factors, models: rows.map((m) => lb.models[m]!.id), ebm: fs.ebm, eap: fs.eap, eapSd: fs.eapSd, notConverged: fs.notConverged.map((n) => lb.models[rows[n]!]!.id) });
      } catch (e) {
        skip(`scores:${name}`, (e as Error).message);
      }
    }
  }
  if (results.length === 0 && specs.length > 0) throw new EstimationError('cfa', `no structure could be fitted: ${skipped.map((s) => `${s.part}: ${s.reason}`).join('; ')}`);
  return { method: CFA_METHOD, n_models: stats.nobs, n_items: items.length, data: diagnostics, seconds_sample_statistics: tStats, structures: results, nested_tests: nested, mi_structure: miStructure, mi, scores, admissible_mode: !!opts.admissible, skipped };
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
