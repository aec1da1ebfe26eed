// A local evaluation set: train / eval / holdout lists with a lock file (split.ts; the lock's format and
// the loader's check in io/holdout.ts).
export { runSplit, runSplitFile, runSplitLeaderboard, formatSplit, hamiltonCounts, type SplitItem, type SplitOptions, type SplitReport } from './split.js';
