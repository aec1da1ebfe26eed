// Full-information IRT: fitIrt (1PL/2PL/3PL, bifactor, two-tier by MML-EM), scores and plausible values.
export * from './types.js';
export { fitIrt, fitState } from './fit.js';
export { standardized, type IrtLink } from './model.js';
export { grid1, type QuadratureSpec } from './quadrature.js';
export { scoreIrt, conditionIrt, plausibleValues, plausibleValuesProper, type IrtScores, type IrtScoreOptions, type ConditioningOptions, type ConditionedPosterior } from './scores.js';
export { m2Statistic, type M2Result } from './m2.js';
