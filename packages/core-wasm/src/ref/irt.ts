// Plain TypeScript reference for assembly/irt.ts: the E-step of full-information item factor
// analysis on a fixed quadrature, with the Gibbons–Hedeker (1992, Psychometrika 57:423–436)
// bifactor dimension reduction in the two-tier arrangement of Cai (2010, Psychometrika 75:581–612):
// an outer grid of K points over the general tier, and for every specific factor an inner grid of Q
// points, so a person's likelihood is
//   L_i = Σ_k wG_k Π_{j general-only} P_j(x | k) Π_s [ Σ_q wS_q Π_{j ∈ s} P_j(x | k, q) ].
// Same algorithm, same argument order, as the WebAssembly kernel; one shared test suite runs both.
//
// Layout. responses: N × J bytes (0, 1, 255 = missing). Item j's log-probability tables start at
// tabOff[j]: K entries (k) if itemSpec[j] < 0, else K·Q entries (k·Q + q). logPriorG: K log-weights
// per person (stride 0 = shared). logPriorS: S·Q log-weights per person (stride 0 = shared).
// Outputs (accumulated, caller zeroes): outR (table layout) Σ_i post·x; outMiss (table layout)
// Σ_i post over persons missing the item; outNG (K) Σ_i postG; outNS (S·K·Q) Σ_i joint posterior of
// (general point, specific point) for each specific; outLoglik (N) log L_i. Optional (null = skip):
// outPostG (N × K) posterior over the general grid; outPostS (N × S × Q) marginal posterior of each
// specific factor. The expected number of persons at each table cell for item j is then
// (itemSpec[j] < 0 ? outNG : outNS[s]) − outMiss[j].

export interface IrtEstepArgs {
  nPersons: number;
  nItems: number;
  responses: Uint8Array;
  K: number;
  Q: number;
  nSpec: number;
  itemSpec: Int32Array;
  tabOff: Int32Array;
  logP1: Float64Array;
  logP0: Float64Array;
  logPriorG: Float64Array;
  priorGStride: number;
  logPriorS: Float64Array;
  priorSStride: number;
  outR: Float64Array;
  outMiss: Float64Array;
  outNG: Float64Array;
  outNS: Float64Array;
  outLoglik: Float64Array;
  outPostG: Float64Array | null;
  outPostS: Float64Array | null;
}

export function irtEstep(a: IrtEstepArgs): void {
  const { nPersons: N, nItems: J, responses, K, Q, nSpec: S, itemSpec, tabOff, logP1, logP0 } = a;
  const KQ = K * Q;
  const logLG = new Float64Array(K);
  const ls = new Float64Array(S * KQ); // per specific: log-likelihood, then conditional posterior of q given k
  const joint = new Float64Array(S * KQ);
  for (let i = 0; i < N; i++) {
    const row = i * J;
    const pg = i * a.priorGStride;
    for (let k = 0; k < K; k++) logLG[k] = a.logPriorG[pg + k]!;
    ls.fill(0);
    for (let j = 0; j < J; j++) {
      const x = responses[row + j]!;
      if (x > 1) continue;
      const tab = x === 1 ? logP1 : logP0;
      const off = tabOff[j]!;
      const s = itemSpec[j]!;
      if (s < 0) {
        for (let k = 0; k < K; k++) logLG[k] += tab[off + k]!;
      } else {
        const base = s * KQ;
        for (let c = 0; c < KQ; c++) ls[base + c] += tab[off + c]!;
      }
    }
    // integrate each specific factor out at every general point (log-sum-exp per k)
    const ps = i * a.priorSStride;
    for (let s = 0; s < S; s++) {
      const base = s * KQ;
      const pw = ps + s * Q;
      for (let k = 0; k < K; k++) {
        const kb = base + k * Q;
        let m = -Infinity;
        for (let q = 0; q < Q; q++) {
          const v = ls[kb + q]! + a.logPriorS[pw + q]!;
          ls[kb + q] = v;
          if (v > m) m = v;
        }
        let sum = 0;
        for (let q = 0; q < Q; q++) {
          const e = Math.exp(ls[kb + q]! - m);
          ls[kb + q] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let q = 0; q < Q; q++) ls[kb + q] = ls[kb + q]! * inv;
        logLG[k] += m + Math.log(sum);
      }
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (logLG[k]! > m) m = logLG[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(logLG[k]! - m);
      logLG[k] = e;
      sum += e;
    }
    a.outLoglik[i] = m + Math.log(sum);
    const inv = 1 / sum;
    for (let k = 0; k < K; k++) {
      const p = logLG[k]! * inv;
      logLG[k] = p; // now the posterior over the general grid
      a.outNG[k] += p;
    }
    if (a.outPostG !== null) for (let k = 0; k < K; k++) a.outPostG[i * K + k] = logLG[k]!;
    for (let s = 0; s < S; s++) {
      const base = s * KQ;
      for (let k = 0; k < K; k++) {
        const pk = logLG[k]!;
        const kb = base + k * Q;
        for (let q = 0; q < Q; q++) {
          const v = pk * ls[kb + q]!;
          joint[kb + q] = v;
          a.outNS[kb + q] += v;
        }
      }
      if (a.outPostS !== null) {
        const o = (i * S + s) * Q;
        for (let q = 0; q < Q; q++) {
          let t = 0;
          for (let k = 0; k < K; k++) t += joint[base + k * Q + q]!;
          a.outPostS[o + q] = t;
        }
      }
    }
    for (let j = 0; j < J; j++) {
      const x = responses[row + j]!;
      if (x === 0) continue;
      const out = x === 1 ? a.outR : a.outMiss;
      const off = tabOff[j]!;
      const s = itemSpec[j]!;
      if (s < 0) {
        for (let k = 0; k < K; k++) out[off + k] += logLG[k]!;
      } else {
        const base = s * KQ;
        for (let c = 0; c < KQ; c++) out[off + c] += joint[base + c]!;
      }
    }
  }
}
