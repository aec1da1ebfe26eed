// Readers: file contents (string or bytes) + file name in, Leaderboard parts out. No file system access:
// the CLI and the web app read the files and pass their contents.
export * from './csv.js';
export * from './responses.js';
export * from './items.js';
export * from './models.js';
export * from './scores.js';
export * from './assemble.js';
export * from './leaderboard-table.js';
export * from './lm-eval.js';
export * from './join.js';
export * from './known-counts.js';
export * from './load.js';
export * from './summary.js';
export * from './samples.js';
export * from './inspect.js';
export * from './helm.js';
export * from './details.js';
export * from './holdout.js';
