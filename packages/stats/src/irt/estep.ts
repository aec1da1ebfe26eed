// Stage 3 of the IRT fit: the E-step. Builds the log-probability tables of the current item
// parameters on the quadrature (model.ts) and runs the core-wasm kernel (Gibbons–Hedeker dimension
// reduction, two-tier arrangement; see packages/core-wasm/src/ref/irt.ts), returning the expected
// counts the M-step needs. Call order: construct once per data set, `run` once per EM iteration,
// `dispose` at the end (the plan keeps the responses in WASM memory).
import { IrtEstepPlan, type IrtEstepOutput } from '@cartograph/core-wasm';
import { buildTables, type IrtStructure, type ItemParams, type TableGrid } from './model.js';
import type { CellCounts } from './mstep.js';
import { grid1, gridG, logWeightsMvn, type Grid1, type GridG, type QuadratureSpec } from './quadrature.js';

export interface EstepResult {
  counts: CellCounts;
  loglik: number;
  out: IrtEstepOutput;
}

export class IrtEngine {
  readonly plan: IrtEstepPlan;
  readonly gG: GridG;
  readonly gS: Grid1;
  readonly grid: TableGrid;
  /** Shared specific-factor log-weights (S·Q). */
  readonly logPriorS: Float64Array;

  constructor(
    readonly st: IrtStructure,
    responses: Uint8Array,
    readonly nPersons: number,
    quadG: QuadratureSpec,
    quadS: QuadratureSpec,
    impl: 'wasm' | 'ts' = 'wasm',
  ) {
    this.gG = gridG(quadG, st.G);
    this.gS = st.S > 0 ? grid1(quadS) : { nodes: new Float64Array([0]), weights: new Float64Array([1]), logWeights: new Float64Array([0]) };
    const Q = this.gS.nodes.length;
    this.grid = { coordsG: this.gG.coords, K: this.gG.K, nodesS: this.gS.nodes };
    this.plan = new IrtEstepPlan({ nPersons, nItems: st.nItems, responses, K: this.gG.K, Q, nSpec: st.S, itemSpec: st.itemSpec }, impl);
    this.logPriorS = new Float64Array(st.S * Q);
    for (let s = 0; s < st.S; s++) this.logPriorS.set(this.gS.logWeights, s * Q);
  }

  get K(): number {
    return this.gG.K;
  }
  get Q(): number {
    return this.gS.nodes.length;
  }

  /** Shared general-tier log-weights for correlation matrix `phi` (G × G). */
  logPriorG(phi: Float64Array): Float64Array {
    if (this.st.G === 1) return this.gG.base.logWeights;
    return logWeightsMvn(this.gG, phi);
  }

  run(
    p: ItemParams,
    phi: Float64Array,
    opts: { priorG?: Float64Array; priorS?: Float64Array; wantPosteriors?: boolean } = {},
  ): EstepResult {
    const { logP1, logP0 } = buildTables(this.st, p, this.grid, this.plan.tabOff, this.plan.tabLen);
    const priorG = opts.priorG ?? this.logPriorG(phi);
    const priorS = opts.priorS ?? this.logPriorS;
    const out = this.plan.run(
      logP1,
      logP0,
      priorG,
      opts.priorG ? this.K : 0,
      priorS,
      opts.priorS ? this.st.S * this.Q : 0,
      opts.wantPosteriors ?? false,
    );
    // persons at each cell = all persons' posterior there minus those who skipped the item
    const n = new Float64Array(this.plan.tabLen);
    const KQ = this.K * this.Q;
    for (let j = 0; j < this.st.nItems; j++) {
      const off = this.plan.tabOff[j]!;
      const s = this.st.itemSpec[j]!;
      if (s < 0) for (let k = 0; k < this.K; k++) n[off + k] = out.nG[k]! - out.miss[off + k]!;
      else for (let c = 0; c < KQ; c++) n[off + c] = out.nS[s * KQ + c]! - out.miss[off + c]!;
    }
    let ll = 0;
    for (let i = 0; i < out.loglik.length; i++) ll += out.loglik[i]!;
    return { counts: { r: out.r, n }, loglik: ll, out };
  }

  dispose(): void {
    this.plan.dispose();
  }
}
