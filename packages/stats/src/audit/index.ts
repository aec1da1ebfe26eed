// The audit (issue #12): runAudit runs every layer on one leaderboard; renderAudit turns its report into
// report.html, audit.md and audit.json; auditCharts gives the Vega-Lite specs (the explorer reuses them).
export * from './types.js';
export { runAudit, STAGES } from './run.js';
export { auditOptions, AUDIT_ENABLE, AUDIT_INPUT_ROLES, CARTOGRAPH_VERSION, type AuditContext, type AuditSettings } from './options.js';
export { inProcessExecutor, packLeaderboard, runAuditTask, unpackLeaderboard, TASK_STAGE, type AuditExecutor, type AuditTask, type AuditTaskHooks, type AuditTaskKind, type AuditTaskOutput, type AuditTaskResults, type PackedLeaderboard } from './tasks.js';
export { bestStructure } from './select.js';
export { sizeDefaults, sizeSentence, FULL_DEFAULTS, LARGE_DEFAULTS, LARGE_FROM_CELLS, type SizeDefaults, type SizeReduction, type SizedOption } from './size.js';
export { forkSeed, seedStreams, SEED_LABELS, type SeedLabel } from './seeds.js';
export { auditCharts, heatmapRows, type AuditChart } from './charts.js';
export { renderAudit, type AuditDocuments } from './render.js';
export { auditHtml, escapeHtml, REPORT_CSP } from './html.js';
export { auditMarkdown, escapeMarkdown } from './markdown.js';
export { formatAudit } from './format.js';
export { stageTables, HOW_TO_READ, type AuditTable } from './tables.js';
export { GLOSSARY } from './glossary.js';
