// Linear mixed models (lme4/lmerTest parity): see fit.ts for the stages.
export { fitLmm, fitPrepared, prepareLmm } from './fit.js';
export { runLmm, lmmReport, lmmDataFromTable, type LmmReport, type LmmRunOptions, type LmmTable } from './run.js';
export { formatLmm } from './format.js';
export type { LmmFit, LmmFixef, LmmOptions, LmmRanef, LmmVarComp } from './fit.js';
export type { LmmColumn, LmmData } from './frame.js';
export { PlsState, type PlsEval } from './pls.js';
export type { PlsStructure } from './pls-structure.js';
export type { OptimIteration } from './optimize.js';
export { parseFormula } from './formula.js';
export type { ParsedFormula, RandomTermSpec } from './formula.js';
export { contest1D, satterthwaiteInfo } from './satterthwaite.js';
export { tTwoSided } from '../math/index.js';
