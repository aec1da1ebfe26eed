// The layer views: Structure, Variance, Scaling, Ranks and Compare. Each shows its stage's answer, charts
// and tables (StageView) plus what a user does there: pick an item pair of the modification-index map,
// move the D-study slider, search and sort every model's rank, put two models side by side.
import { useMemo, useState } from 'react';
import type { AuditTable, CompareReport } from '@cartograph/stats';
import type { AuditOut } from '../protocol.js';
import { AuditTableView, type TableState } from '../components/AuditTableView.js';
import { StageBody, StageHeader } from './StageView.js';
import type { AuditJson, GtheoryModelView, MiRow, RankRow } from './types.js';

type Params = Record<string, string>;
type SetParams = (p: Params) => void;

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

/** Table state of the one interactive table of a view, kept in the fragment (sort, desc, q, sel). */
function tableStateOf(params: Params): TableState {
  return { sort: params['sort'] ?? '', desc: params['desc'] === '1', q: params['q'] ?? '', sel: params['sel'] ?? '' };
}
function toParams(params: Params, s: TableState): Params {
  return { ...params, sort: s.sort, desc: s.desc ? '1' : '', q: s.q, sel: s.sel };
}

export function StructureView({ audit, out, params, setParams }: { audit: AuditJson; out: AuditOut; params: Params; setParams: SetParams }) {
  const mi = ((audit.latent_structure?.mi_map ?? []) as unknown as MiRow[]).slice();
  const sel = params['pair'] ?? '';
  const pair = mi.find((m) => `${m.item1}|${m.item2}` === sel) ?? null;
  const miTable: AuditTable = { caption: `Modification indices (${mi.length} largest; select a pair)`, header: ['pair', 'item 1', 'item 2', 'MI', 'SEPC', 'crosses benchmarks'], rows: mi.map((m) => [`${m.item1}|${m.item2}`, m.item1, m.item2, m.mi.toFixed(2), f3(m.sepc_all), m.cross_benchmark ? 'yes' : 'no']), more: 0 };
  return (
    <section data-testid="view-structure">
      <StageHeader audit={audit} stage="latent_structure" />
      <StageBody out={out} stage="latent_structure" />
      {mi.length > 0 && (
        <>
          <h2>Local dependence: item pairs</h2>
          <AuditTableView table={miTable} name="mi_pairs" state={{ sort: params['sort'] ?? '', desc: params['desc'] === '1', q: params['q'] ?? '', sel }} onState={(s) => setParams({ ...params, sort: s.sort, desc: s.desc ? '1' : '', q: s.q, pair: s.sel })} searchable />
          {pair && (
            <div className="card pair" data-testid="pair-detail" role="region" aria-label="selected item pair">
              <b>{pair.item1}</b> × <b>{pair.item2}</b>: modification index {pair.mi.toFixed(2)} (χ²₁ improvement if their residual correlation were freed), standardized expected parameter change {f3(pair.sepc_all)};{' '}
              {pair.cross_benchmark ? 'the two items belong to different benchmarks: a dependence the benchmark grouping does not explain.' : 'both items are in the same benchmark: a dependence beyond the benchmark factor.'}{' '}
              <span className="muted">The pair&apos;s 2×2 table of responses is in the tetrachoric layer&apos;s output (not shown on this page yet).</span>
            </div>
          )}
        </>
      )}
      {audit.stages.find((s) => s.id === 'robustness')?.status === 'done' && (
        <>
          <h2>Robustness</h2>
          <StageHeader audit={audit} stage="robustness" />
          <StageBody out={out} stage="robustness" />
        </>
      )}
    </section>
  );
}

export function VarianceView({ audit, out, params, setParams }: { audit: AuditJson; out: AuditOut; params: Params; setParams: SetParams }) {
  const g = (audit.ecosystem_variance as { gtheory?: { models?: GtheoryModelView[] } } | null)?.gtheory;
  const model = g?.models?.find((m) => m.g) ?? null;
  const nb0 = model?.g?.nb ?? 1;
  const nb = Math.max(1, Math.min(100, Number(params['nb'] ?? nb0) || nb0));
  // Eρ² = σ²p / (σ²p + σ²pb,e / n_b), Φ = σ²p / (σ²p + (σ²b + σ²pb,e) / n_b) (Brennan 2001, ch. 4;
  // packages/stats/src/gtheory/coefficients.ts computes the same for the report's D-study rows).
  const at = model?.g ? { erho2: model.g.sigma2p / (model.g.sigma2p + model.g.sigma2res / nb), phi: model.g.sigma2p / (model.g.sigma2p + (model.g.sigma2b + model.g.sigma2res) / nb) } : null;
  return (
    <section data-testid="view-variance">
      <StageHeader audit={audit} stage="ecosystem_variance" />
      {model?.g && at && (
        <div className="card dstudy" data-testid="dstudy">
          <label>
            D-study: benchmarks in the mean{' '}
            <input type="range" min={1} max={50} value={nb} aria-valuetext={`${nb} benchmarks`} data-testid="dstudy-nb" onChange={(e) => setParams({ ...params, nb: e.target.value })} /> <b>{nb}</b>
          </label>{' '}
          → generalizability Eρ² <b data-testid="dstudy-erho2">{f3(at.erho2)}</b>, dependability Φ <b data-testid="dstudy-phi">{f3(at.phi)}</b>{' '}
          <span className="muted">(model “{model.name}”, {nb0} benchmarks observed: Eρ² {f3(model.g.erho2)}, Φ {f3(model.g.phi)}). Eρ² is how dependably the mean ranks models; Φ how dependably it places a model on the scale. Both assume the benchmarks are a random sample of comparable ones.</span>
        </div>
      )}
      <StageBody out={out} stage="ecosystem_variance" />
    </section>
  );
}

export function ScalingView({ audit, out }: { audit: AuditJson; out: AuditOut }) {
  return (
    <section data-testid="view-scaling">
      <StageHeader audit={audit} stage="denoised_scaling" />
      <StageBody out={out} stage="denoised_scaling" />
    </section>
  );
}

export function RanksView({ audit, out, params, setParams }: { audit: AuditJson; out: AuditOut; params: Params; setParams: SetParams }) {
  const rk = (audit.rank_stability?.ranks ?? null) as { models: RankRow[] } | null;
  const all: AuditTable | null = useMemo(
    () =>
      rk
        ? {
            caption: `Every model (${rk.models.length}): raw rank vs latent rank with the 95 % rank interval`,
            header: ['model', 'raw average', 'raw rank', 'latent rank', 'expected rank', '95 % rank interval', 'g (EAP)', 'posterior SD', 'shift'],
            rows: rk.models.map((m) => [m.model_id, f3(m.raw_average), m.raw_rank === null ? '—' : String(m.raw_rank), m.latent_rank === null ? '—' : String(m.latent_rank), m.expected_rank === null ? '—' : m.expected_rank.toFixed(1), m.rank_lo === null ? '—' : `[${m.rank_lo}, ${m.rank_hi}]`, f3(m.g_mean), f3(m.g_sd), m.shift === null ? '—' : String(m.shift)]),
            more: 0,
          }
        : null,
    [rk],
  );
  const ties = audit.rank_stability?.indistinguishable_from_leader ?? [];
  return (
    <section data-testid="view-ranks">
      <StageHeader audit={audit} stage="rank_stability" />
      {ties.length > 0 && (
        <p className="card" data-testid="ties">
          <b>{ties.length}</b> models, the leader included, cannot be told apart from the leader (their 95 % rank intervals overlap its own): {ties.slice(0, 30).join(', ')}
          {ties.length > 30 ? ` … and ${ties.length - 30} more` : ''}
        </p>
      )}
      {all && <AuditTableView table={all} name="ranks_all" state={tableStateOf(params)} onState={(s) => setParams(toParams(params, s))} searchable />}
      <StageBody out={out} stage="rank_stability" />
    </section>
  );
}

export function CompareView({ out, params, setParams, compare }: { out: AuditOut; params: Params; setParams: SetParams; compare: (a: string, b: string) => Promise<{ report: CompareReport; text: string }> }) {
  const [res, setRes] = useState<{ report: CompareReport | null; text: string; error: string | null; busy: boolean }>({ report: null, text: '', error: null, busy: false });
  const a = params['a'] ?? out.modelIds[0] ?? '';
  const b = params['b'] ?? out.modelIds[1] ?? '';
  const go = async (): Promise<void> => {
    setRes({ report: null, text: '', error: null, busy: true });
    try {
      const r = await compare(a, b);
      setRes({ report: r.report, text: r.text, error: null, busy: false });
    } catch (e) {
      setRes({ report: null, text: '', error: (e as Error).message, busy: false });
    }
  };
  const rows = (res.report ? [...res.report.benchmarks, ...(res.report.overall ? [res.report.overall] : [])] : []) as unknown as Record<string, unknown>[];
  const cols = rows.length ? Object.keys(rows[0]!).filter((k) => ['string', 'number', 'boolean'].includes(typeof rows[0]![k]) || rows[0]![k] === null) : [];
  return (
    <section data-testid="view-compare">
      <p className="question">Is model A really better than model B on these items? Paired by item, with intervals and a multiplicity adjustment across benchmarks.</p>
      <div className="loader-actions">
        <label>
          model A{' '}
          <input list="compare-models" data-testid="compare-a" value={a} onChange={(e) => setParams({ ...params, a: e.target.value })} />
        </label>
        <label>
          model B{' '}
          <input list="compare-models" data-testid="compare-b" value={b} onChange={(e) => setParams({ ...params, b: e.target.value })} />
        </label>
        <datalist id="compare-models">
          {out.modelIds.slice(0, 5000).map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <button type="button" className="primary" data-testid="compare-run" disabled={res.busy} onClick={() => void go()}>
          Compare
        </button>
      </div>
      {res.error && (
        <p className="error" role="alert">
          {res.error}
        </p>
      )}
      {res.report && (
        <>
          <pre className="input-summary small" data-testid="compare-text">{res.text}</pre>
          <AuditTableView table={{ caption: `${a} vs ${b}`, header: cols, rows: rows.map((r) => cols.map((c) => (typeof r[c] === 'number' ? f3(r[c] as number) : String(r[c] ?? '—')))), more: 0 }} name="compare" />
        </>
      )}
    </section>
  );
}
