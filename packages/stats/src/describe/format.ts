// The terminal text of a describe report (plain, no colours): the per-benchmark table, what the MMDs mean,
// where model choice matters, saturated benchmarks, generalists and specialists, and the top models with
// their intervals. With partial coverage the rankings are of the complete models (and say so); a model
// listed without every benchmark is marked with *.
import type { DescribeReport } from './describe.js';

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(3));
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function formatDescribe(rep: DescribeReport, opts: { top?: number } = {}): string {
  const top = opts.top ?? 10;
  const out: string[] = [];
  const B = rep.benchmarks.length;
  const mark = (complete: boolean): string => (rep.ranked === 'all_models' && !complete ? '*' : '');
  const anyIncomplete = rep.models.some((m) => !m.complete);
  out.push(`cartograph describe — ${rep.n_models} models, ${B} benchmarks${rep.source === 'responses' ? `, ${rep.n_items} items (item responses)` : ' (benchmark scores)'}; ${Math.round((1 - rep.alpha) * 100)} % intervals`);
  out.push('');
  const w = Math.max(9, ...rep.benchmarks.map((b) => Math.min(28, b.benchmark.length)));
  const withComplete = rep.benchmarks.some((b) => b.mean_complete_models !== null);
  const head = [pad('benchmark', w), pad('items', 6, true), pad('models', 7, true), pad('mean', 7, true), ...(withComplete ? [pad('mean cm', 8, true)] : []), pad('SD', 7, true), pad('min', 7, true), pad('median', 7, true), pad('max', 7, true), pad('MMD ind', 8, true), pad('MMD pair', 9, true), '  saturated'];
  out.push(head.join(' '));
  out.push('-'.repeat(head.join(' ').length));
  for (const b of rep.benchmarks) {
    const items = b.n_items === null ? '—' : `${Math.round(b.n_items)}${b.n_items_counted !== null ? '~' : ''}`;
    out.push([
      pad(cut(b.benchmark, 28), w),
      pad(items, 6, true),
      pad(String(b.n_models), 7, true),
      pad(f3(b.mean), 7, true),
      ...(withComplete ? [pad(f3(b.mean_complete_models), 8, true)] : []),
      pad(f3(b.sd), 7, true),
      pad(f3(b.min), 7, true),
      pad(f3(b.median), 7, true),
      pad(f3(b.max), 7, true),
      pad(f3(b.mmd.independent), 8, true),
      pad(f3(b.mmd.paired), 9, true),
      `  ${b.saturated ? `yes (${Math.round(100 * b.share_at_ceiling)} % ≥ ${rep.saturation})` : 'no'}`,
    ].join(' '));
  }
  out.push('');
  out.push('MMD = smallest accuracy gap a two-sided test at this level calls real: "ind" for two models on separate');
  out.push('draws of the items, "pair" for two neighbouring models on the same items (McNemar, observed discordance).');
  if (withComplete) out.push('"mean cm" = the mean over the complete models only, comparable across benchmarks; "mean" is over every model scored on the benchmark.');
  const sources = new Set(rep.benchmarks.map((b) => b.item_count_source));
  if (sources.has('builtin')) {
    out.push(`Item counts built in for the Open LLM Leaderboard ${rep.origin?.version ?? ''} (lm-evaluation-harness task definitions; describe.json cites each).`.replace('  ', ' '));
    if (rep.benchmarks.some((b) => b.n_items_counted !== null)) {
      out.push(`~ = an effective count for a benchmark averaged over subtasks whose scores the table does not give: ${rep.benchmarks.filter((b) => b.n_items_counted !== null).map((b) => `${b.benchmark} ${b.n_items_counted} items → ${Math.round(b.n_items!)}`).join(', ')}; its intervals and MMDs are approximations.`);
    }
  }
  for (const sk of rep.skipped) out.push(`Not computed — ${sk.part}: ${sk.reason}.`);
  out.push('');
  const bySd = rep.choice_matters.map((name) => rep.benchmarks.find((b) => b.benchmark === name)!);
  out.push(`Model choice matters most on: ${bySd.slice(0, 5).map((b) => `${b.benchmark} (SD ${f3(b.sd)})`).join(', ') || '—'}`);
  out.push(`Saturated (median ≥ ${rep.saturation}): ${rep.saturated.join(', ') || 'none'}`);
  const nComplete = rep.models.filter((m) => m.complete).length;
  if (rep.ranked === 'complete_models') {
    out.push(`Rankings below are among the ${nComplete} complete models (scored on all ${B} benchmarks); the other ${rep.n_models - nComplete} have levels over fewer benchmarks, not comparable.`);
  } else if (anyIncomplete) {
    out.push('Rankings below include models without every benchmark (marked *): their level averages only the benchmarks they have.');
  }
  out.push(`Generalists (above average, even profile): ${rep.generalists.slice(0, top).map((g) => `${g.id}${mark(g.complete)} (level ${g.level.toFixed(2)})`).join(', ') || 'none'}`);
  out.push(`Specialists (best benchmark ≥ 1 SD above their typical one): ${rep.specialists.slice(0, top).map((x) => `${x.id}${mark(x.complete)} (${x.best}, +${x.specialisation.toFixed(2)} SD)`).join(', ') || 'none'}`);
  const ranked = rep.orders.models.level.filter((m) => rep.profiles[m]!.level !== null && (rep.ranked === 'all_models' || rep.models[m]!.complete));
  if (top > 0 && ranked.length > 0) {
    out.push('');
    out.push(`Top ${Math.min(top, ranked.length)}${rep.ranked === 'complete_models' ? ' complete' : ''} models by level (score ± half-width of the interval where the item count is known):`);
    const mw = Math.min(40, Math.max(5, ...ranked.slice(0, top).map((m) => rep.models[m]!.id.length + 1)));
    const cw = Math.max(12, ...rep.benchmarks.map((b) => Math.min(14, b.benchmark.length)));
    out.push([pad('model', mw), ...rep.benchmarks.map((b) => pad(b.benchmark.slice(0, cw), cw, true))].join(' '));
    for (const m of ranked.slice(0, top)) {
      const info = rep.models[m]!;
      const row = [pad(cut(info.id, mw - 1) + mark(info.complete), mw)];
      for (let b = 0; b < B; b++) {
        const k = m * B + b;
        const sc = rep.cells.score[k];
        const lo = rep.cells.lo[k];
        const hi = rep.cells.hi[k];
        const cell = sc === null ? '—' : lo !== null && hi !== null ? `${sc.toFixed(2)}±${((hi! - lo!) / 2).toFixed(2)}` : sc.toFixed(3);
        row.push(pad(cell, cw, true));
      }
      out.push(row.join(' '));
    }
  }
  return out.join('\n');
}
