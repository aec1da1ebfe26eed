// The studies the executors can run, by the plan's `study` name, and the canonical data they travel
// with: one byte string per study that every worker — a pool thread, a queue worker on another machine —
// turns back into the study's shared data and checks against the plan's data hash.
//   robustness  a length-prefixed JSON header of item ids, benchmarks, model ids and contributors, then
//               the 0/1 response matrix of the complete models (below);
//   scaling     the models of scaling's frame with the metadata its regressions need (id, log10 params,
//               contributor, architecture, deployment), the items, then their 0/1/missing responses
//               (stats' scaling/data.ts: encodeScalingData / decodeScalingData).
import {
  canonicalJson,
  decodeScalingData,
  encodeScalingData,
  replicateData,
  ROBUSTNESS_STUDY,
  ResponseMatrix,
  SCALING_STUDY,
  type Leaderboard,
  type ReplicateData,
  type ReplicateEnvelope,
  type ReplicatePlan,
  type ReplicateStudy,
  type ScalingData,
} from '@cartograph/stats';

/** The shared data of any study the executors know. */
export type StudyData = ReplicateData | ScalingData;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStudy = ReplicateStudy<any, any, ReplicateEnvelope, unknown>;

/** Studies by plan.study. */
export const STUDIES: Record<string, AnyStudy> = {
  robustness: ROBUSTNESS_STUDY as unknown as AnyStudy,
  scaling: SCALING_STUDY as unknown as AnyStudy,
};

export function studyOf(plan: ReplicatePlan): AnyStudy {
  const s = STUDIES[plan.study];
  if (!s) throw new Error(`no executor knows the study '${plan.study}' (known: ${Object.keys(STUDIES).join(', ')})`);
  return s;
}

const isScaling = (d: StudyData): d is ScalingData => (d as ScalingData).study === 'scaling';

interface Header {
  items: [string, string][];
  models: string[];
  contributors: (string | null)[];
}

/** The canonical bytes of a study's data (robustness: complete models only, as its studies use them). */
export function encodeData(d: StudyData): Uint8Array {
  if (isScaling(d)) return encodeScalingData(d);
  const header: Header = { items: d.items.map((it) => [it.id, it.benchmark]), models: d.models, contributors: d.contributors };
  const head = new TextEncoder().encode(canonicalJson(header));
  const out = new Uint8Array(4 + head.length + d.responses.values.length);
  new DataView(out.buffer).setUint32(0, head.length);
  out.set(head, 4);
  out.set(d.responses.values, 4 + head.length);
  return out;
}

/**
 * The study data back from its bytes, its content hash recomputed by the library (replicateData,
 * decodeScalingData) and compared with the plan's: a worker never runs a replicate on other data than
 * the plan was made for.
 */
export function decodeData(bytes: Uint8Array, expectedHash: string, study = 'robustness'): StudyData {
  if (study === 'scaling') {
    try {
      return decodeScalingData(bytes, expectedHash);
    } catch (e) {
      throw new Error((e as Error).message.replace(/^<study data>: /, ''));
    }
  }
  if (bytes.length < 4) throw new Error(`the study data is ${bytes.length} bytes long: truncated`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n))) as Header;
  const J = header.items.length;
  const M = header.models.length;
  const values = bytes.subarray(4 + n);
  if (values.length !== M * J) throw new Error(`the study data holds ${values.length} responses for ${M} models × ${J} items: truncated or corrupt`);
  const lb = {
    items: header.items.map(([id, benchmark]) => ({ id, benchmark, extra: {} })),
    models: header.models.map((id, m) => ({ id, contributor: header.contributors[m] ?? null })),
    responses: new ResponseMatrix(M, J, new Uint8Array(values)),
  } as unknown as Leaderboard;
  const data = replicateData(lb);
  if (data.hash !== expectedHash) throw new Error(`the study data's hash ${data.hash.slice(0, 12)}… is not the plan's ${expectedHash.slice(0, 12)}…: corrupt or other data`);
  return data;
}
