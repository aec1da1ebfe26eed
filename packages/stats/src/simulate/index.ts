// cartograph simulate: a synthetic leaderboard with known truth. The generating model is documented
// once, in ./generator.ts; ./truth.ts builds truth.json; ./files.ts formats the output files.
export * from './generator.js';
export * from './truth.js';
export * from './files.js';
