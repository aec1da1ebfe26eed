// Public surface of @cartograph/stats. Each estimator family adds its export line here.
export * from './data/leaderboard.js';
export * from './util/errors.js';
export * from './util/rng.js';
export * from './util/progress.js';
export * from './util/csv.js';
export * from './simulate/index.js';
export * from './io/index.js';
export * from './lmm/index.js';
export * from './irt/index.js';
export * from './describe/index.js';
export * from './gtheory/index.js';
export * from './charts/index.js';
export * from './tetrachoric/index.js';
export * from './cfa/index.js';
export * from './parallel/index.js';
export * from './scaling/index.js';
export * from './ranks/index.js';
