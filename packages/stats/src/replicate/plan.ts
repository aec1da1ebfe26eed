// The replicate interface (issue 14; run at scale by the execution issue 15). A study is a plan and a
// set of replicates addressed by (kind, r):
//   plan = { study, options, data_hash, base_seed, replicates: {kind: count}, plan_hash }
//   runReplicate(study, plan, shared, {kind, r}) → a serialisable result (plain JSON), deterministic given
//     (plan, kind, r): its random stream is forked from the base seed by kind and r (streamSeed), never by
//     the order in which replicates run, so 1 worker, N workers, shards and a queue give the same bytes;
//   reduceReplicates(study, plan, results) → the report, independent of the order results arrive in,
//     refusing a result whose plan hash differs, treating a replicate present twice as one after checking
//     the two are identical.
// Work that does not depend on the replicate is prepared once per data set (shared.ts) and passed in.
import { InputError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { canonicalJson, sha256, utf8 } from './hash.js';

export interface ReplicatePlan<O = unknown> {
  schema_version: 1;
  /** The study (e.g. 'robustness'). */
  study: string;
  /** The study's options (plain JSON). */
  options: O;
  /** SHA-256 of the canonical data (shared.ts). */
  data_hash: string;
  base_seed: number;
  /** Replicates per kind, indexed r = 0 … count − 1. */
  replicates: Record<string, number>;
  /** SHA-256 of the canonical JSON of everything above. */
  plan_hash: string;
}

export interface ReplicateId {
  kind: string;
  r: number;
}

/** Every replicate result carries its address and the plan it belongs to. */
export interface ReplicateEnvelope {
  plan_hash: string;
  kind: string;
  r: number;
  /** Set when the replicate failed: its error message (reported by index, never dropped). */
  error?: string;
}

export function makePlan<O>(study: string, options: O, dataHash: string, baseSeed: number, replicates: Record<string, number>): ReplicatePlan<O> {
  if (!Number.isInteger(baseSeed) || baseSeed < 0 || baseSeed > 0xffffffff) throw new RangeError(`base seed must be an integer in [0, 2^32), got ${baseSeed}`);
  const body = { schema_version: 1 as const, study, options, data_hash: dataHash, base_seed: baseSeed, replicates };
  return { ...body, plan_hash: sha256(utf8(canonicalJson(body))) };
}

/** Recomputes the plan hash (a plan read from a file is checked before use). */
export function checkPlan(plan: ReplicatePlan): void {
  const { plan_hash, ...body } = plan;
  const h = sha256(utf8(canonicalJson(body)));
  if (h !== plan_hash) throw new InputError('<plan>', 0, 0, `the plan's hash ${plan_hash.slice(0, 12)}… does not match its content (${h.slice(0, 12)}…): the plan was edited`);
}

export function listReplicates(plan: ReplicatePlan): ReplicateId[] {
  const out: ReplicateId[] = [];
  for (const kind of Object.keys(plan.replicates).sort()) for (let r = 0; r < plan.replicates[kind]!; r++) out.push({ kind, r });
  return out;
}

/** FNV-1a over a string, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** murmur3's 32-bit finalizer. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of replicate (kind, r): a function of (base seed, kind, r) only. */
export function streamSeed(baseSeed: number, kind: string, r: number): number {
  return fmix((fmix(baseSeed ^ fnv1a(kind)) + Math.imul(r + 1, 0x9e3779b9)) >>> 0);
}

export function replicateRng(plan: ReplicatePlan, id: ReplicateId): Rng {
  return new Rng(streamSeed(plan.base_seed, id.kind, id.r));
}

/** A study: how to run one replicate on shared work S and how to reduce all results into report T. */
export interface ReplicateStudy<O, S, R extends ReplicateEnvelope, T> {
  name: string;
  run(plan: ReplicatePlan<O>, shared: S, id: ReplicateId): R;
  reduce(plan: ReplicatePlan<O>, results: R[]): T;
}

/** Runs one replicate; an error becomes a result with `error` (reported by index by the reducer). */
export function runReplicate<O, S, R extends ReplicateEnvelope, T>(study: ReplicateStudy<O, S, R, T>, plan: ReplicatePlan<O>, shared: S, id: ReplicateId): R {
  if (!(id.kind in plan.replicates) || !(id.r >= 0 && id.r < plan.replicates[id.kind]! && Number.isInteger(id.r))) throw new RangeError(`replicate ${id.kind}:${id.r} is not in the plan`);
  try {
    return study.run(plan, shared, id);
  } catch (e) {
    return { plan_hash: plan.plan_hash, kind: id.kind, r: id.r, error: (e as Error).message } as R;
  }
}

/**
 * Checks and orders the results: each must carry this plan's hash; a (kind, r) present twice must be
 * byte-identical (canonical JSON) and counts once; the output is sorted by kind, then r, and every result
 * is returned in its canonical form (the parse of its canonical JSON: keys sorted at every level, no
 * undefined, -0 → 0, non-finite numbers → null) — the form replicates.jsonl and Redis hold — so a reducer
 * sees the same objects whether a result came from memory, a worker thread, a part file or the queue.
 */
export function collectResults<R extends ReplicateEnvelope>(plan: ReplicatePlan, results: readonly R[]): R[] {
  const byKey = new Map<string, { r: R; json: string }>();
  for (const res of results) {
    if (res.plan_hash !== plan.plan_hash)
      throw new InputError('<replicates>', 0, 0, `replicate ${res.kind}:${res.r} belongs to plan ${String(res.plan_hash).slice(0, 12)}…, not to this plan ${plan.plan_hash.slice(0, 12)}…: results of a different plan (other data, options or seed) cannot be reduced together`);
    if (!(res.kind in plan.replicates) || !(res.r >= 0 && res.r < plan.replicates[res.kind]!)) throw new InputError('<replicates>', 0, 0, `replicate ${res.kind}:${res.r} is not in the plan`);
    const key = `${res.kind}:${res.r}`;
    const json = canonicalJson(res);
    const prev = byKey.get(key);
    if (prev && prev.json !== json) throw new InputError('<replicates>', 0, 0, `replicate ${key} is present twice with different contents`);
    byKey.set(key, { r: res, json });
  }
  return [...byKey.values()].map((v) => JSON.parse(v.json) as R).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.r - b.r));
}

export function reduceReplicates<O, S, R extends ReplicateEnvelope, T>(study: ReplicateStudy<O, S, R, T>, plan: ReplicatePlan<O>, results: readonly R[]): T {
  return study.reduce(plan, collectResults(plan, results));
}

/** One line of replicates.jsonl: canonical JSON of the result (keys sorted), so identical results give identical bytes. */
export function replicateLine(result: ReplicateEnvelope): string {
  return canonicalJson(result);
}
