// Checked wrapper over the adaptive Gauss–Hermite IRT E-step in assembly/irtAgq.ts (algorithm and
// argument meanings: src/ref/irtAgq.ts). An `IrtAgqPlan` keeps what does not change across EM
// iterations (responses, item → specific map, node-table offsets) in WASM memory; each `run` copies
// the item parameters, the rule and the per-person centres in, and the log-likelihoods, the new
// centres (posterior moments) and the per-item gradient/information out. `dispose()` when done.
// `impl: 'ts'` runs the plain-TS reference instead (same results to rounding).
import { allocBytes, freePtr, i32View, u8View, wasm, withScratch, f64View } from './loader.js';
import { normCdf } from './normal.js';
import { agqNodeStride, agqObjectiveWorkLength, agqWorkLength, irtAgqEstep as irtAgqRef, irtAgqObjective as irtAgqObjectiveRef } from './ref/irtAgq.js';

export { agqNodeStride };

interface IrtAgqExports {
  irtAgqEstep(
    N: number, J: number, responses: number, S: number, itemSpec: number, tabOff: number, tabLen: number, link: number,
    aG: number, aS: number, d: number, Kg: number, xg: number, lwg: number, Qs: number, xs: number, lws: number,
    priorMean: number, centers: number, outMoments: number, outLoglik: number, outGrad: number, outInfo: number, outQ: number, outNodes: number, work: number,
  ): void;
  irtAgqObjective(
    N: number, J: number, responses: number, S: number, itemSpec: number, link: number, nSel: number, sel: number, a: number, as: number, d: number,
    Kg: number, xg: number, Qs: number, xs: number, centers: number, nodes: number, out: number, work: number,
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
  /** The last run with nodes: its rule, centres and nodes (for 'wasm' kept in WASM memory: pCen, pNodes), for objective(). */
  private last: { xg: Float64Array; xs: Float64Array; centers: Float64Array; nodes: Float64Array | null } | null = null;
  private pNodes = 0;
  private nodesCap = 0;
  private pCen = 0;

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

  /**
   * One E-step. wantGradient: the M-step's gradient and information; wantNodes: every person's nodes and
   * posterior weights; wantQ (with wantGradient): the per-item objective `q`, which costs one log per
   * node cell (agq.ts evaluates it itself, for the items whose step it checks).
   */
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
      if (wantNodes) this.last = { xg: rule.xg.slice(), xs: rule.xs.slice(), centers: centers.slice(), nodes: out.nodes };
      return out;
    }
    const NS = agqNodeStride(Kg, Qs, S);
    if (wantNodes) {
      // the nodes stay in WASM memory for objective()
      if (this.nodesCap < N * NS) {
        if (this.pNodes) freePtr(this.pNodes);
        this.pNodes = 0;
        this.pNodes = allocBytes(N * NS * 8);
        this.nodesCap = N * NS;
      }
      if (!this.pCen) this.pCen = allocBytes(N * C * 8);
      f64View(this.pCen, N * C).set(centers);
      this.last = { xg: rule.xg.slice(), xs: rule.xs.slice(), centers: new Float64Array(0), nodes: null };
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
      const nd = wantNodes ? this.pNodes : 0;
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
        nodes: wantNodes ? f64View(nd, N * NS).slice() : null,
      };
    });
  }

  /**
   * The M-step objective Σ_i Σ_nodes π log P of the items `sel` at the parameters (a, as, d)[t] of
   * sel[t], over the nodes and posterior weights of the last run with wantNodes (its outQ arithmetic:
   * at that run's parameters this is its `q`; src/ref/irtAgq.ts irtAgqObjective).
   */
  objective(sel: Int32Array, a: Float64Array, as: Float64Array, d: Float64Array): Float64Array {
    if (this.disposed) throw new Error('IrtAgqPlan used after dispose()');
    const last = this.last;
    if (!last) throw new Error('IrtAgqPlan.objective: no run with nodes yet');
    const n = sel.length;
    if (a.length !== n || as.length !== n || d.length !== n) throw new RangeError('IrtAgqPlan.objective: one parameter per selected item');
    const { nPersons: N, nItems: J, nSpec: S, link } = this.layout;
    for (let t = 0; t < n; t++) if (!(sel[t]! >= 0 && sel[t]! < J)) throw new RangeError(`IrtAgqPlan.objective: item ${sel[t]} outside [0, ${J})`);
    const out = new Float64Array(n);
    if (n === 0) return out;
    const Kg = last.xg.length;
    const Qs = last.xs.length;
    if (this.impl === 'ts') {
      irtAgqObjectiveRef(
        { nPersons: N, nItems: J, responses: this.layout.responses, nSpec: S, itemSpec: this.layout.itemSpec, link, sel, a, as, d, xg: last.xg, xs: last.xs, centers: last.centers, nodes: last.nodes!, out },
        normCdf,
      );
      return out;
    }
    return withScratch((sc) => {
      const ps = sc.i32(n);
      i32View(ps, n).set(sel);
      const po = sc.f64(n);
      (wasm() as unknown as IrtAgqExports).irtAgqObjective(
        N, J, this.pResp, S, this.pSpec, link, n, ps, sc.in(a), sc.in(as), sc.in(d), Kg, sc.in(last.xg), Qs, sc.in(last.xs), this.pCen, this.pNodes, po, sc.f64(agqObjectiveWorkLength(S, Kg, Qs) + 2),
      );
      return sc.out(po, n);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.impl === 'wasm') {
      freePtr(this.pResp);
      freePtr(this.pSpec);
      if (this.pNodes) freePtr(this.pNodes);
      if (this.pCen) freePtr(this.pCen);
    }
    this.last = null;
  }
}
