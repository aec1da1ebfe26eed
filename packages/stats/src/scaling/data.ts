// The canonical data of the scaling study (issue 14/15): what every replicate needs and nothing else —
// the models of scaling's frame (those with a parameter count and responses) with their metadata (id,
// log10 params, contributor, architecture, deployment), the items (id, benchmark) and the 0/1/missing
// responses of those models. One byte string (a length-prefixed canonical-JSON header, then the response
// bytes); its SHA-256 is the plan's data hash. A worker (pool thread, queue worker on another machine)
// rebuilds the data from the bytes and checks the hash; the process that plans builds its own data
// through the same decoder, so the frame every replicate sees is the same to the last bit everywhere.
import type { ItemMeta, Leaderboard } from '../data/leaderboard.js';
import { ResponseMatrix } from '../data/leaderboard.js';
import { canonicalJson, sha256, utf8 } from '../replicate/index.js';
import { InputError } from '../util/errors.js';
import { buildFrame, subMatrix, type Frame } from './frame.js';

export interface ScalingData {
  /** Marks the study whose data this is (the executors encode by study). */
  study: 'scaling';
  items: ItemMeta[];
  /** The frame's models in frame order. */
  models: { id: string; log10_params: number; contributor: string | null; architecture: string | null; deployment: string | null }[];
  /** Frame models × all items. */
  responses: ResponseMatrix;
  frame: Frame;
  /** SHA-256 of the canonical bytes. */
  hash: string;
}

interface Header {
  items: [string, string][];
  models: [string, number, string | null, string | null, string | null][];
}

/** The canonical bytes of the scaling study's data. */
export function encodeScalingData(d: Pick<ScalingData, 'items' | 'models' | 'responses'>): Uint8Array {
  const header: Header = { items: d.items.map((it) => [it.id, it.benchmark]), models: d.models.map((m) => [m.id, m.log10_params, m.contributor, m.architecture, m.deployment]) };
  const head = utf8(canonicalJson(header));
  const out = new Uint8Array(4 + head.length + d.responses.values.length);
  new DataView(out.buffer).setUint32(0, head.length);
  out.set(head, 4);
  out.set(d.responses.values, 4 + head.length);
  return out;
}

/** The data back from its bytes; the hash recomputed and compared with `expectedHash` when given. */
export function decodeScalingData(bytes: Uint8Array, expectedHash?: string): ScalingData {
  const hash = sha256(bytes);
  if (expectedHash !== undefined && hash !== expectedHash) throw new InputError('<study data>', 0, 0, `the scaling data's hash ${hash.slice(0, 12)}… is not the plan's ${expectedHash.slice(0, 12)}…: corrupt or other data`);
  if (bytes.length < 4) throw new InputError('<study data>', 0, 0, `${bytes.length} bytes: truncated`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n))) as Header;
  const J = header.items.length;
  const N = header.models.length;
  const values = bytes.subarray(4 + n);
  if (values.length !== N * J) throw new InputError('<study data>', 0, 0, `${values.length} responses for ${N} models × ${J} items: truncated or corrupt`);
  const items = header.items.map(([id, benchmark]) => ({ id, benchmark, extra: {} }));
  const models = header.models.map(([id, log10_params, contributor, architecture, deployment]) => ({ id, log10_params, contributor, architecture, deployment }));
  const responses = new ResponseMatrix(N, J, Uint8Array.from(values));
  const lb = {
    models: models.map((m) => ({ id: m.id, name: m.id, paramsB: null, log10Params: m.log10_params, contributor: m.contributor, architecture: m.architecture, deployment: m.deployment, extra: {} })),
    items,
    responses,
    scores: null,
    warnings: [],
    sources: [],
  } as Leaderboard;
  const frame = buildFrame(lb, [], []);
  if (frame.rows.length !== N) throw new InputError('<study data>', 0, 0, `${N - frame.rows.length} models of the study data have no parameter count or no response`);
  return { study: 'scaling', items, models, responses, frame, hash };
}

/**
 * The scaling study's data of a leaderboard: scaling's frame (buildFrame: the models left out and the
 * warnings go to `dropped` and `warnings`), encoded and decoded once so that this process and every
 * worker hold the same numbers.
 */
export function scalingData(lb: Leaderboard, warnings: string[], dropped: { id: string; reason: string }[]): { data: ScalingData; bytes: Uint8Array } {
  const fr = buildFrame(lb, warnings, dropped);
  const resp = subMatrix(lb.responses!, fr.rows, lb.items.map((_, j) => j));
  const models = fr.rows.map((i) => {
    const m = lb.models[i]!;
    return { id: m.id, log10_params: m.log10Params!, contributor: m.contributor ?? null, architecture: m.architecture ?? null, deployment: m.deployment ?? null };
  });
  const bytes = encodeScalingData({ items: lb.items, models, responses: resp });
  return { data: decodeScalingData(bytes), bytes };
}
