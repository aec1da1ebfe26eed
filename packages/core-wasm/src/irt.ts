// Checked wrapper over the IRT E-step kernel in assembly/irt.ts (argument meanings: src/ref/irt.ts).
// An `IrtEstepPlan` keeps what does not change across EM iterations (responses, item → specific map,
// table offsets) in WASM memory; each `run` copies the current log-probability tables and priors in
// and the expected counts out. Call `dispose()` when the fit is done. `impl: 'ts'` runs the plain-TS
// reference instead (same results to rounding), for tests and speed comparisons.
import { allocBytes, f64View, freePtr, i32View, u8View, wasm, withScratch } from './loader.js';
import { irtEstep as irtEstepRef } from './ref/irt.js';

interface IrtExports {
  irtEstep(
    N: number, J: number, responses: number, K: number, Q: number, S: number, itemSpec: number, tabOff: number,
    logP1: number, logP0: number, logPriorG: number, priorGStride: number, logPriorS: number, priorSStride: number,
    outR: number, outMiss: number, outNG: number, outNS: number, outLoglik: number, outPostG: number, outPostS: number,
    work: number,
  ): void;
}

export interface IrtEstepOutput {
  /** Σ_i posterior · x_ij at each table cell (table layout). */
  r: Float64Array;
  /** Σ_i posterior over persons missing item j (table layout). */
  miss: Float64Array;
  /** Σ_i posterior over the general grid (K). */
  nG: Float64Array;
  /** Σ_i joint posterior (general point, specific point), per specific (S·K·Q). */
  nS: Float64Array;
  /** log L_i per person. */
  loglik: Float64Array;
  /** Per-person posterior over the general grid (N × K), when asked for. */
  postG: Float64Array | null;
  /** Per-person marginal posterior of each specific factor (N × S × Q), when asked for. */
  postS: Float64Array | null;
}

export interface IrtEstepLayout {
  nPersons: number;
  nItems: number;
  /** N × J bytes: 0, 1, 255 = missing (any value > 1 counts as missing). */
  responses: Uint8Array;
  K: number;
  Q: number;
  nSpec: number;
  /** Per item: index of its specific factor, or −1. */
  itemSpec: Int32Array;
}

export class IrtEstepPlan {
  readonly tabOff: Int32Array;
  readonly tabLen: number;
  private pResp = 0;
  private pSpec = 0;
  private pOff = 0;
  private disposed = false;

  constructor(
    readonly layout: IrtEstepLayout,
    readonly impl: 'wasm' | 'ts' = 'wasm',
  ) {
    const { nPersons: N, nItems: J, responses, K, Q, nSpec: S, itemSpec } = layout;
    if (!(N >= 1 && J >= 1 && K >= 1 && Q >= 1 && S >= 0)) throw new RangeError(`IrtEstepPlan: bad sizes N=${N} J=${J} K=${K} Q=${Q} S=${S}`);
    if (responses.length !== N * J) throw new RangeError(`IrtEstepPlan: responses has ${responses.length} cells, expected ${N * J}`);
    if (itemSpec.length !== J) throw new RangeError(`IrtEstepPlan: itemSpec has ${itemSpec.length} entries, expected ${J}`);
    this.tabOff = new Int32Array(J);
    let off = 0;
    for (let j = 0; j < J; j++) {
      const s = itemSpec[j]!;
      if (s >= S || s < -1) throw new RangeError(`IrtEstepPlan: item ${j} has specific ${s}, outside [-1, ${S})`);
      this.tabOff[j] = off;
      off += s < 0 ? K : K * Q;
    }
    this.tabLen = off;
    if (impl === 'wasm') {
      this.pResp = allocBytes(N * J);
      u8View(this.pResp, N * J).set(responses);
      this.pSpec = allocBytes(J * 4);
      i32View(this.pSpec, J).set(itemSpec);
      this.pOff = allocBytes(J * 4);
      i32View(this.pOff, J).set(this.tabOff);
    }
  }

  /**
   * One E-step. `logP1`/`logP0`: log P(x = 1) and log P(x = 0) per table cell (length tabLen).
   * `logPriorG`: K log-weights, or N × K when `priorGStride` = K. `logPriorS`: S·Q log-weights, or
   * N × S·Q when `priorSStride` = S·Q.
   */
  run(
    logP1: Float64Array,
    logP0: Float64Array,
    logPriorG: Float64Array,
    priorGStride: number,
    logPriorS: Float64Array,
    priorSStride: number,
    wantPosteriors = false,
  ): IrtEstepOutput {
    if (this.disposed) throw new Error('IrtEstepPlan used after dispose()');
    const { nPersons: N, nItems: J, K, Q, nSpec: S } = this.layout;
    const T = this.tabLen;
    if (logP1.length !== T || logP0.length !== T) throw new RangeError(`IrtEstepPlan.run: tables must have ${T} entries`);
    if (priorGStride !== 0 && priorGStride !== K) throw new RangeError('IrtEstepPlan.run: priorGStride must be 0 or K');
    if (priorSStride !== 0 && priorSStride !== S * Q) throw new RangeError('IrtEstepPlan.run: priorSStride must be 0 or S·Q');
    if (logPriorG.length < (priorGStride === 0 ? K : N * K)) throw new RangeError('IrtEstepPlan.run: logPriorG too short');
    const sLen = Math.max(1, S * Q);
    if (S > 0 && logPriorS.length < (priorSStride === 0 ? S * Q : N * S * Q)) throw new RangeError('IrtEstepPlan.run: logPriorS too short');
    const KQS = S * K * Q;
    if (this.impl === 'ts') {
      const out: IrtEstepOutput = {
        r: new Float64Array(T),
        miss: new Float64Array(T),
        nG: new Float64Array(K),
        nS: new Float64Array(KQS),
        loglik: new Float64Array(N),
        postG: wantPosteriors ? new Float64Array(N * K) : null,
        postS: wantPosteriors ? new Float64Array(N * S * Q) : null,
      };
      irtEstepRef({
        nPersons: N, nItems: J, responses: this.layout.responses, K, Q, nSpec: S, itemSpec: this.layout.itemSpec,
        tabOff: this.tabOff, logP1, logP0, logPriorG, priorGStride, logPriorS: S > 0 ? logPriorS : new Float64Array(sLen),
        priorSStride, outR: out.r, outMiss: out.miss, outNG: out.nG, outNS: out.nS, outLoglik: out.loglik,
        outPostG: out.postG, outPostS: out.postS,
      });
      return out;
    }
    return withScratch((sc) => {
      const p1 = sc.in(logP1);
      const p0 = sc.in(logP0);
      const pg = sc.in(logPriorG);
      const pps = S > 0 ? sc.in(logPriorS) : sc.f64(1);
      const r = sc.f64(T);
      const miss = sc.f64(T);
      const nG = sc.f64(K);
      const nS = sc.f64(Math.max(1, KQS));
      const ll = sc.f64(N);
      const postG = wantPosteriors ? sc.f64(N * K) : 0;
      const postS = wantPosteriors ? sc.f64(Math.max(1, N * S * Q)) : 0;
      const work = sc.f64(K + 2 * KQS + 2);
      f64View(r, T).fill(0);
      f64View(miss, T).fill(0);
      f64View(nG, K).fill(0);
      f64View(nS, Math.max(1, KQS)).fill(0);
      (wasm() as unknown as IrtExports).irtEstep(
        N, J, this.pResp, K, Q, S, this.pSpec, this.pOff, p1, p0, pg, priorGStride, pps, priorSStride,
        r, miss, nG, nS, ll, postG, postS, work,
      );
      return {
        r: sc.out(r, T),
        miss: sc.out(miss, T),
        nG: sc.out(nG, K),
        nS: sc.out(nS, KQS),
        loglik: sc.out(ll, N),
        postG: wantPosteriors ? sc.out(postG, N * K) : null,
        postS: wantPosteriors ? sc.out(postS, N * S * Q) : null,
      };
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.impl === 'wasm') {
      freePtr(this.pResp);
      freePtr(this.pSpec);
      freePtr(this.pOff);
    }
  }
}
