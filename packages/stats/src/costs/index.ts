// What a correct answer costs: cost per task and per successful task with intervals, the cheapest model
// meeting a threshold with its Jeffreys posterior probability (costs.ts); terminal text and the
// quality–cost Pareto chart (format.ts).
export { readCosts, runCosts, costPerTask, jeffreys, probAbove, type CostRow, type CostOptions, type CostCell, type CostReport } from './costs.js';
export { formatCosts, costsParetoChart } from './format.js';
