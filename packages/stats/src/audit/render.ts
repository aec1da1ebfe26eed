// From audit.json to the report's files: charts (Vega-Lite → SVG), report.html, audit.md, audit.json text.
import { renderSvg } from '../charts/index.js';
import { auditCharts, type AuditChart } from './charts.js';
import { auditHtml, type RenderedChart } from './html.js';
import { auditMarkdown } from './markdown.js';
import type { AuditReport } from './types.js';

export interface AuditDocuments {
  html: string;
  markdown: string;
  /** audit.json: two-space JSON with a final newline (same report → same bytes). */
  json: string;
  charts: (RenderedChart & { spec: AuditChart['spec'] })[];
}

export async function renderAudit(report: AuditReport): Promise<AuditDocuments> {
  const charts: AuditDocuments['charts'] = [];
  for (const c of auditCharts(report)) {
    const svg = await renderSvg(c.spec, { id: c.id, title: c.title, description: c.description });
    charts.push({ id: c.id, stage: c.stage, title: c.title, description: c.description, svg, spec: c.spec });
  }
  return { html: auditHtml(report, charts), markdown: auditMarkdown(report), json: `${JSON.stringify(report, null, 2)}\n`, charts };
}
