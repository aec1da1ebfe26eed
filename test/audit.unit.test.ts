// The audit in the library (runAudit, renderAudit) on small simulated leaderboards: a stage that cannot
// run is listed with its reason and never aborts (metadata missing; two benchmarks; scores only), every
// string from the input is escaped in HTML, SVG and Markdown, audit.json validates against its schema,
// the same input and seed give the same bytes, and the layer seeds are forked by fixed labels.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { FULL_DEFAULTS, forkSeed, heatmapRows, LARGE_DEFAULTS, renderAudit, runAudit, runAuditTask, seedStreams, simulate, simulationLeaderboard, sizeDefaults, sizeSentence, type AuditExecutor, type AuditOptions, type AuditReport, type Leaderboard, type SizedOption } from '../packages/stats/src/index.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../packages/stats/schemas/audit.schema.json', import.meta.url)), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);
const valid = (r: AuditReport): string => (validate(JSON.parse(JSON.stringify(r))) ? '' : ajv.errorsText(validate.errors));

/** Light options: the stages' logic, not their precision, is under test here. */
const LIGHT: AuditOptions = { pv: 2, replicates: 0, draws: 50, seed: 3, structures: ['general', 'correlated', 'bifactor'] };

function sim(benchmarks: number, models = 120, items = 5): Leaderboard {
  return simulationLeaderboard(simulate({ models, benchmarks, itemsPerBenchmark: items, seed: 11 }));
}
const status = (r: AuditReport): Record<string, string> => Object.fromEntries(r.stages.map((s) => [s.id, s.status]));

describe('audit stages that cannot run are reported, not fatal', () => {
  it('metadata missing: ecosystem variance and scaling skipped with the input that enables them', async () => {
    const lb = sim(4);
    for (const m of lb.models) Object.assign(m, { paramsB: null, log10Params: null, architecture: null, contributor: null, deployment: null });
    const { report } = await runAudit(lb, LIGHT);
    expect(status(report)).toEqual({ data: 'done', first_look: 'done', latent_structure: 'done', ecosystem_variance: 'skipped', denoised_scaling: 'skipped', rank_stability: 'done', robustness: 'not_requested' });
    for (const id of ['ecosystem_variance', 'denoised_scaling']) {
      const st = report.stages.find((s) => s.id === id)!;
      expect(st.needs).toBe('model metadata');
      expect(st.reason).toMatch(/0 of 120 models/);
      expect(st.enable).toMatch(/metadata/);
    }
    expect(valid(report)).toBe('');
  }, 600_000);

  it('two benchmarks: the structures not identified with two are listed, the others fitted', async () => {
    const { report } = await runAudit(sim(2, 160, 6), { ...LIGHT, structures: undefined });
    expect(status(report).latent_structure).toBe('done');
    const fitted = (report.latent_structure!.cfa as { structures: { structure: string }[] }).structures.map((s) => s.structure);
    expect(fitted).not.toContain('second-order');
    expect(fitted).not.toContain('bifactor-correlated');
    expect(fitted).toContain('general');
    expect(report.stages.find((s) => s.id === 'latent_structure')!.answer).toMatch(/Not fitted with 2 benchmarks: second-order, bifactor-correlated/);
    expect(status(report).rank_stability).toBe('done');
    expect(valid(report)).toBe('');
  }, 600_000);

  it('scores only: the benchmark-score structure instead of the item-level one; scaling and ranks skipped (needs item responses)', async () => {
    const lb = sim(5);
    const scoresOnly: Leaderboard = { ...lb, responses: null, items: [] };
    const { report, layerFiles } = await runAudit(scoresOnly, LIGHT);
    expect(status(report)).toEqual({ data: 'done', first_look: 'done', latent_structure: 'done', ecosystem_variance: 'done', denoised_scaling: 'skipped', rank_stability: 'skipped', robustness: 'not_requested' });
    for (const id of ['denoised_scaling', 'rank_stability']) expect(report.stages.find((s) => s.id === id)!.needs).toBe('item responses');
    expect(report.latent_structure!.kind).toBe('scores');
    expect(report.stages.find((s) => s.id === 'latent_structure')!.answer).toMatch(/^One general factor of the 5 benchmark scores/);
    expect(report.ecosystem_variance!.scores_from).toBe('scores');
    expect(Object.keys(layerFiles).sort()).toEqual(['describe', 'gtheory', 'structure']);
    const docs = await renderAudit(report);
    expect(docs.html).toContain('id="stage-rank_stability" data-stage="rank_stability" data-status="skipped"');
    expect(docs.charts.map((c) => c.id)).toEqual(['heatmap', 'structure_loadings', 'structure_residuals', 'variance']);
    expect(valid(report)).toBe('');
  }, 600_000);
});

describe('audit report: escaping, schema, determinism', () => {
  const NASTY_BENCH = ['bench<script>alert(1)</script>', 'q"uote&amp', 'svg</svg><b>', 'two\nlines [link](http://example.invalid/x)'];
  const nasty = (): Leaderboard => {
    const lb = sim(4, 100, 5);
    const rename = new Map(lb.scores!.benchmarks.map((b, k) => [b, NASTY_BENCH[k]!] as const));
    for (const it of lb.items) {
      it.benchmark = rename.get(it.benchmark)!;
      it.id = `${it.benchmark}:${it.id}<i>`;
    }
    lb.scores!.benchmarks = lb.scores!.benchmarks.map((b) => rename.get(b)!);
    lb.models.forEach((m, k) => {
      m.id = k % 3 === 0 ? `<script>alert("${k}")</script>` + k : k % 3 === 1 ? `m${k} "&" </svg> [click](http://example.invalid/${k})` : `m${k}\nnext line`;
      m.name = m.id;
      m.contributor = `org<${k % 7}>&"`;
    });
    return lb;
  };
  let docs: Awaited<ReturnType<typeof renderAudit>>;
  let report: AuditReport;

  it('runs on names with <script>, quotes, &, </svg>, newlines and Markdown links', async () => {
    ({ report } = await runAudit(nasty(), LIGHT));
    expect(report.stages.filter((s) => s.status === 'done').map((s) => s.id)).toEqual(['data', 'first_look', 'latent_structure', 'ecosystem_variance', 'denoised_scaling', 'rank_stability']);
    docs = await renderAudit(report);
    expect(valid(report)).toBe('');
  }, 600_000);

  it('HTML: no markup from the input survives; one </svg> per chart; strict CSP', () => {
    const html = docs.html;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<b>|<i>/);
    // vega writes text content with <, > and & escaped (quotes need no escape there): no tag survives
    expect(html.match(/alert\(/g)?.length).toBe(html.match(/&lt;script&gt;alert\(/g)?.length);
    const opened = html.match(/<svg[\s>]/g)?.length ?? 0;
    expect(opened).toBe(docs.charts.length);
    expect(html.match(/<\/svg>/g)?.length ?? 0).toBe(docs.charts.length);
    expect(html).toContain('bench&lt;script&gt;alert(1)&lt;/script&gt;'); // a benchmark name, in the tables
    expect(html).toMatch(/&lt;script&gt;alert\((&quot;|")\d+(&quot;|")\)&lt;\/script&gt;\d+/); // a model id, in a table or a chart
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    for (const c of docs.charts) {
      expect(c.svg).not.toMatch(/<script|<b>|<i>/i);
      expect(c.svg.match(/<\/svg>/g)?.length).toBe(1);
    }
  });

  it('Markdown: links, HTML and line breaks from the input are neutralised', () => {
    const md = docs.markdown;
    expect(md).not.toMatch(/\]\(http/);
    expect(md).not.toMatch(/<script|<\/svg>|<b>/i);
    expect(md).toContain('\\[link\\]\\(http://example.invalid/x\\)');
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
  });

  it('same input and seed → the same audit.json bytes, whatever order the tasks finish in; another seed changes the random layers only', async () => {
    // An executor whose tasks finish in the reverse of the order they were submitted in (as threads might):
    // the report is built in the fixed stage order from the results, so the bytes cannot change.
    const lb = nasty();
    const finished: string[] = [];
    let k = 0;
    const reversing: AuditExecutor = {
      workers: 3,
      run: (task, hooks) =>
        new Promise((resolve, reject) => {
          const delay = Math.max(0, 200 - 40 * k++);
          setTimeout(() => {
            try {
              resolve(runAuditTask(lb, task, hooks));
              finished.push(task.kind);
            } catch (e) {
              reject(e);
            }
          }, delay);
        }),
    };
    const again = await runAudit(lb, { ...LIGHT, executor: reversing });
    expect(finished.slice(0, 3)).toEqual(['gtheory', 'cfa', 'calibration']); // submitted calibration, cfa, gtheory
    expect(again.timings['workers']).toBe(3);
    expect((await renderAudit(again.report)).json).toBe(docs.json);
    expect(docs.json).not.toMatch(/seconds/);
    const other = await runAudit(nasty(), { ...LIGHT, seed: 4 });
    expect(other.report.seeds.streams['ranks_draws']).not.toBe(report.seeds.streams['ranks_draws']);
    expect(other.report.latent_structure).toEqual(report.latent_structure); // no random draws in layer 1
  }, 900_000);
});

describe('size-aware defaults', () => {
  it('a large input gets smaller defaults for the sized options it was not given, each one stated: size_defaults, a warning, the Data stage, the stage caveat', async () => {
    // the threshold lowered to this small leaderboard (3 × 5 items × 120 models = 1,800 responses) so the whole
    // path runs in seconds; the real threshold and values are size.ts's (measured on v1 and sim4000: bench/RESULTS.md)
    const lb = sim(3, 120, 5);
    const { report } = await runAudit(lb, { seed: 3, draws: 50, structures: ['general'], mi: false, largeFromCells: 1000, howToGetFull: '--full-defaults' });
    const sd = report.size_defaults;
    expect([sd.models, sd.items, sd.cells, sd.large, sd.full_defaults]).toEqual([120, 15, 1800, true, false]);
    expect(sd.reduced.map((r) => [r.option, r.full_default, r.used])).toEqual(Object.keys(LARGE_DEFAULTS).map((k) => [k, FULL_DEFAULTS[k as SizedOption], LARGE_DEFAULTS[k as SizedOption]]));
    expect(report.options['pv']).toBe(LARGE_DEFAULTS.pv);
    expect(report.options['replicates']).toBe(LARGE_DEFAULTS.replicates);
    expect(report.options['draws']).toBe(50); // not a sized option (1,000 draws of 4,000 models: 1.4 CPU-s)
    expect(sd.how_to_get_full).toBe('--full-defaults');
    const sentence = sizeSentence(sd)!;
    expect(sentence).toMatch(/^This input is large \(120 models × 15 items ≥ 1,000 responses\).*plausible-value sets 10 → 5.*; for the full ones give --full-defaults\.$/);
    expect(report.warnings[0]).toBe(sentence);
    expect(report.stages.find((s) => s.id === 'data')!.answer).toContain(sentence);
    expect(report.stages.find((s) => s.id === 'denoised_scaling')!.caveat).toMatch(/Reduced for this input's size: 5 plausible-value sets instead of 10/);
    expect((report.denoised_scaling!.scaling as { pv_draws: number }).pv_draws).toBe(LARGE_DEFAULTS.pv);
    expect(valid(report)).toBe('');
  }, 600_000);

  it('sizeDefaults: below the threshold, with fullDefaults, or with every option given, nothing is reduced', () => {
    const lb = sim(3, 120, 5);
    const small = sizeDefaults(lb, {});
    expect([small.report.large, small.report.reduced, small.report.how_to_get_full]).toEqual([false, [], null]);
    expect(small.values).toEqual(FULL_DEFAULTS);
    const full = sizeDefaults(lb, {}, { largeFromCells: 1000, fullDefaults: true });
    expect([full.report.large, full.report.full_defaults, full.report.reduced]).toEqual([true, true, []]);
    expect(full.values).toEqual(FULL_DEFAULTS);
    const given = sizeDefaults(lb, { pv: 3, replicates: 2 }, { largeFromCells: 1000 });
    expect([given.report.reduced, given.values]).toEqual([[], { pv: 3, replicates: 2 }]);
    const one = sizeDefaults(lb, { pv: 3 }, { largeFromCells: 1000 }); // the option given is kept, the other reduced
    expect([one.report.reduced.map((r) => r.option), one.values]).toEqual([['replicates'], { pv: 3, replicates: LARGE_DEFAULTS.replicates }]);
    expect(sizeSentence(given.report)).toBeNull();
    expect(sizeDefaults({ ...lb, responses: null, items: [] }, {}, { largeFromCells: 1 }).report.cells).toBe(0); // scores only: nothing scales with items
  });
});

describe('audit helpers', () => {
  it('layer seeds: fixed labels, stable values, distinct, valid --seed of every command', () => {
    // Values pinned: changing the derivation changes every layer's draws (seeds.ts).
    expect(seedStreams(1)).toEqual({ 'gtheory_gibbs': forkSeed(1, 'gtheory_gibbs'), 'ranks_draws': forkSeed(1, 'ranks_draws'), scaling: forkSeed(1, 'scaling'), robustness: forkSeed(1, 'robustness') });
    const pinned = [forkSeed(1, 'gtheory_gibbs'), forkSeed(1, 'ranks_draws'), forkSeed(1, 'scaling'), forkSeed(1, 'robustness')];
    expect(pinned).toEqual(PINNED_SEEDS);
    for (let root = 0; root < 200; root++) {
      const s = Object.values(seedStreams(root));
      expect(new Set(s).size).toBe(s.length);
      for (const x of s) expect(Number.isInteger(x) && x >= 1 && x <= 2147483647).toBe(true);
    }
  });

  it('heatmap rows at 4,000 models: top and bottom 20 single, the middle in ≤ 30 bands covering every model once', () => {
    const rows = heatmapRows(4000);
    expect(rows.length).toBe(70);
    expect(rows.slice(0, 20).every((r, k) => r.label === null && r.members.length === 1 && r.members[0] === k)).toBe(true);
    expect(rows.slice(-20).every((r, k) => r.label === null && r.members[0] === 3980 + k)).toBe(true);
    const all = rows.flatMap((r) => r.members);
    expect(all).toEqual(Array.from({ length: 4000 }, (_, k) => k));
    expect(heatmapRows(60).length).toBe(60); // few models: one row each
  });
});

const PINNED_SEEDS = [551606137, 1229819102, 6008102, 407960058];
