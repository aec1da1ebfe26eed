// One model's scores with their Wilson intervals, as a small forest plot.
import type { DescribeReport } from '@cartograph/stats';
import { fmt, scoreColor } from '../colors.js';

export function ModelDetail({ report, model, order }: { report: DescribeReport; model: number; order: number[] }) {
  const B = report.benchmarks.length;
  const m = report.models[model]!;
  const p = report.profiles[model];
  const W = 150;
  const x = (v: number): number => 4 + v * (W - 8);
  return (
    <div className="model-detail" data-testid="model-detail">
      <h3>{m.name}</h3>
      <p className="muted">
        {m.id}
        {p?.kind ? ` · ${p.kind}` : ''}
        {p?.level != null ? ` · level ${fmt(p.level, 2)} SD` : ''}
        {p?.best ? ` · best at ${p.best}` : ''}
      </p>
      <table className="detail-table">
        <thead>
          <tr>
            <th>benchmark</th>
            <th>score</th>
            <th>{Math.round((1 - report.alpha) * 100)} % Wilson</th>
            <th>
              <svg width={W} height={12}>
                <text x={x(0)} y={10} fontSize={9}>0</text>
                <text x={x(0.5)} y={10} fontSize={9} textAnchor="middle">0.5</text>
                <text x={x(1)} y={10} fontSize={9} textAnchor="end">1</text>
              </svg>
            </th>
          </tr>
        </thead>
        <tbody>
          {order.map((b) => {
            const k = model * B + b;
            const s = report.cells.score[k] ?? null;
            const lo = report.cells.lo[k] ?? null;
            const hi = report.cells.hi[k] ?? null;
            return (
              <tr key={b}>
                <td>{report.benchmarks[b]!.benchmark}</td>
                <td className="num">{fmt(s)}</td>
                <td className="num">{lo === null ? '—' : `[${fmt(lo)}, ${fmt(hi)}]`}</td>
                <td>
                  <svg width={W} height={14}>
                    <line x1={x(0)} x2={x(1)} y1={7} y2={7} stroke="#eee" />
                    {lo !== null && hi !== null && <line x1={x(lo)} x2={x(hi)} y1={7} y2={7} stroke="#555" strokeWidth={2} />}
                    {s !== null && <circle cx={x(s)} cy={7} r={4} fill={scoreColor(s)} stroke="#222" strokeWidth={0.8} />}
                  </svg>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
