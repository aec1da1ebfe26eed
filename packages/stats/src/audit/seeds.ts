// Random streams of the audit. One root seed (the user's seed, default 1); each layer that draws random
// numbers gets its own seed, derived from the root by a fixed label, so that adding or dropping a layer
// (or running it alone) never shifts the draws of another:
//
//   seed(label) = 1 + (mix32(root ⊕ fnv1a32(label)) mod (2³¹ − 1))
//
// fnv1a32 = 32-bit FNV-1a of the label's UTF-16 code units; mix32 = the splitmix32 finaliser
// (Steele, Lea & Flood 2014). The result is a positive 31-bit integer, a valid `--seed` of every
// single command: a layer's own folder is reproduced by its command with `--seed seed(label)`;
// audit.json lists every derived seed under `seeds.streams`.
//
// Labels (fixed; changing one changes that layer's numbers):
//   gtheory_gibbs   the Bayesian check of the variance shares (Gibbs sampler)
//   ranks_draws     posterior draws of the latent ranks
//   scaling         plausible values and item-resampled replicates of the scaling vector
//   robustness      replicates, permutations and folds of the robustness layer
export const SEED_LABELS = ['gtheory_gibbs', 'ranks_draws', 'scaling', 'robustness'] as const;
export type SeedLabel = (typeof SEED_LABELS)[number];

function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The seed of one layer's stream, forked from the root seed by its label. */
export function forkSeed(root: number, label: string): number {
  return 1 + (mix32((root >>> 0) ^ fnv1a32(label)) % 2147483647);
}

/** Every layer's seed. */
export function seedStreams(root: number): Record<SeedLabel, number> {
  return Object.fromEntries(SEED_LABELS.map((l) => [l, forkSeed(root, l)])) as Record<SeedLabel, number>;
}
