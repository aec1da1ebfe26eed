// The lock file of a local evaluation split (written by the split runner, packages/stats/src/split) and
// the check the one loader applies with it: responses to holdout items are not read unless the user says
// so, and the leaderboard records whether the holdout was touched.
// Lock: JSON `{schema_version, kind: "cartograph-split-lock", seed, fractions, stratify, items_file
// {name, sha256}, sets {train|eval|holdout: {file, count, sha256}}, holdout_items: [...], strata: [...]}`;
// each list file is the item ids one per line (LF, a final LF), and its sha256 is of those bytes, so the
// loader can check that `holdout_items` is the list the split wrote (an edited lock is refused).
import type { HoldoutStatus, Leaderboard } from '../data/leaderboard.js';
import { selectItems } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { decodeText, type InputFile } from './csv.js';

export const LOCK_KIND = 'cartograph-split-lock';

export interface SplitLock {
  schema_version: number;
  kind: typeof LOCK_KIND;
  seed: number;
  fractions: { train: number; eval: number; holdout: number };
  stratify: string | null;
  items_file: { name: string; sha256: string };
  sets: Record<'train' | 'eval' | 'holdout', { file: string; count: number; sha256: string }>;
  holdout_items: string[];
  strata: { stratum: string; n: number; train: number; eval: number; holdout: number }[];
}

/** SHA-256 (hex) of bytes, by the platform's Web Crypto (Node ≥ 18 and browsers: same digest everywhere). */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const d = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** An item list's bytes: ids one per line, LF, a final LF (what the split writes and hashes). */
export function itemListText(ids: readonly string[]): string {
  return ids.map((id) => `${id}\n`).join('');
}

/** Read and verify a lock file (its holdout list must hash to the recorded sha256). */
export async function readSplitLock(input: InputFile): Promise<SplitLock> {
  let o: SplitLock;
  try {
    o = JSON.parse(decodeText(input.data, input.name)) as SplitLock;
  } catch (e) {
    throw new InputError(input.name, 0, 0, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!o || typeof o !== 'object' || o.kind !== LOCK_KIND) throw new InputError(input.name, 1, 'kind', `not a split lock file (expected "kind": "${LOCK_KIND}", written by the split command)`);
  if (!Array.isArray(o.holdout_items) || !o.sets?.holdout || typeof o.sets.holdout.sha256 !== 'string') throw new InputError(input.name, 1, 'holdout_items', 'the lock has no holdout list and hash');
  const h = await sha256Hex(itemListText(o.holdout_items));
  if (h !== o.sets.holdout.sha256) throw new InputError(input.name, 1, 'holdout_items', `the holdout list does not match its hash (sha256 ${h.slice(0, 12)}… ≠ recorded ${o.sets.holdout.sha256.slice(0, 12)}…): the lock was edited; write a new split`);
  return o;
}

/**
 * Apply a lock to a loaded leaderboard: the holdout items' columns (matched on the item id or its
 * `sample_id`, the item behind repeated epochs) are dropped unless `useHoldout`; the status says what
 * happened. A scores-only leaderboard cannot be checked item by item: the status says so.
 */
export function applyHoldoutLock(lb: Leaderboard, lock: SplitLock, lockFile: string, useHoldout: boolean): Leaderboard {
  const hold = new Set(lock.holdout_items);
  const isHold = (j: number): boolean => hold.has(lb.items[j]!.id) || (lb.items[j]!.extra.sample_id !== undefined && hold.has(lb.items[j]!.extra.sample_id!));
  const inData: number[] = [];
  lb.items.forEach((_, j) => {
    if (isHold(j)) inData.push(j);
  });
  const status: HoldoutStatus = {
    lock_file: lockFile,
    holdout_items: lock.holdout_items.length,
    holdout_sha256: lock.sets.holdout.sha256,
    in_data: inData.length,
    use_holdout: useHoldout,
    touched: useHoldout && inData.length > 0,
    checkable: lb.items.length > 0,
  };
  let out = lb;
  if (!useHoldout && inData.length > 0) {
    if (inData.length === lb.items.length) throw new InputError(lockFile, 0, 0, `every item of the data (${inData.length}) is in the holdout of this lock: nothing is left to read (give the use-holdout option to evaluate on the holdout)`);
    const drop = new Set(inData);
    out = selectItems(lb, (_, j) => !drop.has(j)); // the input summary says so (io/summary.ts)
  }
  if (!status.checkable) out.warnings = [...out.warnings, `${lockFile}: the data are benchmark scores without items: whether they include holdout items cannot be checked`];
  out.holdout = status;
  return out;
}
