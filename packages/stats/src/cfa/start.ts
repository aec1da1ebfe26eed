// Stage: start values. A greedy centroid (Thurstone) start: latents with item indicators, largest
// first, each take a rank-one fit to the correlations their items still leave unexplained
// (λ_i = Σ_j r_ij / √Σ_ij r_ij over the block); higher-order loadings start at 1 (and the first-order
// loadings are shrunk by √2 to keep the communalities); free covariances and residual covariances at 0.
// Like lavaan's "simple"/fabin starts, only a sensible point inside the basin is needed.
import type { ParTable } from './partable.js';
import { pairIndex } from '../data/indexing.js';

export function startValues(pt: ParTable, rho: Float64Array): Float64Array {
  const J = pt.items.length;
  const L = pt.latents.length;
  const x = new Float64Array(pt.params.length);
  const res = Float64Array.from(rho);
  const members: number[][] = pt.latents.map(() => []);
  for (let i = 0; i < J; i++) for (const { latent } of pt.itemLoadings[i]!) members[latent]!.push(i);
  const order = [...Array(L).keys()].filter((a) => members[a]!.length > 0).sort((a, b) => members[b]!.length - members[a]!.length || a - b);
  const loading = new Float64Array(J * L);
  for (const a of order) {
    const s = members[a]!;
    const c = new Float64Array(s.length);
    let total = 0;
    for (let u = 0; u < s.length; u++)
      for (let v = 0; v < s.length; v++) {
        if (u === v) continue;
        const r = res[pairIndex(s[u]!, s[v]!, J)]!;
        c[u] = c[u]! + r;
        total += r;
      }
    const scale = total > 1e-8 ? 1 / Math.sqrt(total) : 0;
    for (let u = 0; u < s.length; u++) {
      let l = s.length > 1 ? c[u]! * scale : 0.5;
      if (!(Math.abs(l) > 0.05)) l = 0.1;
      l = Math.max(-0.9, Math.min(0.9, l));
      loading[s[u]! * L + a] = l;
    }
    for (let u = 0; u < s.length; u++)
      for (let v = u + 1; v < s.length; v++) {
        const k = pairIndex(s[u]!, s[v]!, J);
        res[k] = res[k]! - loading[s[u]! * L + a]! * loading[s[v]! * L + a]!;
      }
  }
  const hasHigher = new Array<boolean>(L).fill(false);
  for (let p = 0; p < pt.nStruct; p++) if (pt.params[p]!.kind === 'regression') hasHigher[pt.params[p]!.b] = true;
  for (let p = 0; p < pt.nStruct; p++) {
    const info = pt.params[p]!;
    if (info.kind === 'loading') x[p] = loading[info.b * L + info.a]! / (hasHigher[info.a] ? Math.SQRT2 : 1);
    else if (info.kind === 'regression') x[p] = 1;
  }
  return x;
}
