// Per-benchmark table: mean across models with its 95 % interval, spread, range and the minimum meaningful
// difference (MMD) between two models; a strip shows min–max, the 10–90 % band and the median.
import type { DescribeReport } from '@cartograph/stats';
import { fmt } from '../colors.js';

interface Props {
  report: DescribeReport;
  order: number[];
  onPick: (benchmark: string) => void;
}

function Strip({ min, q10, median, q90, max, lo, hi }: Record<'min' | 'q10' | 'median' | 'q90' | 'max' | 'lo' | 'hi', number>) {
  const W = 140;
  const x = (v: number): number => 2 + Math.min(1, Math.max(0, v)) * (W - 4);
  return (
    <svg width={W} height={16} className="strip" aria-hidden="true">
      <line x1={x(0)} x2={x(1)} y1={8} y2={8} stroke="#ccc" />
      <line x1={x(min)} x2={x(max)} y1={8} y2={8} stroke="#8a8f98" strokeWidth={1.5} />
      <rect x={x(q10)} y={3} width={Math.max(1, x(q90) - x(q10))} height={10} fill="#9db4e8" />
      <rect x={x(lo)} y={1} width={Math.max(1.5, x(hi) - x(lo))} height={14} fill="none" stroke="#e4572e" strokeWidth={1.2} />
      <line x1={x(median)} x2={x(median)} y1={2} y2={14} stroke="#1b2a4a" strokeWidth={2} />
    </svg>
  );
}

export function BenchmarkTable({ report, order, onPick }: Props) {
  return (
    <table className="bench-table" data-testid="benchmark-table">
      <thead>
        <tr>
          <th>benchmark</th>
          <th title="items behind each score">items</th>
          <th>models</th>
          <th title={`mean score across models, with its ${Math.round((1 - report.alpha) * 100)} % interval (mean ± z·SD/√n)`}>mean [95 % CI]</th>
          <th title="SD of the model scores: where model choice matters">spread (SD)</th>
          <th>min – max</th>
          <th title="10 %–90 % quantiles">q10 – q90</th>
          <th title="grey: min–max; blue: q10–q90; dark tick: median; red box: interval of the mean">distribution</th>
          <th title="smallest gap two independent models at the mean accuracy need (two-sided 5 % test)">MMD indep.</th>
          <th title="smallest gap for two models on the same items, from score-neighbours' discordance">MMD paired</th>
          <th>saturated</th>
        </tr>
      </thead>
      <tbody>
        {order.map((b) => {
          const s = report.benchmarks[b]!;
          const half = s.n_models > 1 ? (report.z * s.sd) / Math.sqrt(s.n_models) : NaN;
          return (
            <tr key={s.benchmark} className="bench-row" data-benchmark={s.benchmark} onClick={() => onPick(s.benchmark)}>
              <td className="bench-name">{s.benchmark}</td>
              <td className="num" data-col="items" title={s.n_items_counted !== null ? `${s.n_items_counted} items; intervals as for ${Math.round(s.n_items!)} (an effective count: ${s.item_count_note ?? ''})` : (s.item_count_note ?? undefined)}>
                {s.n_items === null ? '—' : `${Math.round(s.n_items)}${s.n_items_counted !== null ? '~' : ''}`}
              </td>
              <td className="num">{s.n_models}</td>
              <td className="num" data-col="mean">
                {fmt(s.mean)} <span className="ci">[{fmt(s.mean - half)}, {fmt(s.mean + half)}]</span>
              </td>
              <td className="num" data-col="sd">{fmt(s.sd)}</td>
              <td className="num">
                {fmt(s.min, 2)} – {fmt(s.max, 2)}
              </td>
              <td className="num">
                {fmt(s.q10, 2)} – {fmt(s.q90, 2)}
              </td>
              <td>
                {[s.min, s.q10, s.median, s.q90, s.max, half].every(Number.isFinite) && (
                  <Strip min={s.min} q10={s.q10} median={s.median} q90={s.q90} max={s.max} lo={s.mean - half} hi={s.mean + half} />
                )}
              </td>
              <td className="num" data-col="mmd-independent">{fmt(s.mmd.independent)}</td>
              <td className="num" data-col="mmd-paired">{fmt(s.mmd.paired)}</td>
              <td>{s.saturated ? 'yes' : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
