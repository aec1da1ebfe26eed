// Rank stability: runRanks (the layer's runner: raw average vs latent g), the rank-draw machinery, formatters.
export * from './stability.js';
export { runRanks, rawAverage, RANKS_SCHEMA_VERSION, type RunRanksOptions, type RanksReport, type RanksModelRow, type RanksRun } from './run.js';
export { formatRanks, ranksCsv } from './format.js';
