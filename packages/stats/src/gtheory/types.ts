// Types of the G-theory study's results shared by study.ts (which builds them) and paper.ts (which
// reads them).
import type { LmmFixef } from '../lmm/index.js';
import type { DStudyRow, GCoefficients } from './coefficients.js';

export type GModelName = 'pxb' | 'facets' | 'covariate' | 'covariate_slopes';

export interface GComponent {
  /** benchmark, architecture, contributor, deployment, model_id, Residual, or "benchmark:log10_params_c" (slope). */
  name: string;
  variance: number;
  sd: number;
  /** % of the total of the intercept components and the residual (null for a slope variance). */
  percent: number | null;
}

export interface GModelResult {
  name: GModelName;
  formula: string;
  components: GComponent[];
  /** Fixed effects with SE, Satterthwaite df, t and two-sided p (lmerTest). */
  fixef: LmmFixef[];
  reml_criterion: number;
  log_lik: number;
  aic: number;
  bic: number;
  singular: boolean;
  converged: boolean;
  messages: string[];
  g: GCoefficients | null;
  d_study: DStudyRow[] | null;
  /** Why there is no G coefficient, when there is none. */
  g_note: string | null;
}

