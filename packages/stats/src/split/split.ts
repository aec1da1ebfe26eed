// A local evaluation set with a locked holdout: items → train / eval / holdout lists, stratified, seeded,
// with a lock file of content hashes (format in io/holdout.ts).
// Per stratum (sorted by name): its items sorted by id, shuffled by Fisher–Yates with the seeded
// generator (util/rng.ts; one generator for the whole split, strata in name order, so the same seed and
// items give the same bytes), then cut by counts from the largest-remainder (Hamilton) method: each set
// gets ⌊n·f⌋ or ⌈n·f⌉ items of the stratum, so every stratum's proportions are exact to within one item.
// Ties in the remainders go to holdout, then eval, then train (a small holdout is never rounded away
// when its share is the largest remainder).
import type { Leaderboard } from '../data/leaderboard.js';
import { findColumn, itemListText, LOCK_KIND, parseCsv, sha256Hex, type InputFile, type SplitLock } from '../io/index.js';
import { InputError } from '../util/errors.js';
import { seeded } from '../util/rng.js';

export interface SplitItem {
  id: string;
  /** The stratum (e.g. the benchmark); null when not stratified. */
  stratum: string | null;
  /** Line of the items file, for messages. */
  line?: number;
}

export interface SplitOptions {
  train: number;
  eval: number;
  holdout: number;
  seed: number;
  /** The column stratified by (recorded in the lock), or null. */
  stratify: string | null;
  /** The items file: its name and bytes (hashed into the lock). */
  itemsFile: { name: string; data: Uint8Array | string };
}

export interface SplitReport {
  schema_version: 1;
  lock: SplitLock;
  lists: { train: string[]; eval: string[]; holdout: string[] };
  /** Text of each list file (what is hashed). */
  files: { name: string; content: string }[];
}

const SETS = ['train', 'eval', 'holdout'] as const;

/** Counts per set for n items: ⌊n·f⌋ each, the rest by largest remainder (ties: holdout, eval, train). */
export function hamiltonCounts(n: number, f: readonly [number, number, number]): [number, number, number] {
  const exact = f.map((x) => n * x);
  const c = exact.map((x) => Math.floor(x + 1e-9)) as [number, number, number];
  let left = n - c[0] - c[1] - c[2];
  const rem = exact.map((x, k) => Math.round((x - c[k]!) * 1e9)); // remainders to 1e-9, so float noise (102 × 0.7) breaks no tie
  const order = [2, 1, 0].sort((a, b) => rem[b]! - rem[a]! || b - a);
  for (const k of order) {
    if (left <= 0) break;
    c[k as 0 | 1 | 2]++;
    left--;
  }
  return c;
}

export async function runSplit(items: readonly SplitItem[], opts: SplitOptions): Promise<SplitReport> {
  const f: [number, number, number] = [opts.train, opts.eval, opts.holdout];
  if (f.some((x) => !(x >= 0 && x <= 1)) || Math.abs(f[0] + f[1] + f[2] - 1) > 1e-9) throw new InputError('(split)', 0, 0, `the three fractions must be in [0, 1] and sum to 1 (got ${f.join(' + ')} = ${f[0] + f[1] + f[2]})`);
  if (items.length === 0) throw new InputError(opts.itemsFile.name, 0, 0, 'no items to split');
  const seen = new Map<string, number>();
  for (const it of items) {
    if (it.id === '') throw new InputError(opts.itemsFile.name, it.line ?? 0, 'item_id', 'empty item id');
    if (/[\r\n]/.test(it.id)) throw new InputError(opts.itemsFile.name, it.line ?? 0, 'item_id', `item id ${JSON.stringify(it.id)} contains a line break`);
    if (seen.has(it.id)) throw new InputError(opts.itemsFile.name, it.line ?? 0, 'item_id', `item "${it.id}" appears twice (also line ${seen.get(it.id)})`);
    seen.set(it.id, it.line ?? 0);
  }
  const strata = new Map<string, string[]>();
  for (const it of items) {
    const s = it.stratum ?? '';
    let l = strata.get(s);
    if (!l) strata.set(s, (l = []));
    l.push(it.id);
  }
  const rng = seeded(opts.seed);
  const lists = { train: [] as string[], eval: [] as string[], holdout: [] as string[] };
  const strataOut: SplitLock['strata'] = [];
  for (const name of [...strata.keys()].sort()) {
    const ids = strata.get(name)!.slice().sort();
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(rng.nextU32() / 4294967296 * (i + 1)); // Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P)
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    const c = hamiltonCounts(ids.length, f);
    lists.train.push(...ids.slice(0, c[0]).sort());
    lists.eval.push(...ids.slice(c[0], c[0] + c[1]).sort());
    lists.holdout.push(...ids.slice(c[0] + c[1]).sort());
    strataOut.push({ stratum: name, n: ids.length, train: c[0], eval: c[1], holdout: c[2] });
  }
  const files = SETS.map((s) => ({ name: `${s}.txt`, content: itemListText(lists[s]) }));
  const sets = {} as SplitLock['sets'];
  for (let k = 0; k < 3; k++) sets[SETS[k]!] = { file: files[k]!.name, count: lists[SETS[k]!].length, sha256: await sha256Hex(files[k]!.content) };
  const lock: SplitLock = {
    schema_version: 1,
    kind: LOCK_KIND,
    seed: opts.seed,
    fractions: { train: opts.train, eval: opts.eval, holdout: opts.holdout },
    stratify: opts.stratify,
    items_file: { name: opts.itemsFile.name, sha256: await sha256Hex(opts.itemsFile.data) },
    sets,
    holdout_items: lists.holdout,
    strata: strataOut,
  };
  return { schema_version: 1, lock, lists, files };
}

/** runSplit on an items CSV: the item-id column (`itemCol`, else item_id or item) and the stratum column. */
export async function runSplitFile(file: InputFile, opts: Omit<SplitOptions, 'itemsFile'> & { itemCol?: string | null }): Promise<SplitReport> {
  const t = parseCsv(file.data, file.name);
  const ic = findColumn(t.header, ...(opts.itemCol ? [opts.itemCol] : ['item_id', 'item']));
  if (ic < 0) throw new InputError(file.name, 1, 0, `no item-id column (expected ${opts.itemCol ? `"${opts.itemCol}"` : '"item_id" or "item"'})`);
  const sc = opts.stratify ? findColumn(t.header, opts.stratify) : -1;
  if (opts.stratify && sc < 0) throw new InputError(file.name, 1, 0, `no column "${opts.stratify}" to stratify by (columns: ${t.header.join(', ')})`);
  const items = t.rows.map((row, r) => ({ id: row[ic]!.trim(), stratum: sc >= 0 ? row[sc]!.trim() : null, line: t.lines[r]! }));
  return runSplit(items, { ...opts, itemsFile: file });
}

/**
 * runSplit on the items of loaded data (lm-eval logs, Inspect logs, response files, …): one entry per
 * item, or per `sample_id` when epochs are separate columns (all epochs of a sample go to the same set);
 * the stratum is the benchmark (`stratify: "benchmark"`) or an item column. The lock's items_file hash is
 * of the item list (ids, one per line).
 */
export async function runSplitLeaderboard(lb: Leaderboard, opts: Omit<SplitOptions, 'itemsFile'>): Promise<SplitReport> {
  if (lb.items.length === 0) throw new InputError(lb.sources.join(', ') || '(inputs)', 0, 0, 'the data have no items (benchmark scores only): give item-level data or an items file');
  if (opts.stratify && opts.stratify !== 'benchmark' && !lb.items.some((it) => opts.stratify! in it.extra)) {
    const cols = [...new Set(lb.items.flatMap((it) => Object.keys(it.extra)))];
    throw new InputError('(items)', 0, opts.stratify, `no item column "${opts.stratify}" to stratify by (benchmark${cols.length ? `, ${cols.join(', ')}` : ''})`);
  }
  const seen = new Set<string>();
  const items: SplitItem[] = [];
  for (const it of lb.items) {
    const id = it.extra.sample_id ?? it.id;
    if (seen.has(id)) continue;
    seen.add(id);
    items.push({ id, stratum: opts.stratify ? (opts.stratify === 'benchmark' ? it.benchmark : (it.extra[opts.stratify] ?? '')) : null });
  }
  const name = lb.sources.join(', ') || '(inputs)';
  return runSplit(items, { ...opts, itemsFile: { name, data: itemListText([...seen].sort()) } });
}

/** Terminal text: counts per set and stratum, and what the lock does. */
export function formatSplit(rep: SplitReport): string {
  const l = rep.lock;
  const out = [`split of ${rep.lists.train.length + rep.lists.eval.length + rep.lists.holdout.length} items (seed ${l.seed}${l.stratify ? `, stratified by ${l.stratify}` : ''}): train ${l.sets.train.count}, eval ${l.sets.eval.count}, holdout ${l.sets.holdout.count}`];
  if (l.stratify) for (const s of l.strata) out.push(`  ${s.stratum || '(none)'}: ${s.n} items → ${s.train} / ${s.eval} / ${s.holdout}`);
  out.push(`Each stratum's counts are ⌊n·f⌋ or ⌈n·f⌉ (exact to within one item). The lock records the lists' SHA-256; a command given it leaves the holdout's responses unread unless told to use them, and says whether the holdout was touched. The split protects the holdout from tuning on it; it says nothing about contamination in pre-training.`);
  return out.join('\n');
}
