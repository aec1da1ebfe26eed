// The scaling vector (layer 3): runScaling (the layer's runner), scalingAnalysis (the analysis with its
// internal report, read by the chart), pooling rules, formatters.
export * from './types.js';
export { scalingAnalysis } from './run.js';
export { runScaling, SCALING_SCHEMA_VERSION, type RunScalingOptions, type ScalingRun } from './run.js';
export { formatScaling, scalingVectorCsv } from './format.js';
export { rubin, slopeReliability, tQuantileTwoSided, type PooledEstimate, type SlopeReliability } from './pool.js';
// the slope-reliability replicates as a replicate study (issue 14), for the executors of issue 15
export { planScaling, fitScaling, scalingFullTest, scalingPvChunk, pvChunkSizes, PV_CHUNKS, withFullTest, runScalingReplicates, scalingRun, type PlannedScaling, type FittedScaling, type PvChunk } from './run.js';
export { SCALING_STUDY, SCALING_REPLICATE_KIND, scalingPlan, runScalingReplicate, reduceScaling, type ScalingPlan, type ScalingPlanOptions, type ScalingReplicateResult } from './study.js';
export { scalingData, encodeScalingData, decodeScalingData, type ScalingData } from './data.js';
