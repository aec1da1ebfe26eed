// Paired comparisons of two models (compare), rank confidence sets of the top models (ties) and a CI
// regression gate (gate). Formulas and sources in paired.ts, compare.ts, ties.ts and gate.ts.
export * from './paired.js';
export { runCompare, fmtP, type CompareOptions, type CompareReport, type CompareRow, type HarnessComparison, type LatentComparison } from './compare.js';
export { readHarnessStderr, type HarnessStderr } from './harness.js';
export { runGate, type GateOptions, type GateReport, type GateRow } from './gate.js';
export { runTies, tiesChart, type TiesOptions, type TiesReport, type TiesModel } from './ties.js';
export { formatCompare, formatTies, formatGate, gateMarkdown, mdEscape } from './format.js';
export { findModel, clusterLabels } from './models.js';
