// Work shared by every replicate of a data set, computed once per worker: the complete-model response
// matrix (listwise; bit-packed inside the tetrachoric kernels), its content hash, and the sample
// statistics (thresholds, tetrachorics, DWLS weights, per-model influence tables) of the whole item pool
// for a given model set — cached by that model set, so a training fold never sees a held-out model. A
// replicate selects its items from them: every statistic of an item or a pair depends on that item or
// pair only (complete data), so the selection equals computing them afresh on the subset.
import type { ItemMeta, Leaderboard } from '../data/leaderboard.js';
import { MISSING, ResponseMatrix } from '../data/leaderboard.js';
import { cfaSampleStats, type CfaSampleStats } from '../cfa/index.js';
import { pairIndex } from '../tetrachoric/index.js';
import { EstimationError } from '../util/errors.js';
import { canonicalJson, sha256, utf8 } from './hash.js';

export interface ReplicateData {
  /** The item pool (in data order). */
  items: ItemMeta[];
  /** Models complete on every pool item (listwise). */
  models: string[];
  /** Contributor per model (null when unknown). */
  contributors: (string | null)[];
  responses: ResponseMatrix;
  /** Models dropped for a missing cell. */
  models_dropped: number;
  /** SHA-256 over item ids, benchmarks, model ids and responses. */
  hash: string;
  /** Pool statistics per model set (key: hash of the row list; '' = all rows). */
  cache: Map<string, CfaSampleStats>;
}

export function replicateData(lb: Leaderboard): ReplicateData {
  if (lb.responses === null) throw new EstimationError('robustness', 'needs item-level responses (0/1 per model and item)');
  const r = lb.responses;
  const J = r.nItems;
  const rows: number[] = [];
  for (let m = 0; m < r.nModels; m++) {
    let ok = true;
    for (let j = 0; j < J; j++)
      if (r.values[m * J + j] === MISSING) {
        ok = false;
        break;
      }
    if (ok) rows.push(m);
  }
  const resp = new ResponseMatrix(rows.length, J);
  rows.forEach((m, n) => resp.values.set(r.values.subarray(m * J, (m + 1) * J), n * J));
  const models = rows.map((m) => lb.models[m]!.id);
  const head = utf8(canonicalJson({ items: lb.items.map((it) => [it.id, it.benchmark]), models }));
  const buf = new Uint8Array(head.length + resp.values.length);
  buf.set(head);
  buf.set(resp.values, head.length);
  return { items: lb.items.map((it) => ({ id: it.id, benchmark: it.benchmark, extra: {} })), models, contributors: rows.map((m) => lb.models[m]!.contributor ?? null), responses: resp, models_dropped: r.nModels - rows.length, hash: sha256(buf), cache: new Map() };
}

/** Pool statistics on a model set (rows ascending; null = all models), cached by the set. */
export function poolStats(data: ReplicateData, rows: readonly number[] | null): CfaSampleStats {
  const key = rows === null ? '' : sha256(new Uint8Array(Int32Array.from(rows).buffer));
  const hit = data.cache.get(key);
  if (hit) return hit;
  let resp = data.responses;
  if (rows !== null) {
    const J = resp.nItems;
    const sub = new ResponseMatrix(rows.length, J);
    rows.forEach((m, n) => sub.values.set(data.responses.values.subarray(m * J, (m + 1) * J), n * J));
    resp = sub;
  }
  const stats = cfaSampleStats(resp, data.items.map((it) => it.id), { missing: 'listwise' }).stats;
  data.cache.set(key, stats);
  return stats;
}

/** Sample statistics of the pool items `sel` (ascending pool indices), selected from the pool's. */
export function selectStats(pool: CfaSampleStats, sel: readonly number[]): CfaSampleStats {
  const Jp = pool.items.length;
  const J = sel.length;
  for (let u = 1; u < J; u++) if (!(sel[u]! > sel[u - 1]!)) throw new RangeError('selectStats: item indices must be strictly ascending');
  const np = (J * (J - 1)) / 2;
  const thresholds = new Float64Array(J);
  const rho = new Float64Array(np);
  const weights = new Float64Array(J + np);
  sel.forEach((p, j) => {
    thresholds[j] = pool.thresholds[p]!;
    weights[j] = pool.weights[p]!;
  });
  const s = pool.scores;
  const N = pool.nobs;
  const pairI = new Int32Array(np);
  const pairJ = new Int32Array(np);
  const pair = s ? new Float64Array(np * 9) : null;
  let k = 0;
  for (let j = 0; j < J - 1; j++)
    for (let i = j + 1; i < J; i++, k++) {
      const kp = pairIndex(sel[i]!, sel[j]!, Jp);
      rho[k] = pool.rho[kp]!;
      weights[J + k] = pool.weights[Jp + kp]!;
      pairI[k] = i;
      pairJ[k] = j;
      if (pair) pair.set(s!.pair.subarray(kp * 9, kp * 9 + 9), k * 9);
    }
  let scores: CfaSampleStats['scores'] = null;
  if (s) {
    const codes = new Uint8Array(J * N);
    const th = new Float64Array(J * 3);
    sel.forEach((p, j) => {
      codes.set(s.codes.subarray(p * N, (p + 1) * N), j * N);
      th.set(s.th.subarray(p * 3, p * 3 + 3), j * 3);
    });
    scores = { nobs: N, nItems: J, codes, th, pair: pair!, pairI, pairJ } as CfaSampleStats['scores'];
  }
  return { items: sel.map((p) => pool.items[p]!), nobs: N, thresholds, rho, weights, scores };
}
