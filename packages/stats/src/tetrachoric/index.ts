// Tetrachoric correlations (lavaan two-step), DWLS weights and per-model influence tables.
// Stages: tetrachoric.ts (tables → thresholds → correlations) → scores.ts (F tables, weights) →
// smoothing.ts (smallest eigenvalue, optional nearest-PD smoothing); run.ts is the layer's runner
// (runTetrachoric: Leaderboard → report + matrix), format.ts its terminal text and CSV files.
export * from './types.js';
export * from './tetrachoric.js';
export * from './scores.js';
export * from './smoothing.js';
export * from './run.js';
export * from './format.js';
