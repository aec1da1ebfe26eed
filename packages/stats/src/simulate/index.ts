// cartograph simulate: a synthetic leaderboard with known truth. The generating model is documented
// once, in ./generator.ts; ./truth.ts builds truth.json; ./files.ts formats the output files.
export {
  ARCHITECTURES,
  DEPLOYMENTS,
  SIMULATE_DEFAULTS,
  populationFactorCorrelations,
  resolveSimulateOptions,
  simulate,
  type SimItem,
  type SimModel,
  type SimPair,
  type SimulateOptions,
  type Simulation,
} from './generator.js';
export { sampleStatistics, simulationTruth, type SimulationSample } from './truth.js';
export { SIMULATION_FILES, simulationFiles, simulationLeaderboard, type SimulationFile } from './files.js';
export { formatSimulation } from './format.js';
