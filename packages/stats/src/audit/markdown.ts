// audit.md: the summary and the main tables in Markdown (for a pull request or a wiki). Every string
// that may come from an input file is escaped: Markdown punctuation gets a backslash, `<`, `>` and `&`
// become entities (no raw HTML reaches a renderer), and line breaks become spaces (a table cell or a list
// item must stay on one line).
import type { AuditReport } from './types.js';
import { stageTables, type AuditTable } from './tables.js';
import { plural } from './text.js';

/** Escape text for Markdown inline content and table cells. */
export function escapeMarkdown(s: string): string {
  return String(s ?? '')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/^(\s*)([-=])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.');
}
const m = escapeMarkdown;

function tableMd(t: AuditTable): string {
  const lines = [`**${m(t.caption)}**`, '', `| ${t.header.map(m).join(' | ')} |`, `|${t.header.map((_, k) => (k === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map((c) => m(c) || ' ').join(' | ')} |`);
  if (t.more) lines.push('', `… and ${t.more} more rows (all in audit.json).`);
  return lines.join('\n');
}

export function auditMarkdown(r: AuditReport): string {
  const out: string[] = [];
  out.push(`# Leaderboard audit: ${plural(r.data.n_models, 'model')} × ${plural(r.data.n_benchmarks, 'benchmark')}`);
  out.push('');
  out.push(`cartograph ${m(r.software.version)} · audit.json schema ${m(r.schema_version)} · seed ${r.seeds.root}${r.inputs.length ? ` · inputs: ${r.inputs.map((i) => `${m(i.role)}: ${m(i.name)}`).join('; ')}` : ''}`);
  out.push('');
  out.push('## Summary');
  out.push('');
  for (const l of r.summary) {
    const st = r.stages.find((s) => s.id === l.stage)!;
    out.push(`- **${m(st.title)}.** ${m(l.text)}${l.caveat ? ` *What this does not show:* ${m(l.caveat)}` : ''}`);
  }
  const notRun = r.stages.filter((s) => s.status !== 'done');
  if (notRun.length) {
    out.push('');
    out.push('Not run on this input:');
    out.push('');
    for (const s of notRun) out.push(`- ${m(s.title)}: ${m(s.reason ?? '')}${s.enable ? ` (needs ${m(s.enable)})` : ''}`);
  }
  for (const s of r.stages) {
    if (s.status !== 'done') continue;
    const tables = stageTables(r, s.id).slice(0, s.id === 'data' ? 1 : 3);
    if (!tables.length) continue;
    out.push('');
    out.push(`## ${m(s.title)}`);
    out.push('');
    out.push(`*${m(s.question)}*`);
    for (const t of tables) {
      out.push('');
      out.push(tableMd(t));
    }
  }
  out.push('');
  return `${out.join('\n')}\n`;
}
