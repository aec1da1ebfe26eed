// The layer views: Structure, Variance, Scaling, Ranks and Compare. Each shows its stage's answer, charts
// and tables (StageView) plus what a user does there: pick an item pair of the modification-index map,
// move the D-study slider, search and sort every model's rank, put two models side by side.
import { useEffect, useMemo, useState } from 'react';
import type { AuditTable, CompareReport } from '@cartograph/stats';
import type { AuditOut, TetrachoricOut } from '../protocol.js';
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

/** Web Workers for the tetrachoric step: the fragment's `threads`, else the browser's logical cores. */
export function threadsOf(params: Params): number {
  const n = Number(params['threads']);
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : cores;
}

type TetraFn = (items: string[], missing: 'listwise' | 'pairwise', workers: number, pairs: [string, string][]) => Promise<TetrachoricOut>;

/** The selected pair: MI, SEPC, benchmarks, and its 2×2 table of responses with the tetrachoric ρ. */
function PairDetail({ pair, tetra }: { pair: MiRow; tetra: { state: 'idle' | 'running' } | { state: 'done'; out: TetrachoricOut } | { state: 'error'; message: string } }) {
  const t = tetra.state === 'done' ? tetra.out.pairs.find((p) => p.item1 === pair.item1 && p.item2 === pair.item2) ?? null : null;
  return (
    <div className="card pair" data-testid="pair-detail" role="region" aria-label="selected item pair">
      <p>
        <b>{pair.item1}</b> × <b>{pair.item2}</b>: modification index <b data-testid="pair-mi">{pair.mi.toFixed(2)}</b> (the χ²₁ improvement if their residual correlation were freed), standardized expected parameter change <b data-testid="pair-sepc">{f3(pair.sepc_all)}</b>;{' '}
        <span data-testid="pair-cross">{pair.cross_benchmark ? 'the two items belong to different benchmarks: a dependence the benchmark grouping does not explain.' : 'both items are in the same benchmark: a dependence beyond the benchmark factor.'}</span>
      </p>
      {tetra.state === 'running' && <p className="muted">counting the pair&apos;s responses …</p>}
      {tetra.state === 'error' && <p className="error">The 2×2 table could not be computed: {tetra.message}</p>}
      {t && (
        <>
          <table className="pair-table" data-testid="pair-table">
            <caption>
              Responses of the {t.counts.reduce((x, y) => x + y, 0)} models that answered both items
            </caption>
            <thead>
              <tr>
                <td />
                <th scope="col">{pair.item2} wrong</th>
                <th scope="col">{pair.item2} right</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{pair.item1} wrong</th>
                <td data-cell="00">{t.counts[0]}</td>
                <td data-cell="01">{t.counts[1]}</td>
              </tr>
              <tr>
                <th scope="row">{pair.item1} right</th>
                <td data-cell="10">{t.counts[2]}</td>
                <td data-cell="11">{t.counts[3]}</td>
              </tr>
            </tbody>
          </table>
          <p className="muted">
            Tetrachoric ρ <b data-testid="pair-rho">{f3(t.rho)}</b> (the correlation of the two latent abilities behind the right/wrong answers; thresholds {f3(t.tau1)}, {f3(t.tau2)}). An empty cell makes ρ unstable. The MI says how much the fit would improve; the SEPC how large the freed residual correlation would be — a large MI with a small SEPC is a trivial dependence that a large sample makes significant.
          </p>
        </>
      )}
    </div>
  );
}

export function StructureView({ audit, out, params, setParams, tetrachoric }: { audit: AuditJson; out: AuditOut; params: Params; setParams: SetParams; tetrachoric?: TetraFn }) {
  const mi = ((audit.latent_structure?.mi_map ?? []) as unknown as MiRow[]).slice();
  const sel = params['pair'] ?? '';
  const pair = mi.find((m) => `${m.item1}|${m.item2}` === sel) ?? null;
  const miTable: AuditTable = { caption: `Modification indices (${mi.length} largest; select a pair)`, header: ['pair', 'item 1', 'item 2', 'MI', 'SEPC', 'crosses benchmarks'], rows: mi.map((m) => [`${m.item1}|${m.item2}`, m.item1, m.item2, m.mi.toFixed(2), f3(m.sepc_all), m.cross_benchmark ? 'yes' : 'no']), more: 0 };
  const threads = threadsOf(params);
  const items = useMemo(() => (audit.latent_structure?.kind === 'items' ? audit.latent_structure.items.map((it) => it.item) : []), [audit]);
  const missing = (audit.options?.['missing'] as 'listwise' | 'pairwise' | undefined) ?? 'listwise';
  const [tetra, setTetra] = useState<{ state: 'idle' | 'running' } | { state: 'done'; out: TetrachoricOut } | { state: 'error'; message: string }>({ state: 'idle' });
  // the tables of every pair of the map at once, when the view first needs one (one tetrachoric run)
  useEffect(() => {
    if (!pair || !tetrachoric || items.length < 2 || (tetra.state === 'done' && tetra.out.workers === threads) || tetra.state === 'running') return;
    setTetra({ state: 'running' });
    tetrachoric(items, missing, threads, mi.map((m) => [m.item1, m.item2] as [string, string])).then(
      (o) => setTetra({ state: 'done', out: o }),
      (e: unknown) => setTetra({ state: 'error', message: (e as Error).message }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pair, threads, items]);
  const selectPair = (d: Record<string, unknown>): void => {
    if (typeof d['item1'] === 'string' && typeof d['item2'] === 'string') setParams({ ...params, pair: `${d['item1']}|${d['item2']}` });
  };
  return (
    <section data-testid="view-structure">
      <StageHeader audit={audit} stage="latent_structure" />
      <StageBody out={out} stage="latent_structure" onActivate={{ mi: selectPair }} />
      {mi.length > 0 && (
        <>
          <h2>Local dependence: item pairs</h2>
          <p className="muted">Select a pair in the table, or a point of the local-dependence map (click, or the arrow keys and Enter), for its 2×2 table of responses.</p>
          <AuditTableView table={miTable} name="mi_pairs" state={{ sort: params['sort'] ?? '', desc: params['desc'] === '1', q: params['q'] ?? '', sel }} onState={(s) => setParams({ ...params, sort: s.sort, desc: s.desc ? '1' : '', q: s.q, pair: s.sel })} searchable />
          {pair && <PairDetail pair={pair} tetra={tetra} />}
          {tetra.state === 'done' && (
            <p className="muted small" data-testid="tetra-run" data-digest={tetra.out.digest} data-workers={tetra.out.workers}>
              The 2×2 tables come from the tetrachoric step recomputed in this page on the stage&apos;s {tetra.out.nItems} items ({tetra.out.nPairs} pairs, {tetra.out.nModels} models), its correlations split across {tetra.out.workers} Web Worker{tetra.out.workers === 1 ? '' : 's'} (results identical for any number; digest {tetra.out.digest.slice(0, 12)}) in {Math.round(tetra.out.millis)} ms.{' '}
              <label>
                Web Workers:{' '}
                <input className="small-input" type="number" min={1} max={64} value={threads} data-testid="threads" onChange={(e) => setParams({ ...params, threads: e.target.value })} />
              </label>
            </p>
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
