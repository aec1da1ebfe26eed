// Overview: the audit's plain-language summary with a link into each view, the coverage and metadata-join
// report, warnings collapsed to a count (the list on demand), and report.html / audit.json as the CLI writes them.
import type { StageId } from '@cartograph/stats';
import type { AuditOut } from '../protocol.js';
import { downloadText } from '../download.js';
import { AuditTableView } from '../components/AuditTableView.js';
import { formatHash, type ViewId } from '../route.js';
import type { AuditJson } from './types.js';
import { enableText } from './StageView.js';
import { pageWords } from '../words.js';

const VIEW_OF: Partial<Record<StageId, ViewId>> = {
  first_look: 'benchmarks',
  latent_structure: 'structure',
  ecosystem_variance: 'variance',
  denoised_scaling: 'scaling',
  rank_stability: 'ranks',
  robustness: 'structure',
};

export function Overview({ audit, out, params }: { audit: AuditJson; out: AuditOut; params: Record<string, string> }) {
  const join = audit.data.metadata.join as unknown as Record<string, unknown> | null;
  return (
    <section data-testid="view-overview">
      <div className="loader-actions">
        <button type="button" data-testid="download-report" onClick={() => downloadText('report.html', out.html, 'text/html')}>
          Download report.html
        </button>
        <button type="button" data-testid="download-audit" onClick={() => downloadText('audit.json', out.json, 'application/json')}>
          Download audit.json
        </button>
        <span className="muted small">the same files as the command line&apos;s <code>cartograph audit</code> on these files with this seed</span>
      </div>
      <h2>Summary</h2>
      <ol className="summary-lines" data-testid="audit-summary">
        {audit.stages.map((s) => {
          const v = VIEW_OF[s.id];
          return (
            <li key={s.id} data-stage={s.id} data-status={s.status}>
              <b>{s.title}</b>
              {v && (
                <>
                  {' '}
                  <a href={formatHash({ view: v, params: params['data'] ? { data: params['data'] } : {} })}>open {v}</a>
                </>
              )}
              <br />
              {s.status === 'done' ? (
                <>
                  {pageWords(s.answer ?? '')} {s.caveat && <span className="muted">({pageWords(s.caveat)})</span>}
                </>
              ) : (
                <span className="skipped">
                  {s.status === 'not_requested' ? 'not requested' : 'skipped'}
                  {s.reason ? `: ${pageWords(s.reason)}` : ''}
                  {enableText(s) ? ` — it needs ${enableText(s)}` : ''}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <h2>Coverage and metadata</h2>
      {(out.tables['data'] ?? []).filter((t) => !t.caption.startsWith('Reader warnings')).map((t, k) => (
        <AuditTableView key={k} table={t} name={`data_${t.caption}`} />
      ))}
      {join && (
        <p className="small" data-testid="metadata-join">
          Metadata join: {Object.entries(join).filter(([, v]) => typeof v === 'number' || typeof v === 'string').map(([k, v]) => `${k.replace(/_/g, ' ')} ${String(v)}`).join(' · ')}
        </p>
      )}
      <details className="warnings" data-testid="audit-warnings">
        <summary>
          {audit.data.n_warnings + audit.warnings.length} warning(s)
        </summary>
        <ul>
          {[...audit.data.warnings, ...audit.warnings].map((w, i) => (
            <li key={i}>{pageWords(w)}</li>
          ))}
          {audit.data.n_warnings > audit.data.warnings.length && <li className="muted">… {audit.data.n_warnings - audit.data.warnings.length} more reader warnings (counted, not listed in audit.json)</li>}
        </ul>
      </details>
      {audit.glossary.length > 0 && (
        <details>
          <summary>Glossary</summary>
          <dl>
            {audit.glossary.map((g) => (
              <div key={g.term}>
                <dt>{g.term}</dt>
                <dd>{g.definition}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <p className="muted small"><span data-testid="audit-workers-used" data-workers={out.workers}>Audit computed in {(out.millis / 1000).toFixed(1)} s {out.workers > 1 ? `on ${out.workers} Web Workers (its heavy layers side by side; the numbers are the same with one)` : 'in one Web Worker'}</span>; nothing left this browser.</p>
    </section>
  );
}
