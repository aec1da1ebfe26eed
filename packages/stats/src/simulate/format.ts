// Terminal summary of a simulation (the population the draw came from). Formulas from generator.ts:
// corr(θg, x) = γg·σx, corr(θg, θs) = γg·γs·σx² (both factors load on x = centred log10 params), and the
// variance shares of θg (size γg²σx², ecosystem effects, residual) that truth.json lists in full.
import { MISSING } from '../data/leaderboard.js';
import type { Simulation } from './generator.js';

export function formatSimulation(sim: Simulation): string {
  const o = sim.options;
  const sx = o.log10ParamsSd;
  let missing = 0;
  for (const v of sim.responses) if (v === MISSING) missing++;
  const rhoS = sim.gammaS.map((g) => o.gammaG * g * sx * sx);
  return [
    `simulate: ${sim.models.length} models × ${sim.benchmarks.length} benchmarks × ${o.itemsPerBenchmark} items ` +
      `(seed ${o.seed}, structure seed ${o.structureSeed}, ${sim.pairs.length} dependent pairs, ${missing} missing cells)`,
    `  population: corr(θg, log10 params) = ${(o.gammaG * sx).toFixed(3)}; corr(θg, θs) from ${Math.min(...rhoS).toFixed(3)} to ${Math.max(...rhoS).toFixed(3)}; ` +
      `θg variance shares: size ${(o.gammaG ** 2 * sx * sx).toFixed(3)}, contributor ${sim.ecosystemVariance.contributor.toFixed(3)}, ` +
      `architecture ${sim.ecosystemVariance.architecture.toFixed(3)}, deployment ${sim.ecosystemVariance.deployment.toFixed(3)}, residual ${sim.residualVarianceG.toFixed(3)} (truth.json has everything)`,
  ].join('\n');
}
