// The scaling vector (layer 3): runScaling (the layer's runner), scalingAnalysis (the analysis with its
// internal report, read by the chart), pooling rules, formatters.
export * from './types.js';
export { scalingAnalysis } from './run.js';
export { runScaling, SCALING_SCHEMA_VERSION, type RunScalingOptions, type ScalingRun } from './run.js';
export { formatScaling, scalingVectorCsv } from './format.js';
export { rubin, slopeReliability, tQuantileTwoSided, type PooledEstimate, type SlopeReliability } from './pool.js';
