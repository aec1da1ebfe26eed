// Stage 5b of the IRT fit: sign orientation. The marginal likelihood is invariant to flipping a factor
// (θ_f → −θ_f with its slopes, its latent-regression coefficients and its correlations); we report the
// orientation in which each factor's slopes sum to a positive number.
import type { IrtStructure, ItemParams } from './model.js';

/** Flips each factor so that its slopes sum to a positive number (EM is sign-invariant). */
export function orient(st: IrtStructure, p: ItemParams, phi: Float64Array, beta: number[], nz: number): void {
  const J = st.nItems;
  const G = st.G;
  for (let g = 0; g < G; g++) {
    let s = 0;
    for (let j = 0; j < J; j++) s += p.aG[j * G + g]!;
    if (s < 0) {
      for (let j = 0; j < J; j++) p.aG[j * G + g] = -p.aG[j * G + g]!;
      for (let a = 0; a < nz; a++) beta[g * nz + a] = -beta[g * nz + a]!;
      for (let h = 0; h < G; h++)
        if (h !== g) {
          phi[g * G + h] = -phi[g * G + h]!;
          phi[h * G + g] = -phi[h * G + g]!;
        }
    }
  }
  for (let f = 0; f < st.S; f++) {
    let s = 0;
    for (let j = 0; j < J; j++) if (st.itemSpec[j] === f) s += p.aS[j]!;
    if (s < 0) {
      for (let j = 0; j < J; j++) if (st.itemSpec[j] === f) p.aS[j] = -p.aS[j]!;
      for (let a = 0; a < nz; a++) beta[(G + f) * nz + a] = -beta[(G + f) * nz + a]!;
    }
  }
}

