// Size-aware defaults (issue #12): the whole audit on a large input (the Open LLM Leaderboard v1 items:
// 6,014 models × 439 items; a simulated 4,000 × 240) must finish in minutes on a 2-core machine. Its cost
// is dominated by bifactor IRT calibrations, each proportional to models × items (the E-step visits every
// response at every node): the shared calibration, scaling's conditioning fit, one more per item-resampled
// scaling replicate, and the plausible-value sets, each a pass over every model's posterior. On a large
// input the audit therefore lowers the defaults of the options that multiply that cost — never an option
// the user gave, never with `fullDefaults` — and says so: audit.json's `size_defaults` lists each
// reduction (option, full default, value used, what it costs the result), the run prints it as a warning,
// and the Data stage and every affected stage state it in their text. The thresholds and values are
// measured, not guessed: bench/RESULTS.md (audit section) has the timings they were chosen from.
import type { Leaderboard } from '../data/leaderboard.js';

/** Models × items from which the audit counts as large (the demo: 600 × 90 = 54,000; sim4000: 960,000; v1: 2,640,146). */
export const LARGE_FROM_CELLS = 250_000;

/** The options the audit reduces on a large input: their full defaults and the values used instead. */
export const FULL_DEFAULTS = { pv: 10, replicates: 4 } as const;
export const LARGE_DEFAULTS = { pv: 5, replicates: 0 } as const;
export type SizedOption = keyof typeof FULL_DEFAULTS;

/** What each reduction costs the result (said to the user with it). */
const COST: Record<SizedOption, string> = {
  pv: 'plausible-value sets of the scaling vector: Rubin intervals from fewer sets (their between-set variance less precise)',
  replicates: 'item-resampled scaling replicates: the slope reliability then varies the ecosystem controls only, not the items',
};
const LABEL: Record<SizedOption, string> = { pv: 'plausible-value sets', replicates: 'item-resampled scaling replicates' };

export interface SizeReduction {
  /** The option's key in audit.json's `options`. */
  option: SizedOption;
  full_default: number;
  used: number;
  effect: string;
}

/** audit.json's `size_defaults`: the input's size, the threshold, and each default reduced for it. */
export interface SizeDefaults {
  models: number;
  items: number;
  /** models × items (0 for benchmark scores only: nothing in the audit scales with them). */
  cells: number;
  large_from_cells: number;
  large: boolean;
  /** Full defaults asked for (`fullDefaults`): nothing reduced. */
  full_defaults: boolean;
  reduced: SizeReduction[];
  /** How to ask for the full defaults, in the front end's words; null when nothing was reduced. */
  how_to_get_full: string | null;
}

/**
 * The defaults for this input: `given` holds the options the user set (never reduced). Returns the values
 * to use for the sized options the user did not set, and the block audit.json records.
 */
export function sizeDefaults(lb: Leaderboard, given: Partial<Record<SizedOption, number>>, o: { fullDefaults?: boolean; howToGetFull?: string; largeFromCells?: number } = {}): { values: Record<SizedOption, number>; report: SizeDefaults } {
  const models = lb.models.length;
  const items = lb.responses ? lb.items.length : 0;
  const cells = models * items;
  const threshold = o.largeFromCells ?? LARGE_FROM_CELLS;
  const large = cells >= threshold;
  const full = o.fullDefaults === true;
  const values = { ...FULL_DEFAULTS } as Record<SizedOption, number>;
  const reduced: SizeReduction[] = [];
  for (const k of Object.keys(FULL_DEFAULTS) as SizedOption[]) {
    const g = given[k];
    if (g !== undefined) values[k] = g;
    else if (large && !full) {
      values[k] = LARGE_DEFAULTS[k];
      reduced.push({ option: k, full_default: FULL_DEFAULTS[k], used: LARGE_DEFAULTS[k], effect: COST[k] });
    }
  }
  return {
    values,
    report: { models, items, cells, large_from_cells: threshold, large, full_defaults: full, reduced, how_to_get_full: reduced.length ? (o.howToGetFull ?? 'fullDefaults: true, or the option itself') : null },
  };
}

/** One sentence on the reductions (null when none): the warning, the Data stage's text. */
export function sizeSentence(s: SizeDefaults): string | null {
  if (!s.reduced.length) return null;
  const list = s.reduced.map((r) => `${LABEL[r.option]} ${r.full_default} → ${r.used}`).join(', ');
  return `This input is large (${s.models.toLocaleString('en-US')} models × ${s.items} items ≥ ${s.large_from_cells.toLocaleString('en-US')} responses), so the audit used smaller defaults to finish in minutes: ${list}; for the full ones give ${s.how_to_get_full}.`;
}

/** The stage caveat's addition for the reductions that touch these options (null when none do). */
export function sizeCaveat(s: SizeDefaults, options: SizedOption[]): string | null {
  const r = s.reduced.filter((x) => options.includes(x.option));
  if (!r.length) return null;
  return `Reduced for this input's size: ${r.map((x) => `${x.used} ${LABEL[x.option]} instead of ${x.full_default} (${x.effect.split(': ')[1] ?? x.effect})`).join('; ')}.`;
}
