// Options and results of the IRT family (plain, serialisable objects).
import type { IrtLink } from './model.js';
import type { QuadratureSpec } from './quadrature.js';

export type IrtModelKind = '1PL' | '2PL' | '3PL' | 'bifactor' | 'twotier';

export interface IrtFitOptions {
  /** Default '2PL'. 'bifactor' needs `itemSpecific`; 'twotier' needs `itemSpecific` and `itemGeneral`. */
  model?: IrtModelKind;
  /** Default 'logistic'. */
  link?: IrtLink;
  /** 3PL guessing floor: a fixed value in [0, 1) or 'estimate' (default for 3PL). */
  guessing?: number | 'estimate';
  /** Item identifiers (default "1", "2", …). */
  itemIds?: readonly string[];
  /** Bifactor / two-tier: the specific factor of each item (e.g. its benchmark), or null for none. */
  itemSpecific?: readonly (string | null)[];
  /** Two-tier: indices of the general-tier factors each item loads on. */
  itemGeneral?: readonly (readonly number[])[];
  /** Two-tier: names of the general-tier factors (default g1, g2, …). */
  generalNames?: readonly string[];
  /**
   * Quadrature of the general tier. Given: that fixed rule (mirt's `quadpts`/`theta_lim`), no refinement
   * unless `quadratureCheck` says so. Default: starts at 61 points over [−6, 6] unidimensional, 21 over
   * [−5, 5] bifactor, 11 over [−4, 4] per dimension for two-tier, refined until the log-likelihood is stable.
   */
  quadrature?: QuadratureSpec;
  /** Quadrature of each specific factor (default 21 points over [−5, 5]). */
  specificQuadrature?: QuadratureSpec;
  /**
   * 'refine' (default without `quadrature` for unidimensional models): after EM, compare the grid
   * log-likelihood at the estimates with adaptive Gauss–Hermite quadrature and refine the grid (2n − 1
   * points) until they agree within 0.1; 'report' (default without `quadrature` for bifactor models):
   * compare once, do not refine; 'none' (default with `quadrature`): no check.
   * Two-tier models are not checked (no adaptive reference for a correlated general tier).
   */
  quadratureCheck?: 'refine' | 'report' | 'none';
  /**
   * E-step. 'adaptive' (default for bifactor models without `quadrature`): EM on the fixed grid first, then
   * EM with adaptive Gauss–Hermite nodes per model (agq.ts) — accurate whatever the posteriors' width;
   * the stability check (unless `quadratureCheck` is 'none') compares the log-likelihood at the estimates
   * with more nodes and refines until the change is below 0.1. 'grid': the fixed product grid only
   * (mirt's rule; default with `quadrature`, and for every other model).
   */
  estep?: 'grid' | 'adaptive';
  /** Adaptive E-step: Gauss–Hermite nodes per model for g and for each specific factor (default 7 × 5). */
  adaptiveNodes?: { general: number; specific: number };
  /**
   * Warm start: the item parameters of an earlier fit (e.g. the unconditional calibration, for a
   * conditioning fit or an item-resampled replicate), matched by item id; items it lacks start from the
   * usual start values. Same number of general factors.
   */
  start?: Pick<IrtFit, 'items' | 'factors' | 'nGeneral'>;
  /** EM iteration limit (default 2000 map evaluations). */
  maxIter?: number;
  /** Convergence: largest absolute parameter change of one EM step (default 1e-5). */
  tol?: number;
  /** SQUAREM acceleration (Varadhan & Roland 2008) of the EM map (default true). */
  accelerate?: boolean;
  /** Cross-product (XPD) standard errors (default true). */
  se?: boolean;
  /** 'wasm' (default) or the plain-TS reference kernel. */
  impl?: 'wasm' | 'ts';
  /**
   * One-step latent regression: covariates (row-major N × p, no intercept, no missing values) whose
   * effect on every factor is estimated inside the likelihood (θ_f | z ~ N(zᵀβ_f, σ_f²), factors
   * independent given z). Unidimensional and bifactor models only.
   */
  covariates?: { values: ArrayLike<number>; names: readonly string[] };
  /** Called after every EM map evaluation (stage 'EM', done = evaluations so far) and during the quadrature check. */
  onProgress?: (p: IrtProgress) => void;
}

/** Progress of a long IRT step (the house progress shape plus the current log-likelihood during EM). */
export interface IrtProgress {
  stage: string;
  done?: number;
  total?: number;
  message?: string;
  loglik?: number;
}

/** One grid tried by the quadrature check (snake_case: written as is to irt.json). */
export interface QuadratureCheckStep {
  /** Grid points for g, or (method 'adaptive-em-node-refinement') Gauss–Hermite nodes per model for g. */
  points: number;
  /** Grid range; null for adaptive nodes (they are centred on each model's posterior). */
  range: number | null;
  specific_points: number | null;
  specific_range: number | null;
  /**
   * Log-likelihood at the estimates on this grid, and by adaptive Gauss–Hermite quadrature. Method
   * 'adaptive-em-node-refinement': with this step's nodes, and with 4 more nodes in each dimension (EM
   * stops at a looser log-likelihood rule before a check, so one node count can appear twice: before and
   * after EM's last stretch on it).
   */
  loglik_grid: number;
  loglik_adaptive: number;
  difference: number;
  em_evaluations: number;
}

export interface IrtItemEstimate {
  id: string;
  /** Column of the item in the response matrix. */
  column: number;
  specific: string | null;
  /** Slopes in `factors` order (0 where the item does not load). */
  slopes: number[];
  intercept: number;
  guessing: number;
  /** Standardized loadings in `factors` order, and threshold (see model.ts). */
  loadings: number[];
  threshold: number;
  communality: number;
  /** Standard errors (null when not computed or not estimable); slopes in `factors` order (null = fixed). */
  se: { slopes: (number | null)[]; intercept: number | null; guessing: number | null; loadings: (number | null)[] } | null;
}

export interface IrtFit {
  method: 'irt-mml-em';
  model: IrtModelKind;
  link: IrtLink;
  /** Factor names: general tier first, then specifics. */
  factors: string[];
  nGeneral: number;
  nPersons: number;
  nItems: number;
  items: IrtItemEstimate[];
  /** Columns excluded before fitting (constant among observed responses, or no responses), with why. */
  excludedItems: { id: string; column: number; reason: string }[];
  /** Two-tier: correlation matrix of the general tier (row-major nGeneral²). */
  generalCorrelation: number[];
  loglik: number;
  nParameters: number;
  aic: number;
  bic: number;
  iterations: number;
  converged: boolean;
  convergence: { maxChange: number; tol: number; accelerated: boolean; message: string };
  quadrature: { general: { points: number; range: number }; specific: { points: number; range: number } | null };
  /** How the stability of the log-likelihood under refinement of the quadrature was checked. */
  quadratureCheck: {
    method: 'none' | 'grid-vs-adaptive' | 'refine-until-grid-matches-adaptive' | 'adaptive-em-node-refinement';
    tolerance: number;
    /** null = not checked. */
    stable: boolean | null;
    steps: QuadratureCheckStep[];
    message: string;
  };
  /** The E-step of the final estimates: the fixed grid, or adaptive nodes per model (with their counts). */
  estep: { method: 'grid' | 'adaptive'; nodes: { general: number; specific: number } | null };
  missingCells: number;
  seMethod: 'crossprod' | null;
  /**
   * One-step latent regression (when `covariates` were given), in the metric where every factor has
   * unit marginal variance in this sample and mean 0: slopes per factor and covariate, residual SDs.
   */
  latentRegression: {
    covariates: string[];
    covariateMeans: number[];
    beta: number[][];
    residualSd: number[];
    /** Cross-product SEs of β (the rescaling to unit variance treated as fixed), when SEs were computed. */
    betaSe: number[][] | null;
  } | null;
  warnings: string[];
  /** The fitted state, for scoring and re-use (internal layout; see model.ts). */
  state: {
    columns: number[];
    G: number;
    S: number;
    itemSpec: number[];
    generalMask: number[];
    commonSlope: boolean;
    guessing: 'none' | 'fixed' | 'estimate';
    aG: number[];
    aS: number[];
    d: number[];
    c: number[];
  };
}
