// χ² tail probabilities for the WLSMV tests, the nested tests and the RMSEA interval: the one
// implementation lives on the numerics floor (math/gamma.ts, math/noncentral.ts); this file only keeps
// the names cfa's stages import. (Issue 10 defect 2: the former local pchisqUpper compared x with
// df/2 + 1 instead of x/2 and gave p-values of −3.9e-78 and 1.058 on the demo.)
export { gammaP, logGamma, pchisqNoncentral, pchisqUpper } from '../math/index.js';
