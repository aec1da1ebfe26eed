// Stage 2b of the IRT fit: start values. Intercepts from the proportions correct, slopes from the
// item–rest correlations (point-biserial scaled by 1.25 to approximate the biserial), converted from the
// latent-response metric (loading λ, threshold) to slope/intercept form a = Dλ/√(1 − λ²), d = Dz/√(1 − λ²)
// (model.ts for D).
import { linkScale, type IrtStructure, type ItemParams } from './model.js';

export interface StartInput {
  st: IrtStructure;
  responses: Uint8Array;
  nPersons: number;
}

/** Start values: intercepts from proportions correct, slopes from item–rest correlations. */
export function startValues(prep: StartInput, fixedGuess: number): ItemParams {
  const { st, responses, nPersons: N } = prep;
  const J = st.nItems;
  const D = linkScale(st.link);
  const p: ItemParams = { aG: new Float64Array(J * st.G), aS: new Float64Array(J), d: new Float64Array(J), c: new Float64Array(J) };
  const total = new Float64Array(N);
  const cnt = new Float64Array(N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < J; j++) {
      const v = responses[i * J + j]!;
      if (v <= 1) {
        total[i] += v;
        cnt[i]++;
      }
    }
  for (let j = 0; j < J; j++) {
    let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (let i = 0; i < N; i++) {
      const v = responses[i * J + j]!;
      if (v > 1 || cnt[i]! < 2) continue;
      const y = (total[i]! - v) / (cnt[i]! - 1);
      n++;
      sx += v;
      sy += y;
      sxx += v * v;
      syy += y * y;
      sxy += v * y;
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    const r = cov / Math.sqrt(Math.max(1e-12, (sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2)));
    const rr = Math.max(-0.5, Math.min(0.5, Number.isFinite(r) ? r * 1.25 : 0.3)); // point-biserial → roughly biserial
    const lam = Math.abs(rr) < 0.05 ? 0.05 : rr;
    const pj = Math.min(0.999, Math.max(0.001, sx / n));
    const hasS = st.itemSpec[j]! >= 0;
    const lamS = hasS ? 0.3 : 0;
    const lamG = hasS ? Math.sign(lam) * Math.min(Math.abs(lam), 0.85) : lam;
    const nG = st.generalMask.subarray(j * st.G, (j + 1) * st.G).reduce((a, b) => a + b, 0);
    const uniq = Math.max(0.1, 1 - lamG * lamG - lamS * lamS);
    for (let g = 0; g < st.G; g++) if (st.generalMask[j * st.G + g]) p.aG[j * st.G + g] = (D * lamG) / Math.sqrt(uniq) / Math.sqrt(Math.max(1, nG));
    if (hasS) p.aS[j] = (D * lamS) / Math.sqrt(uniq);
    const c = st.guessing === 'none' ? 0 : st.guessing === 'fixed' ? fixedGuess : 0.1;
    p.c[j] = c;
    const pAdj = Math.min(0.999, Math.max(0.001, (pj - c) / (1 - c)));
    // threshold on the latent-response scale, converted to the intercept
    const z = st.link === 'logistic' ? Math.log(pAdj / (1 - pAdj)) / 1.702 : approxProbit(pAdj);
    p.d[j] = (D * z) / Math.sqrt(uniq);
  }
  if (st.commonSlope) {
    let m = 0;
    for (let j = 0; j < J; j++) m += p.aG[j]!;
    m = Math.abs(m / J) || 1;
    for (let j = 0; j < J; j++) p.aG[j] = m;
  }
  return p;
}

function approxProbit(p: number): number {
  // logit scaled by 1/1.702 is within 0.01 of the probit over the useful range — only a start value
  return Math.log(p / (1 - p)) / 1.702;
}

