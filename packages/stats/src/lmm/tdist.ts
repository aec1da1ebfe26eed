// Student t tail probabilities for the tests of the mixed-model fit: the one implementation lives on the
// numerics floor (math/t.ts); this file keeps the name lmm's and scaling's modules import.
export { logGamma, tTwoSided } from '../math/index.js';
