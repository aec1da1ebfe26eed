// Layer 1 for leaderboard tables: the factor structure of benchmark scores (continuous ML CFA with MLR).
export { runStructure, STRUCTURE_SCHEMA_VERSION, type StructureOptions, type StructureReport, type ClusterVariable, type FitReport } from './run.js';
export { formatStructure } from './format.js';
export { structureLoadingsChart, structureResidualChart } from './charts.js';
export { syntaxName } from './model.js';
export { IDENTIFICATION_NOTE } from './text.js';
