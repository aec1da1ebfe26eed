// The six competing latent structures of AI Cartography (Hardy et al., arXiv 2605.25272, layer 1),
// built from the item → benchmark map. Latent names: `g` (general), `f_<benchmark>` (benchmark factors
// of the non-bifactor structures), `s_<benchmark>` (specific factors of the bifactor structures).
import type { ItemMeta } from '../data/leaderboard.js';
import { benchmarksOf } from '../data/leaderboard.js';
import type { CovarianceSpec, LoadingSpec, ModelSpec, StructureName } from './spec.js';
import { STRUCTURES } from './spec.js';

function byBenchmark(items: readonly ItemMeta[]): [string, string[]][] {
  return benchmarksOf(items).map((b) => [b, items.filter((it) => it.benchmark === b).map((it) => it.id)]);
}

function allPairsFixedZero(names: string[]): CovarianceSpec[] {
  const out: CovarianceSpec[] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) out.push({ a: names[i]!, b: names[j]!, fixed: 0 });
  return out;
}

/** The named structure for these items (all items are indicators; benchmarks in first-appearance order). */
export function buildStructure(name: StructureName, items: readonly ItemMeta[]): ModelSpec {
  if (!STRUCTURES.includes(name)) throw new Error(`cfa: unknown structure '${name}' (known: ${STRUCTURES.join(', ')})`);
  const groups = byBenchmark(items);
  const ids = items.map((it) => it.id);
  const needsGroups = name !== 'general';
  if (needsGroups && groups.length < 2) throw new Error(`cfa: structure '${name}' needs at least two benchmarks, the items have ${groups.length}`);
  const measure = (prefix: string): LoadingSpec[] =>
    groups.flatMap(([b, its]) => its.map((indicator) => ({ latent: `${prefix}${b}`, indicator })));
  const gLoad: LoadingSpec[] = ids.map((indicator) => ({ latent: 'g', indicator }));
  const fNames = groups.map(([b]) => `f_${b}`);
  const sNames = groups.map(([b]) => `s_${b}`);
  switch (name) {
    case 'independent':
      return { name, loadings: measure('f_'), covariances: allPairsFixedZero(fNames), orthogonal: true };
    case 'general':
      return { name, loadings: gLoad, covariances: [], orthogonal: false };
    case 'second-order':
      return { name, loadings: [...measure('f_'), ...fNames.map((indicator) => ({ latent: 'g', indicator }))], covariances: [], orthogonal: false };
    case 'correlated':
      return { name, loadings: measure('f_'), covariances: [], orthogonal: false };
    case 'bifactor':
      return { name, loadings: [...gLoad, ...measure('s_')], covariances: allPairsFixedZero(['g', ...sNames]), orthogonal: true };
    case 'bifactor-correlated':
      return { name, loadings: [...gLoad, ...measure('s_')], covariances: sNames.map((s) => ({ a: 'g', b: s, fixed: 0 })), orthogonal: false };
  }
}

/**
 * Nesting chains used for the scaled difference tests: each structure is nested in the next
 * (general ⊂ second-order ⊂ bifactor ⊂ bifactor-correlated; independent ⊂ correlated).
 */
export const NESTED_PAIRS: [StructureName, StructureName][] = [
  ['general', 'second-order'],
  ['second-order', 'bifactor'],
  ['general', 'bifactor'],
  ['bifactor', 'bifactor-correlated'],
  ['independent', 'correlated'],
];
