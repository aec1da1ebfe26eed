// The model specification every CFA stage reads: latent variables, their indicators and which
// covariances are free or fixed. Built by `structures.ts` (the six competing structures) or parsed from
// lavaan-style syntax by `syntax.ts`. Identification follows lavaan's `std.lv = TRUE`: every latent
// (residual) variance is fixed to 1 and every loading is free.

export interface LoadingSpec {
  /** The latent variable measured. */
  latent: string;
  /** An observed item id or, for higher-order structures, another latent. */
  indicator: string;
  /** A fixed value (`f =~ 0.5*x1`), or undefined when free. */
  fixed?: number;
}

export interface CovarianceSpec {
  a: string;
  b: string;
  /** A fixed value (`f ~~ 0*g`), or undefined when free. */
  fixed?: number;
}

export interface ModelSpec {
  /** Structure name (`general`, `bifactor`, …, or `custom`). */
  name: string;
  loadings: LoadingSpec[];
  /**
   * Explicit covariances. Between latents: free unless fixed; covariances between exogenous latents
   * that are not listed are free unless `orthogonal` (lavaan's `cfa()` default). Between two items:
   * a free (or fixed) residual covariance.
   */
  covariances: CovarianceSpec[];
  /** lavaan's `orthogonal = TRUE`: unlisted covariances between exogenous latents are fixed to 0. */
  orthogonal: boolean;
}

export const STRUCTURES = ['independent', 'general', 'second-order', 'correlated', 'bifactor', 'bifactor-correlated'] as const;
export type StructureName = (typeof STRUCTURES)[number];
