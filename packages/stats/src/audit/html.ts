// report.html: one self-contained file — inline CSS and SVG, no script, no external resource — with a
// Content-Security-Policy that forbids every network request (default-src 'none'), so it opens from
// file://, shows the same offline, and prints cleanly to PDF. Summary first, one section per stage
// (question, answer, tables, charts, how to read this, what it does not show), then a glossary.
// Every string that may come from an input file goes through escapeHtml (text and attributes); the
// charts' SVG is vega's, which escapes its text (charts/render.ts).
import type { AuditReport, StageId } from './types.js';
import type { AuditTable } from './tables.js';
import { HOW_TO_READ, stageTables } from './tables.js';
import { plural } from './text.js';

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const e = (s: string | null | undefined): string => escapeHtml(s ?? '');

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #d9dde3; --accent: #1f3b73; --bg-soft: #f5f7fa; --warn: #8a4b00; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 8px; padding-top: 8px; border-top: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0 10px; }
.meta { color: var(--muted); font-size: 13px; }
.question { color: var(--muted); font-style: italic; }
.answer { font-size: 16px; }
.caveat { color: var(--muted); font-size: 13.5px; }
.caveat::before { content: "What this does not show: "; font-weight: 600; }
.howto { background: var(--bg-soft); border-left: 3px solid var(--accent); padding: 8px 12px; font-size: 13.5px; }
.howto::before { content: "How to read this. "; font-weight: 600; }
.skipped { background: #fff6e5; border-left: 3px solid var(--warn); padding: 8px 12px; }
nav ol { columns: 2; font-size: 14px; padding-left: 20px; }
nav a { color: var(--accent); }
ul.summary { padding-left: 20px; }
ul.summary li { margin-bottom: 10px; }
ul.summary .stage { font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 9px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; max-width: 360px; overflow-wrap: anywhere; }
th { background: var(--bg-soft); }
td.text { text-align: left; }
.more { color: var(--muted); font-size: 12.5px; }
figure { margin: 12px 0 18px; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; }
dl.glossary dt { font-weight: 600; margin-top: 8px; }
dl.glossary dd { margin: 0 0 0 18px; }
footer { margin-top: 48px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--rule); padding-top: 10px; overflow-wrap: anywhere; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: page; border-top: none; }
  section#summary h2 { break-before: avoid; }
  figure, table { break-inside: avoid; }
  figure svg { max-width: 100%; }
  a { color: inherit; text-decoration: none; }
}
`;

function tableHtml(t: AuditTable): string {
  const head = `<tr>${t.header.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, k) => (k === 0 ? `<th scope="row">${e(c)}</th>` : `<td${/^[-−+\d.[\]—, %e]*$/.test(c) ? '' : ' class="text"'}>${e(c)}</td>`)).join('')}</tr>`).join('\n');
  const more = t.more ? `<p class="more">${e(`… and ${t.more} more rows (all in audit.json and the layer's own files).`)}</p>` : '';
  return `<table>\n<caption>${e(t.caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>${more}`;
}

export interface RenderedChart {
  id: string;
  stage: StageId;
  title: string;
  description: string;
  svg: string;
}

export function auditHtml(r: AuditReport, charts: RenderedChart[]): string {
  const parts: string[] = [];
  const title = `Leaderboard audit: ${plural(r.data.n_models, 'model')} × ${plural(r.data.n_benchmarks, 'benchmark')}`;
  parts.push('<!DOCTYPE html>');
  parts.push('<html lang="en">');
  parts.push('<head>');
  parts.push('<meta charset="utf-8">');
  parts.push(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
  parts.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  parts.push('<meta name="referrer" content="no-referrer">');
  parts.push(`<title>${e(title)}</title>`);
  parts.push(`<style>${CSS}</style>`);
  parts.push('</head>');
  parts.push('<body>');
  parts.push('<main>');
  parts.push(`<header><h1>${e(title)}</h1>`);
  const inputs = r.inputs.length ? r.inputs.map((i) => `${i.role}: ${i.name}`).join('; ') : 'in-memory leaderboard';
  parts.push(`<p class="meta">${e(`cartograph ${r.software.version} · audit.json schema ${r.schema_version} · seed ${r.seeds.root} · inputs: ${inputs}`)}</p></header>`);
  // table of contents
  parts.push('<nav aria-label="Contents"><ol>');
  parts.push('<li><a href="#summary">Summary</a></li>');
  for (const s of r.stages) parts.push(`<li><a href="#stage-${s.id}">${e(s.title)}</a>${s.status === 'done' ? '' : ` <span class="meta">(${e(s.status === 'skipped' ? 'skipped' : 'not requested')})</span>`}</li>`);
  parts.push('<li><a href="#glossary">Glossary</a></li>');
  parts.push('</ol></nav>');
  // summary
  parts.push('<section id="summary"><h2>Summary</h2>');
  parts.push('<ul class="summary">');
  for (const l of r.summary) {
    const st = r.stages.find((s) => s.id === l.stage)!;
    parts.push(`<li><span class="stage">${e(st.title)}.</span> ${e(l.text)}${l.caveat ? `<br><span class="caveat">${e(l.caveat)}</span>` : ''}</li>`);
  }
  parts.push('</ul>');
  const notRun = r.stages.filter((s) => s.status !== 'done');
  if (notRun.length) {
    parts.push('<p><strong>Not run on this input:</strong></p><ul>');
    for (const s of notRun) parts.push(`<li>${e(s.title)}: ${e(s.reason ?? '')}${s.enable ? ` — ${e(`needs ${s.enable}`)}` : ''}.</li>`);
    parts.push('</ul>');
  }
  if (r.warnings.length) {
    parts.push(`<p class="meta">${e(`${plural(r.warnings.length, 'warning')} during the audit:`)}</p><ul class="meta">`);
    for (const w of r.warnings.slice(0, 20)) parts.push(`<li>${e(w)}</li>`);
    parts.push('</ul>');
  }
  parts.push('</section>');
  // stages
  for (const s of r.stages) {
    parts.push(`<section id="stage-${s.id}" data-stage="${s.id}" data-status="${s.status}">`);
    parts.push(`<h2>${e(s.title)}</h2>`);
    parts.push(`<p class="question">${e(s.question)}</p>`);
    if (s.status !== 'done') {
      parts.push(`<p class="skipped">${e(`${s.status === 'skipped' ? 'Skipped' : 'Not requested'}: ${s.reason ?? ''}${s.enable ? `. It needs ${s.enable}.` : '.'}`)}</p>`);
      parts.push('</section>');
      continue;
    }
    if (s.answer) parts.push(`<p class="answer">${e(s.answer)}</p>`);
    for (const c of charts.filter((x) => x.stage === s.id)) {
      parts.push(`<figure id="chart-${c.id}" data-chart="${c.id}">${c.svg}<figcaption>${e(c.description)}</figcaption></figure>`);
    }
    for (const t of stageTables(r, s.id)) parts.push(tableHtml(t));
    parts.push(`<p class="howto">${e(HOW_TO_READ[s.id])}</p>`);
    if (s.caveat) parts.push(`<p class="caveat">${e(s.caveat)}</p>`);
    if (s.folders.length) parts.push(`<p class="meta">${e(`The layer's own files: ${s.folders.map((f) => `${f}/`).join(', ')} (as the single command writes them).`)}</p>`);
    parts.push('</section>');
  }
  // glossary
  parts.push('<section id="glossary"><h2>Glossary</h2><dl class="glossary">');
  for (const g of r.glossary) parts.push(`<dt>${e(g.term)}</dt><dd>${e(g.definition)}</dd>`);
  parts.push('</dl></section>');
  parts.push(`<footer>${e(`Options: ${JSON.stringify(r.options)}. Seeds: root ${r.seeds.root}; ${Object.entries(r.seeds.streams).map(([k, v]) => `${k} ${v}`).join(', ')} (${r.seeds.derivation}).`)}<br>${e(r.inputs.map((i) => `${i.name}: sha256 ${i.sha256}, ${i.bytes} bytes`).join('; '))}</footer>`);
  parts.push('</main>');
  parts.push('</body>');
  parts.push('</html>');
  return `${parts.join('\n')}\n`;
}
