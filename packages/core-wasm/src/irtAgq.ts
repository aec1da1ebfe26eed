// Checked wrapper over the adaptive Gauss–Hermite IRT E-step in assembly/irtAgq.ts (algorithm and
// argument meanings: src/ref/irtAgq.ts). An `IrtAgqPlan` keeps what does not change across EM
// iterations (responses, item → specific map, node-table offsets) in WASM memory; each `run` copies
// the item parameters, the rule and the per-person centres in, and the log-likelihoods, the new
// centres (posterior moments) and the per-item gradient/information out. `dispose()` when done.
// `impl: 'ts'` runs the plain-TS reference instead (same results to rounding).
import { allocBytes, freePtr, i32View, u8View, wasm, withScratch, f64View } from './loader.js';
import { normCdf } from './normal.js';
import { agqNodeStride, agqWorkLength, irtAgqEstep as irtAgqRef } from './ref/irtAgq.js';

export { agqNodeStride };

interface IrtAgqExports {
  irtAgqEstep(
    N: number, J: number, responses: number, S: number, itemSpec: number, tabOff: number, tabLen: number, link: number,
    aG: number, aS: number, d: number, Kg: number, xg: number, lwg: number, Qs: number, xs: number, lws: number,
    priorMean: number, centers: number, outMoments: number, outLoglik: number, outGrad: number, outInfo: number, outQ: number, outNodes: number, work: number,
  ): void;
}

export interface IrtAgqLayout {
  nPersons: number;
  nItems: number;
  /** N × J bytes: 0, 1, anything > 1 = missing. */
  responses: Uint8Array;
  nSpec: number;
  /** Per item: index of its specific factor, or −1. */
  itemSpec: Int32Array;
  /** 0 logistic, 1 normal ogive. */
  link: 0 | 1;
}

export interface IrtAgqRule {
  /** Gauss–Hermite nodes (weight e^{−x²}) for g and log(w) + x². */
  xg: Float64Array;
  lwg: Float64Array;
  /** The same for every specific factor. */
  xs: Float64Array;
  lws: Float64Array;
}

export interface IrtAgqOutput {
  /** log L_i per person. */
  loglik: Float64Array;
  /** N × (2 + 3S): posterior mean and SD of g, then per specific its mean, Cov(s, g)/Var g and conditional SD. */
  moments: Float64Array;
  /** J × 3 (a_g, a_s, d) and J × 6 (gg, gs, gd, ss, sd, dd), when asked for. */
  grad: Float64Array | null;
  info: Float64Array | null;
  /** J: the M-step objective Σ π log P of each item at the current parameters (with the gradient, when asked for). */
  q: Float64Array | null;
  /** N × agqNodeStride(Kg, Qs, S): each person's nodes and posterior weights (see src/ref/irtAgq.ts), when asked for. */
  nodes: Float64Array | null;
}

export class IrtAgqPlan {
  readonly tabOff: Int32Array;
  private pResp = 0;
  private pSpec = 0;
  private disposed = false;

  constructor(
    readonly layout: IrtAgqLayout,
    readonly impl: 'wasm' | 'ts' = 'wasm',
  ) {
    const { nPersons: N, nItems: J, responses, nSpec: S, itemSpec } = layout;
    if (!(N >= 1 && J >= 1 && S >= 0)) throw new RangeError(`IrtAgqPlan: bad sizes N=${N} J=${J} S=${S}`);
    if (responses.length !== N * J) throw new RangeError(`IrtAgqPlan: responses has ${responses.length} cells, expected ${N * J}`);
    if (itemSpec.length !== J) throw new RangeError(`IrtAgqPlan: itemSpec has ${itemSpec.length} entries, expected ${J}`);
    for (let j = 0; j < J; j++) if (itemSpec[j]! >= S || itemSpec[j]! < -1) throw new RangeError(`IrtAgqPlan: item ${j} has specific ${itemSpec[j]}, outside [-1, ${S})`);
    this.tabOff = new Int32Array(J);
    if (impl === 'wasm') {
      this.pResp = allocBytes(N * J);
      u8View(this.pResp, N * J).set(responses);
      this.pSpec = allocBytes(J * 4);
      i32View(this.pSpec, J).set(itemSpec);
    }
  }

  /** Node-table offsets for a rule of Kg × Qs nodes. */
  private offsets(Kg: number, Qs: number): number {
    let off = 0;
    for (let j = 0; j < this.layout.nItems; j++) {
      this.tabOff[j] = off;
      off += this.layout.itemSpec[j]! < 0 ? Kg : Kg * Qs;
    }
    return off;
  }

  run(
    params: { aG: Float64Array; aS: Float64Array; d: Float64Array },
    rule: IrtAgqRule,
    centers: Float64Array,
    priorMean: Float64Array | null,
    wantGradient: boolean,
    wantNodes = false,
    wantQ = false,
  ): IrtAgqOutput {
    if (this.disposed) throw new Error('IrtAgqPlan used after dispose()');
    const { nPersons: N, nItems: J, nSpec: S, link } = this.layout;
    const C = 2 + 3 * S;
    const Kg = rule.xg.length;
    const Qs = rule.xs.length;
    if (!(Kg >= 1 && Qs >= 1) || rule.lwg.length !== Kg || rule.lws.length !== Qs) throw new RangeError('IrtAgqPlan.run: bad rule');
    if (params.aG.length !== J || params.aS.length !== J || params.d.length !== J) throw new RangeError(`IrtAgqPlan.run: item parameters must have ${J} entries`);
    if (centers.length !== N * C) throw new RangeError(`IrtAgqPlan.run: centers must have ${N * C} entries`);
    if (priorMean && priorMean.length !== N * (1 + S)) throw new RangeError(`IrtAgqPlan.run: priorMean must have ${N * (1 + S)} entries`);
    const T = this.offsets(Kg, Qs);
    if (this.impl === 'ts') {
      const out: IrtAgqOutput = {
        loglik: new Float64Array(N),
        moments: new Float64Array(N * C),
        grad: wantGradient ? new Float64Array(J * 3) : null,
        info: wantGradient ? new Float64Array(J * 6) : null,
        q: wantGradient && wantQ ? new Float64Array(J) : null,
        nodes: wantNodes ? new Float64Array(N * agqNodeStride(Kg, Qs, S)) : null,
      };
      irtAgqRef(
        {
          nPersons: N, nItems: J, responses: this.layout.responses, nSpec: S, itemSpec: this.layout.itemSpec, tabOff: this.tabOff, tabLen: T, link,
          aG: params.aG, aS: params.aS, d: params.d, xg: rule.xg, lwg: rule.lwg, xs: rule.xs, lws: rule.lws, priorMean, centers,
          outMoments: out.moments, outLoglik: out.loglik, outGrad: out.grad, outInfo: out.info, outQ: out.q, outNodes: out.nodes,
        },
        normCdf,
      );
      return out;
    }
    return withScratch((sc) => {
      const pOff = sc.i32(J);
      i32View(pOff, J).set(this.tabOff);
      const aG = sc.in(params.aG);
      const aS = sc.in(params.aS);
      const d = sc.in(params.d);
      const xg = sc.in(rule.xg);
      const lwg = sc.in(rule.lwg);
      const xs = sc.in(rule.xs);
      const lws = sc.in(rule.lws);
      const pm = priorMean ? sc.in(priorMean) : 0;
      const cen = sc.in(centers);
      const mom = sc.f64(N * C);
      const ll = sc.f64(N);
      const gr = wantGradient ? sc.f64(J * 3) : 0;
      const inf = wantGradient ? sc.f64(J * 6) : 0;
      const oq = wantGradient && wantQ ? sc.f64(J) : 0;
      if (wantGradient) {
        f64View(gr, J * 3).fill(0);
        f64View(inf, J * 6).fill(0);
        if (oq) f64View(oq, J).fill(0);
      }
      const NS = agqNodeStride(Kg, Qs, S);
      const nd = wantNodes ? sc.f64(N * NS) : 0;
      const work = sc.f64(agqWorkLength(S, Kg, Qs, T, oq !== 0) + 2);
      (wasm() as unknown as IrtAgqExports).irtAgqEstep(
        N, J, this.pResp, S, this.pSpec, pOff, T, link, aG, aS, d, Kg, xg, lwg, Qs, xs, lws, pm, cen, mom, ll, gr, inf, oq, nd, work,
      );
      return {
        loglik: sc.out(ll, N),
        moments: sc.out(mom, N * C),
        grad: wantGradient ? sc.out(gr, J * 3) : null,
        info: wantGradient ? sc.out(inf, J * 6) : null,
        q: oq ? sc.out(oq, J) : null,
        nodes: wantNodes ? sc.out(nd, N * NS) : null,
      };
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.impl === 'wasm') {
      freePtr(this.pResp);
      freePtr(this.pSpec);
    }
  }
}
