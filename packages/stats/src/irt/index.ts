// Full-information IRT: runIrt (the layer's runner), fitIrt (1PL/2PL/3PL, bifactor, two-tier by MML-EM),
// scores by adaptive quadrature, plausible values, M2, and the terminal/CSV formatters.
export * from './types.js';
export { fitIrt, fitIrtWithCentres, fitState, QUADRATURE_TOLERANCE } from './fit.js';
export { scoresFromCentres } from './agq-scores.js';
export { standardized, type IrtLink } from './model.js';
export { grid1, type QuadratureSpec } from './quadrature.js';
export { adaptivePosterior, gaussHermite, type AdaptiveOptions, type AdaptivePosterior } from './adaptive.js';
export { scoreIrt, conditionIrt, plausibleValues, type IrtScores, type IrtScoreOptions, type ConditioningOptions, type ConditionedPosterior } from './scores.js';
export { fitConditioning, calibrationItems, type CalibrationItems, type ConditioningFitOptions } from './condition.js';
export { plausibleValuesProper, preparePlausibleValues, calibrationInformation, type PvPreparation, type PvOptions, type PvPrepareOptions } from './pv.js';
export { m2Statistic, type M2Result } from './m2.js';
export { runIrt, defaultIrtModel, IRT_SCHEMA_VERSION, type RunIrtOptions, type IrtReport, type IrtItemRow, type IrtRun, type IrtRunModel } from './run.js';
export { formatIrt, irtItemsCsv, irtScoresCsv } from './format.js';
