// G-theory study on the committed sim600 leaderboard: the four models' components equal lme4's
// (golden.json by test/fixtures/lmm/run.R), G and Φ follow Brennan's formulas from them, recodes
// parse and apply, and the Gibbs check of `facets` covers every REML share with R-hat < 1.01.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleLeaderboard, readModels, readScores } from '../packages/stats/src/io/index.js';
import {
  applyRecode,
  architectureFamily,
  gibbsCheck,
  GTHEORY_FORMULAS,
  gtheoryTable,
  parseRecode,
  runGtheory,
  tableData,
  withMapping,
  type GModelName,
} from '../packages/stats/src/gtheory/index.js';
import { fitLmm } from '../packages/stats/src/lmm/index.js';

const root = new URL('..', import.meta.url).pathname;
const golden = JSON.parse(readFileSync(`${root}test/fixtures/lmm/golden.json`, 'utf8'));
const dir = `${root}test/fixtures/data/sim600`;
const rd = (f: string) => ({ name: f, data: readFileSync(`${dir}/${f}`, 'utf8') });
const table = gtheoryTable(assembleLeaderboard({ scores: readScores(rd('benchmark_scores.csv')), models: readModels(rd('models.csv')) }));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('gtheory study (sim600)', () => {
  const rep = runGtheory(table, { recodes: [parseRecode('contributor=top:10'), parseRecode('deployment=single')] });
  it('fits the four models to all 3600 scores', () => {
    expect(rep.data.n_rows).toBe(3600);
    expect(rep.models.map((m) => m.name)).toEqual(['pxb', 'facets', 'covariate', 'covariate_slopes']);
  });
  it('components equal lme4 within 1e-3 relative; shares sum to 100 % (absolute 1e-9)', () => {
    for (const m of rep.models) {
      const r = golden[m.name as GModelName];
      for (const v of r.varcorr as { grp: string; var1: string | null; vcov: number }[]) {
        const grp = v.grp.replace(/\.\d+$/, '');
        const name = grp === 'Residual' ? 'Residual' : v.var1 === '(Intercept)' ? grp : `${grp}:${v.var1}`;
        const c = m.components.find((x) => x.name === name);
        expect(c, `${m.name} ${name}`).toBeDefined();
        expect(rel(c!.variance, v.vcov), `${m.name} ${name}`).toBeLessThan(1e-3);
      }
      const sum = m.components.reduce((s, c) => s + (c.percent ?? 0), 0);
      expect(Math.abs(sum - 100)).toBeLessThan(1e-9);
      expect(m.reml_criterion).toBeLessThanOrEqual(r.criterion + 1e-6);
    }
  });
  it('G and Φ from the components (Brennan 2001, eq. 4.22–4.24), exact to 1e-12', () => {
    const f = rep.models.find((m) => m.name === 'facets')!;
    const v = Object.fromEntries(f.components.map((c) => [c.name, c.variance]));
    const s2p = v.model_id! + v.contributor! + v.architecture! + v.deployment!;
    expect(Math.abs(f.g!.erho2 - s2p / (s2p + v.Residual! / 6))).toBeLessThan(1e-12);
    expect(Math.abs(f.g!.phi - s2p / (s2p + (v.benchmark! + v.Residual!) / 6))).toBeLessThan(1e-12);
    const d6 = f.d_study!.find((r) => r.nb === 6)!;
    expect(Math.abs(d6.erho2 - f.g!.erho2)).toBeLessThan(1e-15);
    // more benchmarks, more dependable
    for (let i = 1; i < f.d_study!.length; i++) expect(f.d_study![i]!.phi).toBeGreaterThan(f.d_study![i - 1]!.phi);
    expect(rep.models.find((m) => m.name === 'covariate_slopes')!.g).toBeNull();
    expect(rep.models.find((m) => m.name === 'covariate')!.g!.note).toMatch(/conditional on size/);
  });
  it('granularity checks refit facets with the recoded facet', () => {
    expect(rep.granularity).toHaveLength(2);
    expect(rep.granularity[0]!.levels_after).toBe(11);
    expect(rep.granularity[1]!.levels_after).toBe(1);
    // a single-level deployment has no variance of its own
    const dep = rep.granularity[1]!.components.find((c) => c.name === 'deployment')!;
    expect(dep.variance).toBeLessThan(1e-6);
  });
});

describe('the AI Cartography paper block only next to Open LLM Leaderboard v2 data (issue 10 defect 8)', () => {
  it('simulated data: no paper comparison, and the report says why', () => {
    const r = runGtheory(table, { models: ['facets', 'covariate'] });
    expect(r.data.source.version).toBeNull();
    expect(r.paper_comparison).toBeNull();
    expect(r.skipped.find((s) => s.part === 'paper_comparison')!.reason).toMatch(/Open LLM Leaderboard v2 table; these scores are not that table/);
  });
  it('data with the six v2 benchmark names: the comparison, with the model count and the sentence on what differs', () => {
    const v2 = ['IFEval', 'BBH', 'MATH Lvl 5', 'GPQA', 'MUSR', 'MMLU-PRO'];
    const names = [...new Set(table.benchmark)];
    const t2 = { ...table, benchmark: table.benchmark.map((b) => v2[names.indexOf(b)]!), benchmarks: v2, source: { version: 'v2' as const, scaling: 'raw' as const, snapshot: '2025-02-08' } };
    const r = runGtheory(t2, { models: ['facets', 'covariate'] });
    const pc = r.paper_comparison!;
    expect(pc.ours).toHaveLength(1);
    expect(pc.ours[0]).toMatchObject({ scaling: 'raw', n_models: 600, snapshot: '2025-02-08' });
    expect(pc.ours[0]!.facets.benchmark).toBeCloseTo(r.models[0]!.components.find((c) => c.name === 'benchmark')!.percent!, 12);
    expect(pc.paper.facets.benchmark).toBe(43.0);
    expect(pc.differences).toMatch(/snapshot.*600 models with submissions up to 2025-02-08.*only the raw scores.*facet coding/s);
  });
});

describe('a facet with a single level', () => {
  it('is left out of every model, with a note', () => {
    const t1 = { ...table, deployment: table.deployment.map(() => 'chat') };
    const r = runGtheory(t1, { models: ['facets'] });
    expect(r.models[0]!.formula).not.toMatch(/deployment/);
    expect(r.models[0]!.components.map((c) => c.name)).not.toContain('deployment');
    expect(r.notes.join(' ')).toMatch(/deployment has a single level/);
  });
});

describe('recode rules', () => {
  it('parses and rejects', () => {
    expect(parseRecode('contributor=top:20')).toMatchObject({ facet: 'contributor', rule: 'top', k: 20 });
    expect(() => parseRecode('size=top:3')).toThrow(/unknown facet/);
    expect(() => parseRecode('contributor=top')).toThrow(/positive number/);
    expect(() => parseRecode('architecture=bucket')).toThrow(/unknown rule/);
  });
  it('maps architectures to families', () => {
    expect(architectureFamily('Qwen2ForCausalLM')).toBe('qwen');
    expect(architectureFamily('LlamaForCausalLM')).toBe('llama');
    expect(architectureFamily('Qwen2MoeForCausalLM')).toBe('qwen');
    expect(architectureFamily('GPT2LMHeadModel')).toBe('gpt');
  });
  it('map:FILE applies a user-given coding, unlisted levels keep their name', () => {
    const archs = [...new Set(table.architecture)].sort();
    const spec = withMapping(parseRecode('architecture=map:arch.csv'), [[archs[0]!, 'merged'], [archs[1]!, 'merged']], 'arch.csv');
    const r = applyRecode(table, spec);
    expect(r.levelsAfter).toBe(r.levelsBefore - 1);
    expect(r.table.architecture).toContain('merged');
    expect(r.table.architecture).toContain(archs[2]!);
    expect(() => withMapping(parseRecode('architecture=map:x.csv'), [['a']], 'x.csv')).toThrow(/x\.csv:2.*two columns/);
  });
  it('top:K keeps the K contributors with most models', () => {
    const r = applyRecode(table, parseRecode('contributor=top:5'));
    expect(r.levelsAfter).toBe(6);
    expect(r.table.contributor).toContain('other');
  });
});

describe('Bayesian check of facets (Gibbs, seeded)', () => {
  it('every REML share inside its 95 % credible interval, R-hat < 1.01, reproducible', () => {
    const data = tableData(table);
    const reml = fitLmm(data, GTHEORY_FORMULAS.facets, { condVar: false, satterthwaite: false });
    const opts = { chains: 4, iterations: 2500, warmup: 500, seed: 11 };
    const b = gibbsCheck(data, GTHEORY_FORMULAS.facets, reml, opts);
    for (const c of b.components) {
      expect(c.reml_inside, `${c.name}: REML ${c.reml_share} vs [${c.share.lo}, ${c.share.hi}]`).toBe(true);
      expect(c.rhat, c.name).toBeLessThan(1.01);
      expect(c.ess, c.name).toBeGreaterThan(100);
    }
    const again = gibbsCheck(data, GTHEORY_FORMULAS.facets, reml, opts);
    expect(again.components.map((c) => c.share.median)).toEqual(b.components.map((c) => c.share.median));
  });
});
