// EAP scores of the models a bifactor (or unidimensional) calibration was fitted to, from its adaptive
// E-step's own state: every model's nodes start where the calibration's last E-step centred them (its
// posterior mean, SD and the specific-on-g regression at the estimates), one run re-centres them with
// 4 more nodes per dimension (the node count the calibration's stability check compared against), and a
// second run integrates the posterior moments there (adaptive Gauss–Hermite quadrature, Naylor & Smith
// 1982; the Cholesky change of variables of agq.ts). The core-wasm kernel does the work, so scoring
// costs two E-steps instead of a mode search per model in JS (adaptive.ts, which scoreIrt uses for any
// other fit or data). Prior N(0, 1) per factor, as scoreIrt's default.
import type { ResponseMatrix } from '../data/leaderboard.js';
import { AgqEngine, agqRule, AGQ_REFINED } from './agq.js';
import { fitState } from './fit.js';
import { subsetResponses, type IrtScores } from './scores.js';
import type { IrtFit } from './types.js';

/**
 * Scores of the calibration's own models. `centres`: the calibration's per-model centres (N × (2 + 3S),
 * fitIrtWithCentres) for the rows of `resp` it was fitted to; `nodes`: the calibration's node counts.
 */
export function scoresFromCentres(fit: IrtFit, resp: ResponseMatrix, centres: Float64Array, nodes: { general: number; specific: number }): IrtScores {
  const { st, p } = fitState(fit);
  const N = resp.nModels;
  const S = st.S;
  const C = 2 + 3 * S;
  if (centres.length !== N * C) throw new RangeError(`scoresFromCentres: ${centres.length} centres for ${N} models × ${C}`);
  const fine = AGQ_REFINED({ g: nodes.general, s: nodes.specific });
  const rule = agqRule(fine.g, fine.s);
  const engine = new AgqEngine({ st, responses: subsetResponses(fit, resp), nPersons: N, impl: 'wasm' });
  try {
    const settled = engine.run(p, rule, centres, null, false).moments;
    const e = engine.run(p, rule, settled, null, false);
    const m = e.moments;
    const F = 1 + S;
    const eap = Array.from({ length: F }, () => new Float64Array(N));
    const psd = Array.from({ length: F }, () => new Float64Array(N));
    for (let i = 0; i < N; i++) {
      const c0 = i * C;
      eap[0]![i] = m[c0]!;
      psd[0]![i] = m[c0 + 1]!;
      for (let s = 0; s < S; s++) {
        // Var s = E Var(s | g) + Var E(s | g) = τ² + b² Var g
        const b = m[c0 + 3 + 3 * s]!;
        eap[1 + s]![i] = m[c0 + 2 + 3 * s]!;
        psd[1 + s]![i] = Math.sqrt(m[c0 + 4 + 3 * s]! ** 2 + b * b * m[c0 + 1]! ** 2);
      }
    }
    return { method: 'adaptive-gauss-hermite', points: { general: fine.g, specific: S > 0 ? fine.s : null }, factors: [...fit.factors], nPersons: N, eap, psd, loglik: Float64Array.from(e.loglik) };
  } finally {
    engine.dispose();
  }
}
