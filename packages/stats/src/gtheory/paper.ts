// The AI Cartography paper's published decomposition of the Open LLM Leaderboard v2 (Hardy et al.,
// arXiv 2605.25272, layer 2), next to ours — only when the scores are that leaderboard's v2 table, with
// both of its scalings (raw 0–1 accuracies and the normalised columns) when the other one is given, the
// number of models and the snapshot, and a sentence on what differs from the paper's setting.
// (Issue 10 defect 8: the block used to be printed for any data, the simulated demo and the v1 table
// included, and without a word on why v2's benchmark share, 55.1 % raw / 53.7 % normalised, is not 43.0 %.)
import type { Leaderboard } from '../data/leaderboard.js';
import { gtheoryTable, type GtheoryTable } from './data.js';
import type { GComponent, GModelResult } from './types.js';

/** Published decomposition of the Open LLM Leaderboard v2 (AI Cartography, % of total variance). */
export const PAPER_SHARES = {
  facets: { benchmark: 43.0, contributor: 8.6, architecture: 4.17, deployment: 1.91 },
  covariate: { benchmark: 46.13, contributor: 7.82, architecture: 6.34, deployment: 1.1 },
} as const;

export const PAPER_SOURCE = 'Hardy et al., "AI Cartography" (arXiv 2605.25272): Open LLM Leaderboard v2, % of total variance';

export const PAPER_FACETS = ['benchmark', 'contributor', 'architecture', 'deployment'] as const;
export type PaperFacet = (typeof PAPER_FACETS)[number];
export type PaperShares = Record<PaperFacet, number | null>;

export interface PaperScaling {
  /** raw (0–1 accuracies) or normalised (v2's rescaled columns / 100). */
  scaling: 'raw' | 'normalised' | null;
  n_models: number;
  /** Latest submission date among these models (YYYY-MM-DD), when the table has one. */
  snapshot: string | null;
  facets: PaperShares;
  covariate: PaperShares;
}

export interface PaperComparison {
  source: string;
  paper: { facets: PaperShares; covariate: PaperShares };
  /** Ours: the scaling of these scores first, then the other one when it was given. */
  ours: PaperScaling[];
  /** What differs from the paper's setting. */
  differences: string;
}

function sharesOf(cs: readonly GComponent[] | undefined): PaperShares {
  const out = {} as PaperShares;
  for (const f of PAPER_FACETS) out[f] = cs?.find((c) => c.name === f)?.percent ?? null;
  return out;
}

const pct = (x: number | null): string => (x === null ? '—' : `${x.toFixed(1)} %`);

/**
 * The paper comparison for a study, or why there is none. `refit` fits `facets` and `covariate` on the
 * other scaling's table (the runner's fitting, with its warm starts).
 */
export function paperComparison(
  t: GtheoryTable,
  models: readonly GModelResult[],
  other: Leaderboard | null,
  refit: (other: GtheoryTable) => Partial<Record<'facets' | 'covariate', GComponent[]>>,
): { comparison: PaperComparison | null; skipped: { part: string; reason: string } | null } {
  const part = 'paper_comparison';
  if (t.source.version !== 'v2') {
    const from = t.source.version === 'v1' ? 'these scores come from the v1 table (other benchmarks, another period)' : 'these scores are not that table';
    return { comparison: null, skipped: { part, reason: `the AI Cartography paper's figures are for the Open LLM Leaderboard v2 table; ${from}` } };
  }
  const facets = models.find((m) => m.name === 'facets');
  const covariate = models.find((m) => m.name === 'covariate');
  if (!facets || !covariate) return { comparison: null, skipped: { part, reason: 'the comparison needs the facets and covariate models' } };
  const ours: PaperScaling[] = [
    { scaling: t.source.scaling, n_models: t.nModels, snapshot: t.source.snapshot, facets: sharesOf(facets.components), covariate: sharesOf(covariate.components) },
  ];
  let otherNote = '';
  if (other) {
    const ot = gtheoryTable(other);
    if (ot.source.version === 'v2' && ot.source.scaling !== t.source.scaling) {
      const sh = refit(ot);
      ours.push({ scaling: ot.source.scaling, n_models: ot.nModels, snapshot: ot.source.snapshot, facets: sharesOf(sh.facets), covariate: sharesOf(sh.covariate) });
    } else otherNote = ' (the second table given is not the same v2 table with the other scaling: left out)';
  }
  const byScaling = ours.map((o) => `${pct(o.facets.benchmark)} ${o.scaling ?? ''}`.trim()).join(' / ');
  const snap = t.source.snapshot ? ` with submissions up to ${t.source.snapshot}` : '';
  const scalingText =
    ours.length > 1
      ? 'raw accuracies (0–1) or the normalised columns (rescaled per subtask so that chance is 0, then clipped), and the benchmark share moves with it'
      : `only the ${t.source.scaling ?? 'given'} scores were analysed${otherNote}; the benchmark share moves with the scaling (raw accuracies against the normalised columns, rescaled per subtask so that chance is 0, then clipped)`;
  const differences =
    `What differs from the paper: the snapshot — the paper used its own snapshot of the v2 leaderboard, these are ${t.nModels} models${snap} ` +
    `(those with a positive size and all three facets); the scaling — ${scalingText}: benchmark share ${byScaling} here, ${PAPER_SHARES.facets.benchmark.toFixed(1)} % in the paper; ` +
    'and the facet coding — contributor is the part of the model id before "/", architecture the Architecture column, deployment the Type column, and another grouping moves the facet shares (see the granularity checks). ' +
    'The shares depend on these choices, so a gap to the paper is not by itself an error of either analysis: compare the ordering of the facets rather than their levels.';
  return { comparison: { source: PAPER_SOURCE, paper: { facets: { ...PAPER_SHARES.facets }, covariate: { ...PAPER_SHARES.covariate } }, ours, differences }, skipped: null };
}
