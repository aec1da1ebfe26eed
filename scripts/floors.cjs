// The floors of packages/stats/src, bottom first: a folder may import only folders on lower floors
// (through their index.ts; util/ and data/ file by file). Read by .dependency-cruiser.cjs and by
// test/architecture.unit.test.ts, which fails when a folder of packages/stats/src is not placed here.
const FLOORS = [
  ['util', 'math'], // ground: errors, rng, progress, csv; special functions and dense helpers
  ['data', 'parallel'], // the data model (Leaderboard, selectItems, coverage); worker threads
  ['io', 'simulate', 'describe', 'tetrachoric', 'lmm'], // readers; the simulator; first look; tetrachorics; mixed models
  ['cfa', 'irt', 'gtheory', 'comparable', 'costs', 'split'], // WLSMV CFA; IRT; G-theory (REML + Bayesian check); comparability check, cost per task, split with a locked holdout
  ['replicate'], // the replicate interface (plans, streams, order-independent reduction) the resampling studies run on
  ['scaling', 'ranks', 'structure', 'compare'], // layers built on the estimators (scaling's slope-reliability replicates run on replicate/)
  ['charts', 'robustness'], // chart specs and rendering of whole reports; robustness of the structure comparison
  ['audit'], // the whole case file
];
module.exports = { FLOORS };
