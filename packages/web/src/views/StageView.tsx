// One stage of the audit as a view: its plain-language answer with its caveat (or why it was skipped and
// what would enable it), its charts (the report's Vega-Lite specs) and its tables (the report's strings).
// Structure, Variance, Scaling and Ranks add their own parts (views/*.tsx) around this.
import type { AuditTable, StageId } from '@cartograph/stats';
import type { AuditOut } from '../protocol.js';
import { AuditTableView, type TableState } from '../components/AuditTableView.js';
import { Chart } from '../components/Chart.js';
import type { AuditJson } from './types.js';
import { pageWords } from '../words.js';

/** What would enable a skipped stage, in the page's terms (audit.json keeps the CLI's words, as the CLI writes it). */
const PAGE_NEEDS: Record<string, string> = {
  'model metadata': 'model metadata: add a models file, or a v1/v2 leaderboard table next to the responses (read as “leaderboard”)',
  'item responses': 'item-level responses: add a responses file or an lm-eval folder',
  'benchmark scores': 'benchmark scores: add a scores file or a leaderboard table',
  'item counts': 'the items behind each score: fill in “items per benchmark”',
  data: 'data: add a responses, scores or leaderboard file, or an lm-eval folder',
};

export function enableText(st: { id: string; needs: string | null; enable: string | null }): string | null {
  if (st.id === 'robustness') return 'robustness replicates: set bootstrap, permutations or folds under “audit” (each replicate refits the ticked structures, so it costs replicates × the latent-structure stage)';
  if (st.needs && PAGE_NEEDS[st.needs]) return PAGE_NEEDS[st.needs]!;
  return st.enable && !/--[a-z]/.test(st.enable) ? st.enable : null;
}

export function StageHeader({ audit, stage }: { audit: AuditJson; stage: StageId }) {
  const st = audit.stages.find((s) => s.id === stage);
  if (!st) return <p className="muted">This stage did not run.</p>;
  return (
    <section className="stage-head" data-testid={`stage-${stage}`} data-status={st.status}>
      <p className="question">{st.question}</p>
      {st.status === 'done' ? (
        <>
          <p className="answer" data-testid="answer">{pageWords(st.answer ?? '')}</p>
          {st.caveat && <p className="caveat muted">What it does not show: {pageWords(st.caveat)}</p>}
        </>
      ) : (
        <p className="skipped" data-testid="skipped">
          {st.status === 'not_requested' ? 'Not requested.' : 'Skipped'}
          {st.reason ? `: ${pageWords(st.reason)}` : ''}
          {enableText(st) ? ` — it needs ${enableText(st)}.` : ''}
        </p>
      )}
    </section>
  );
}

export function StageBody({ out, stage, tableState, onTableState, searchable, onActivate }: { out: AuditOut; stage: StageId; tableState?: (t: AuditTable, k: number) => TableState | undefined; onTableState?: (t: AuditTable, k: number, s: TableState) => void; searchable?: boolean; onActivate?: Record<string, (datum: Record<string, unknown>) => void> }) {
  const charts = out.charts.filter((c) => c.stage === stage);
  const tables = out.tables[stage] ?? [];
  return (
    <>
      {charts.map((c) => (
        <Chart key={c.id} chart={c} onActivate={onActivate?.[c.id]} />
      ))}
      {tables.map((t, k) => (
        <AuditTableView key={`${stage}-${k}`} table={t} name={`${stage}_${t.caption}`} state={tableState?.(t, k)} onState={onTableState ? (s) => onTableState(t, k, s) : undefined} searchable={searchable} />
      ))}
    </>
  );
}
