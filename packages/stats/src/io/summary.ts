// What a command says once about its inputs: the coverage (models complete, missing 1, 2, … benchmarks),
// the metadata join (matched, unmatched, ambiguous) and where the item counts of a table came from.
import { formatCoverage, type Leaderboard } from '../data/leaderboard.js';
import { formatJoin } from './join.js';

/** The item counts behind a scores table's intervals, and their origin, in one line (null: no scores). */
export function formatItemCounts(lb: Leaderboard): string | null {
  const s = lb.scores;
  if (!s || (lb.responses && lb.items.length > 0)) return null;
  const src = s.itemCountSources ?? s.benchmarks.map(() => null);
  const parts = s.benchmarks.map((b, k) => {
    const n = s.itemCounts[k];
    if (n === null || n === undefined) return `${b} —`;
    const kind = src[k]?.kind;
    const eff = src[k]?.items !== undefined ? `${src[k]!.items} (SE as for ${Math.round(n)})` : String(Math.round(n));
    return `${b} ${eff}${kind === 'builtin' ? '' : kind === 'user' ? ' (given)' : ' (file)'}`;
  });
  const builtin = src.some((x) => x?.kind === 'builtin');
  const origin = lb.origin && lb.origin.role === 'scores' ? `Open LLM Leaderboard ${lb.origin.version}${lb.origin.scaling === 'normalised' ? ', normalised scores' : ''}` : null;
  const none = s.itemCounts.every((n) => n === null);
  if (none) return `item counts: none known${origin ? ` (${origin})` : ''}: no binomial intervals or MMDs.`;
  return `item counts behind the intervals${builtin ? ` (built in for the ${origin ?? 'known table'}, from the lm-evaluation-harness task definitions; a benchmark averaged over subtasks gets the binomial SE of an effective count, an approximation; the JSON cites each)` : ''}: ${parts.join(', ')}.`;
}

/** Coverage, metadata join and item counts: one short block, shown once per command. */
export function formatInputSummary(lb: Leaderboard): string {
  const out: string[] = [];
  if (lb.coverage) out.push(formatCoverage(lb.coverage));
  if (lb.metadataJoin) out.push(formatJoin(lb.metadataJoin));
  const counts = formatItemCounts(lb);
  if (counts) out.push(counts);
  const h = lb.holdout;
  if (h) out.push(h.touched ? `holdout: TOUCHED — ${h.in_data} holdout item column(s) were read (use-holdout; lock ${h.lock_file}).` : !h.checkable ? `holdout: the data are scores without items; the lock (${h.lock_file}) cannot be checked.` : `holdout: untouched — ${h.in_data} holdout item column(s) in the data were not read (lock ${h.lock_file}, ${h.holdout_items} holdout items).`);
  return out.join('\n');
}
