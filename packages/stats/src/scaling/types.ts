// Types of the scaling layer (options, the internal report the chart reads, its rows).
import type { IrtFit, IrtRun } from '../irt/index.js';
import type { PooledEstimate, SlopeReliability } from './pool.js';

export type ControlSpec = 'none' | 'contributor' | 'architecture' | 'deployment' | 'all';
export const CONTROL_SPECS: readonly ControlSpec[] = ['none', 'contributor', 'architecture', 'deployment', 'all'];

export interface ScalingOptions {
  seed: number;
  /** Plausible-value sets for the headline slope (default 10). */
  pvDraws?: number;
  /** Item-resampled replicates for the reliability (default 4; 0 = specifications only). */
  replicates?: number;
  /** Fraction of each benchmark's items kept in a replicate (default 0.8). */
  itemFraction?: number;
  /** Plausible-value sets per perturbation in the reliability study (default 5). */
  reliabilityDraws?: number;
  /** IRT model (default: bifactor with one specific per benchmark when there are ≥ 2 benchmarks, else 2PL). */
  model?: 'bifactor' | '2PL';
  link?: 'logistic' | 'normal';
  quadrature?: { points: number; range: number };
  specificQuadrature?: { points: number; range: number };
  /** Also run the EAP two-step regressions (needs a second, unconditional calibration; default true). */
  twoStep?: boolean;
  /** Run the reliability study (default true). */
  reliability?: boolean;
  /** EM convergence tolerance of the calibrations (default 1e-5). */
  tol?: number;
  /** Progress of the long steps (calibrations, plausible values, replicates). */
  onProgress?: (p: { stage: string; done?: number; total?: number; message?: string }) => void;
  onWarning?: (message: string) => void;
  /** Quadrature check of the main calibration (default 'report': compared with adaptive quadrature once, no refinement). */
  quadratureCheck?: 'refine' | 'report' | 'none';
  /**
   * A shared unconditional calibration (runIrt with scores, e.g. the one ranks reads): its EAP scores
   * give the two-step slopes of the models in scaling's frame (matched by model id) and scaling fits no
   * unconditional calibration of its own. It may hold more models than scaling analyses (models without
   * a parameter count); its items, their specific factors, the model kind and the link must be this
   * leaderboard's, else EstimationError.
   */
  calibration?: IrtRun;
  /** Model ids of the calibration's rows, in order (default: this leaderboard's models, i.e. it was fitted on `lb`). */
  calibrationModelIds?: readonly string[];
  /**
   * Warm starts (default true): the conditioning fit starts from the unconditional calibration's item
   * parameters, every item-resampled replicate from the full-test conditioning fit's (its items), with
   * the adaptive nodes that fit settled on. false: every calibration from the usual start values (for
   * comparison; the estimates agree within the EM tolerance).
   */
  warmStart?: boolean;
}

export interface SlopeEstimate {
  estimate: number;
  se: number;
  df: number;
  lo: number;
  hi: number;
}

export interface ScalingFactorRow {
  factor: string;
  /** Headline: plausible values from the conditioning model, Rubin's rules. */
  unattenuated: PooledEstimate;
  /** Two-step on EAP scores of the unconditional fit (null when not run). */
  eapTwoStep: SlopeEstimate | null;
  /** One-step latent-regression slope of the IRT fit (no ecosystem controls), unit-variance metric. */
  oneStep: number;
  /** Manifest benchmark-score slope (g: leaderboard average; specific: its benchmark's score), in score units. */
  manifest: SlopeEstimate;
  /** Manifest slope divided by the SD of the manifest score (comparable with the latent slopes). */
  manifestStandardized: number;
  reliability: { latent: SlopeReliability; manifest: SlopeReliability } | null;
}

export interface ScalingPerturbation {
  factor: string;
  spec: ControlSpec;
  replicate: number;
  latent: { estimate: number; se: number };
  manifest: { estimate: number; se: number };
}

export interface ScalingReport {
  method: 'scaling-vector';
  formula: string;
  nModels: number;
  droppedModels: { id: string; reason: string }[];
  factors: string[];
  covariates: string[];
  log10ParamsMean: number;
  pvDraws: number;
  replicates: number;
  itemFraction: number;
  vector: ScalingFactorRow[];
  perturbations: ScalingPerturbation[];
  /** The unconditional calibration (EAP two-step) was given by the caller (shared with ranks), not fitted here. */
  sharedCalibration: boolean;
  irt: {
    model: string;
    link: string;
    /** Unconditional calibration (null when the two-step was not run). */
    loglik: number | null;
    /** Models the unconditional calibration was fitted on (more than nModels when it was shared). */
    unconditionalModels: number | null;
    iterations: number | null;
    converged: boolean | null;
    oneStepLoglik: number;
    oneStepIterations: number;
    oneStepConverged: boolean;
    /** How the conditioning fit's quadrature was checked against adaptive quadrature (irt/fit.ts). */
    quadratureCheck: IrtFit['quadratureCheck'];
    /** Standardized loadings of the calibration with the conditioning model (unit marginal factor variances). */
    loadings: { item: string; specific: string | null; general: number; specificLoading: number | null }[];
  };
  warnings: string[];
}

