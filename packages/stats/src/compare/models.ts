// Shared helpers of compare, ties and gate: finding a model by id or name, the items two models share,
// and item cluster labels.
import { MISSING, benchmarksOf, type Leaderboard } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';

/** Index of a model given by id (exact) or display name (exact, unique); an InputError otherwise. */
export function findModel(lb: Leaderboard, key: string, role: string): number {
  const byId = lb.models.findIndex((m) => m.id === key);
  if (byId >= 0) return byId;
  const byName = lb.models.map((m, i) => (m.name === key ? i : -1)).filter((i) => i >= 0);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new InputError('(models)', 0, 0, `${role} "${key}" is the name of ${byName.length} models (${byName.map((i) => lb.models[i]!.id).slice(0, 5).join(', ')}); give its id`);
  const low = key.toLowerCase();
  const near = lb.models.filter((m) => m.id.toLowerCase().includes(low) || low.includes(m.id.toLowerCase())).slice(0, 5).map((m) => m.id);
  throw new InputError('(models)', 0, 0, `${role}: unknown model "${key}" (${lb.models.length} models in the input${near.length ? `; similar ids: ${near.join(', ')}` : ''})`);
}

/**
 * The cluster label of every item for `cluster`: a column of the items file, or `prefix` = the item id
 * without its `BENCHMARK:` prefix, up to its last '.' (e.g. MMLU's `high_school_mathematics.236` → subject).
 * Items without a value form clusters of their own. Null when no clustering was asked for.
 */
export function clusterLabels(lb: Leaderboard, cluster: string | null | undefined): string[] | null {
  if (!cluster) return null;
  if (cluster === 'prefix') {
    return lb.items.map((it) => {
      const bare = it.id.startsWith(`${it.benchmark}:`) ? it.id.slice(it.benchmark.length + 1) : it.id;
      const k = bare.lastIndexOf('.');
      return k > 0 ? `${it.benchmark}\u0000${bare.slice(0, k)}` : `\u0001${it.id}`;
    });
  }
  if (!lb.items.some((it) => cluster in it.extra)) {
    const cols = [...new Set(lb.items.flatMap((it) => Object.keys(it.extra)))];
    throw new InputError('(items)', 0, cluster, `no item column "${cluster}" to cluster by (item columns: ${cols.length ? cols.join(', ') : 'none besides item_id and benchmark'}; or "prefix" for the item id before its last '.')`);
  }
  return lb.items.map((it) => {
    const v = it.extra[cluster];
    return v === undefined || v.trim() === '' ? `\u0001${it.id}` : `${it.benchmark}\u0000${v}`;
  });
}

export interface SharedItems {
  benchmark: string;
  /** Item columns answered by both models. */
  items: number[];
  /** a_i and b_i (0/1) on those items. */
  a: Uint8Array;
  b: Uint8Array;
}

/** Per benchmark (in first-appearance order), the items both models answered. */
export function sharedItems(lb: Leaderboard, ia: number, ib: number): SharedItems[] {
  const r = lb.responses!;
  const J = r.nItems;
  const byBench = new Map<string, number[]>();
  for (const b of benchmarksOf(lb.items)) byBench.set(b, []);
  for (let j = 0; j < J; j++) {
    const x = r.values[ia * J + j]!;
    const y = r.values[ib * J + j]!;
    if (x !== MISSING && y !== MISSING) byBench.get(lb.items[j]!.benchmark)!.push(j);
  }
  return [...byBench.entries()].map(([benchmark, items]) => ({
    benchmark,
    items,
    a: Uint8Array.from(items, (j) => r.values[ia * J + j]!),
    b: Uint8Array.from(items, (j) => r.values[ib * J + j]!),
  }));
}
