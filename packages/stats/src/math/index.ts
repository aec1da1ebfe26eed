// The numerics floor of @cartograph/stats: one implementation of each special function, distribution,
// correlation and dense inverse the estimators use. Imports nothing from the estimator folders (only
// core-wasm); every folder may import it. Accuracy against R: test/math.golden.test.ts (grids written by
// test/fixtures/math/run.R). Conventions as R's: p<dist>(x, …, lowerTail = true, logP = false),
// q<dist>(p, …, lowerTail = true, logP = false), d<dist>(x, …, logP = false).
export { logGamma, lgamma1p, logBeta, stirlerr, bd0, logDpoisRaw, logDbinomRaw, log1pexp, log1mexp } from './special.js';
export { dnorm, pnorm, qnorm } from './normal.js';
export { pgamma, qgamma, dgamma, gammaP, gammaQ, pchisq, qchisq, dchisq, pchisqUpper } from './gamma.js';
export { pchisqNc, pchisqNoncentral } from './noncentral.js';
export { pbeta, pbetaRaw, qbeta, qbetaLogit, dbeta, logBetaPrefactor } from './beta.js';
export { pt, qt, dt, tTwoSided, qtTwoSided } from './t.js';
export { pf, qf } from './f.js';
export { dbinom, pbinom } from './binom.js';
export { pearson, spearman, averageRanks } from './correlation.js';
export { inverse, inverseSpd, solve, solveSpd, type SingularityOptions } from './dense.js';
