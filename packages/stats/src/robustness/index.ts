// Robustness of the structure comparison (issue 14): item-resampled bootstrap with selection rates,
// out-of-sample prediction, permutation controls, aggregation across replicates.
export * from './types.js';
export * from './study.js';
export * from './reduce.js';
export * from './run.js';
export * from './oos.js';
export * from './format.js';
export * from './charts.js';
