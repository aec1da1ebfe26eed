// Generalizability-theory study of a leaderboard: see study.ts.
export * from './coefficients.js';
export * from './data.js';
export * from './recode.js';
export * from './study.js';
export * from './bayes.js';
export * from './paper.js';
export * from './format.js';
export { sampleEffects, residualSumOfSquares } from './gibbs-effects.js';
