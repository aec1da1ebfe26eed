// The audit's terminal text: the summary (one paragraph per stage that ran, the stages that did not with
// their reason) — what `cartograph audit` prints before the path of report.html.
import type { AuditReport } from './types.js';
import { plural } from './text.js';

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l, k) => (k === 0 ? l : indent + l)).join('\n');
}

export function formatAudit(r: AuditReport, width = 100): string {
  const out: string[] = [];
  out.push(`cartograph audit — ${plural(r.data.n_models, 'model')} × ${plural(r.data.n_benchmarks, 'benchmark')}${r.data.n_items ? `, ${r.data.n_items} items` : ''} (seed ${r.seeds.root})`);
  out.push('');
  for (const l of r.summary) {
    const st = r.stages.find((s) => s.id === l.stage)!;
    out.push(`• ${wrap(`${st.title}: ${l.text}`, width - 2, '  ')}`);
  }
  const notRun = r.stages.filter((s) => s.status !== 'done');
  if (notRun.length) {
    out.push('');
    out.push('Not run on this input:');
    for (const s of notRun) out.push(`  - ${wrap(`${s.title}: ${s.reason ?? ''}${s.enable ? ` — needs ${s.enable}` : ''}`, width - 4, '    ')}`);
  }
  if (r.warnings.length) {
    out.push('');
    out.push(`${plural(r.warnings.length, 'warning')}: ${r.warnings.slice(0, 3).join(' | ')}${r.warnings.length > 3 ? ' | …' : ''}`);
  }
  return out.join('\n');
}
