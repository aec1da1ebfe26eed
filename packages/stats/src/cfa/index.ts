// Categorical confirmatory factor analysis by WLSMV for the six competing structures (issue 5).
export * from './spec.js';
export * from './structures.js';
export * from './syntax.js';
export { buildParTable, type ParTable, type ParamInfo, type ParamKind } from './partable.js';
export { robustDataTerms, type CfaSampleStats, type RobustDataTerms } from './data.js';
export * from './fit.js';
export * from './fit-cfa.js';
export * from './compare.js';
export * from './modindices.js';
export * from './scores.js';
export { orientSigns, standardize, type HeywoodReport, type BifactorIndices } from './standardized.js';
export * from './run.js';
export * from './sample.js';
export * from './status.js';
export * from './types.js';
export * from './format.js';
export { fitAdmissible, ACTIVE_TOLERANCE, BOUNDARY_NOTE } from './admissible.js';
export { symmetricEigenvalues as symmetricEigenvaluesOf } from './linalg.js';
