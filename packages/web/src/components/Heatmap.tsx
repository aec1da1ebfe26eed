// Models × benchmarks heatmap (SVG). Click a benchmark header to sort the models by it (again: reverse);
// click a row to select the model. Each cell's tooltip gives the score and its Wilson interval.
import type { DescribeReport } from '@cartograph/stats';
import { fmt, scoreColor } from '../colors.js';

export type ModelSort = { key: 'level' | 'id' | 'params' | 'bench'; benchmark?: string; descending: boolean };

export function modelOrder(report: DescribeReport, sort: ModelSort): number[] {
  const o = report.orders.models;
  let order: number[];
  if (sort.key === 'bench' && sort.benchmark && o.byBenchmark[sort.benchmark]) order = o.byBenchmark[sort.benchmark]!;
  else if (sort.key === 'params' && o.params) order = o.params;
  else if (sort.key === 'id') order = o.id;
  else order = o.level;
  // orders are descending (id: ascending); "descending: false" reverses them
  const natural = sort.key === 'id' ? !sort.descending : sort.descending;
  return natural ? order : [...order].reverse();
}

interface Props {
  report: DescribeReport;
  benchmarkOrder: number[];
  sort: ModelSort;
  onSort: (s: ModelSort) => void;
  selected: number | null;
  onSelect: (m: number) => void;
}

const CELL_W = 96;
const HEADER_H = 46;

export function Heatmap({ report, benchmarkOrder, sort, onSort, selected, onSelect }: Props) {
  const B = report.benchmarks.length;
  const order = modelOrder(report, sort);
  const M = order.length;
  const rowH = Math.max(1, Math.min(16, Math.floor(900 / Math.max(1, M))));
  const showLabels = rowH >= 9;
  const LABEL_W = showLabels ? 230 : 28;
  const width = LABEL_W + B * CELL_W;
  const height = HEADER_H + M * rowH;
  const c = report.cells;

  const clickHeader = (name: string): void => {
    const same = sort.key === 'bench' && sort.benchmark === name;
    onSort({ key: 'bench', benchmark: name, descending: same ? !sort.descending : true });
  };

  return (
    <svg className="heatmap" data-testid="heatmap" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="models by benchmarks heatmap">
      {benchmarkOrder.map((b, col) => {
        const name = report.benchmarks[b]!.benchmark;
        const active = sort.key === 'bench' && sort.benchmark === name;
        return (
          <g key={name} className="heat-header" data-benchmark={name} onClick={() => clickHeader(name)} style={{ cursor: 'pointer' }}>
            <rect x={LABEL_W + col * CELL_W} y={0} width={CELL_W - 2} height={HEADER_H - 6} rx={4} fill={active ? '#e8eefc' : '#f4f5f7'} />
            <text x={LABEL_W + col * CELL_W + (CELL_W - 2) / 2} y={HEADER_H / 2} textAnchor="middle" className="heat-header-text">
              {name.length > 13 ? `${name.slice(0, 12)}…` : name}
              {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
            </text>
            <title>{`Sort models by ${name}`}</title>
          </g>
        );
      })}
      {!showLabels && (
        <text x={14} y={HEADER_H + (M * rowH) / 2} transform={`rotate(-90 14 ${HEADER_H + (M * rowH) / 2})`} textAnchor="middle" className="heat-label">
          {`${M} models (hover a cell for its name)`}
        </text>
      )}
      {order.map((m, row) => {
        const y = HEADER_H + row * rowH;
        const model = report.models[m]!;
        return (
          <g key={m} className={`heat-row${selected === m ? ' selected' : ''}`} onClick={() => onSelect(m)}>
            {showLabels && (
              <text x={LABEL_W - 8} y={y + rowH - 2} textAnchor="end" className="heat-label">
                {model.name.length > 34 ? `${model.name.slice(0, 33)}…` : model.name}
              </text>
            )}
            {benchmarkOrder.map((b, col) => {
              const k = m * B + b;
              const s = c.score[k] ?? null;
              const bench = report.benchmarks[b]!.benchmark;
              const tip =
                s === null
                  ? `${model.name} · ${bench}: missing`
                  : `${model.name} · ${bench}: ${fmt(s)}` + (c.lo[k] != null ? ` [${fmt(c.lo[k])}, ${fmt(c.hi[k])}] (n = ${c.n[k]})` : '');
              return (
                <rect
                  key={b}
                  className="heat-cell"
                  data-model={model.id}
                  data-benchmark={bench}
                  data-score={s === null ? '' : s.toFixed(4)}
                  x={LABEL_W + col * CELL_W}
                  y={y}
                  width={CELL_W - 2}
                  height={Math.max(1, rowH - (rowH >= 4 ? 1 : 0))}
                  fill={scoreColor(s)}
                >
                  <title>{tip}</title>
                </rect>
              );
            })}
            {selected === m && <rect x={LABEL_W - 2} y={y - 0.5} width={B * CELL_W + 2} height={rowH + 1} fill="none" stroke="#e4572e" strokeWidth={2} pointerEvents="none" />}
          </g>
        );
      })}
    </svg>
  );
}

export function ColorLegend() {
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  return (
    <div className="legend" aria-label="colour scale">
      <span>0</span>
      <svg width={160} height={12}>
        {stops.slice(0, -1).map((v, i) => (
          <rect key={i} x={i * 16} y={0} width={16} height={12} fill={scoreColor(v + 0.05)} />
        ))}
      </svg>
      <span>1</span>
      <svg width={12} height={12} style={{ marginLeft: 12 }}>
        <rect width={12} height={12} fill={scoreColor(null)} />
      </svg>
      <span>missing</span>
    </div>
  );
}
