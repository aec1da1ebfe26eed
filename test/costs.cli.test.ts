// Cost per task: unit checks of readCosts/runCosts (JSON and CSV, per-benchmark rows, Pareto, cheapest,
// bad input with line and column), coverage of the Jeffreys interval by simulation (recovery), and the
// `cartograph costs` command on the demo (outputs valid against costs.schema.json, chart rendered).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { compileVegaLite, costsParetoChart, InputError, jeffreys, ResponseMatrix, readCosts, runCosts, seeded, type Leaderboard } from '@cartograph/stats';
import { run } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cartograph-costs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const demo = ['--responses', 'data/demo/responses_wide.csv', '--items', 'data/demo/items.csv', '--models', 'data/demo/models.csv'];

/** Two benchmarks × 10 items; model a: 8/10 and 3/10, model b: 6/10 and 9/10, model c: 8/10, 9/10. */
function tiny(): Leaderboard {
  const rows = [[8, 3], [6, 9], [8, 9]];
  const r = new ResponseMatrix(3, 20);
  rows.forEach((ks, m) => ks.forEach((k, b) => { for (let j = 0; j < 10; j++) r.set(m, b * 10 + j, j < k ? 1 : 0); }));
  return {
    models: ['a', 'b', 'c'].map((id) => ({ id, name: id, paramsB: null, log10Params: null, architecture: null, contributor: null, deployment: null, extra: {} })),
    items: Array.from({ length: 20 }, (_, j) => ({ id: `i${j}`, benchmark: j < 10 ? 'x' : 'y', extra: {} })),
    responses: r, scores: null, warnings: [], sources: [],
  };
}

describe('runCosts', () => {
  const json = JSON.stringify([
    { model_id: 'a', input_price_per_1k: 1, output_price_per_1k: 2, input_tokens: 1000, output_tokens: 500 },
    { model_id: 'b', input_price_per_1k: 1, output_price_per_1k: 2, input_tokens: 1000, output_tokens: 500, attempts: 2, review_rate: 0.5, review_cost: 2, p95_latency_s: 3 },
    { model_id: 'c', input_price_per_1k: 5, output_price_per_1k: 5, input_tokens: 1000, output_tokens: 1000 },
    { model_id: 'c', benchmark: 'y', input_price_per_1k: 0.5, output_price_per_1k: 0.5, input_tokens: 1000, output_tokens: 1000 },
  ], null, 2);
  const rows = readCosts({ name: 'c.json', data: json });
  const rep = runCosts(tiny(), rows, { threshold: 0.7 });
  const cell = (m: string, b: string) => rep.cells.find((c) => c.model_id === m && c.benchmark === b)!;
  it('cost per task: attempts × tokens × prices + review; per-benchmark rows override', () => {
    expect(cell('a', 'x').cost_per_task).toBe(2); // 1×1 + 0.5×2
    expect(cell('b', 'x').cost_per_task).toBe(5); // 2×2 + 0.5×2
    expect(cell('c', 'x').cost_per_task).toBe(10);
    expect(cell('c', 'y').cost_per_task).toBe(1);
    expect(cell('b', 'x').p95_latency_s).toBe(3); // reported, not added
  });
  it('cost per success = cost / accuracy, interval from the Jeffreys interval of the accuracy', () => {
    const c = cell('a', 'x');
    const j = jeffreys(8, 10, 0.05);
    expect(c.cost_per_success).toBeCloseTo(2 / 0.8, 12); // tolerance: rounding
    expect(c.cost_per_success_lower).toBeCloseTo(2 / j.upper, 12);
    expect(c.cost_per_success_upper).toBeCloseTo(2 / j.lower, 12);
  });
  it('cheapest model meeting the threshold per benchmark, with P(acc > t); Pareto fronts', () => {
    expect(rep.cheapest.find((c) => c.benchmark === 'x')).toMatchObject({ model_id: 'a', eligible: 2 });
    expect(rep.cheapest.find((c) => c.benchmark === 'y')).toMatchObject({ model_id: 'c', eligible: 2 });
    expect(rep.cheapest[0]!.prob_above_threshold).toBeGreaterThan(0.5);
    expect(rep.cells.filter((c) => c.pareto).map((c) => `${c.model_id}/${c.benchmark}`).sort()).toEqual(['a/x', 'c/y']);
    expect(() => compileVegaLite(costsParetoChart(rep))).not.toThrow();
  });
  it('--min-prob: a model meets the threshold by its posterior probability', () => {
    // x: a 8/10 (P(acc > 0.7) ≈ 0.77), c 8/10, b 6/10 → with min_prob 0.9 none qualifies on x
    const strict = runCosts(tiny(), rows, { threshold: 0.7, minProb: 0.9 });
    expect(strict.min_prob).toBe(0.9);
    expect(strict.cheapest.find((c) => c.benchmark === 'x')!.model_id).toBeNull();
    const loose = runCosts(tiny(), rows, { threshold: 0.7, minProb: 0.6 });
    expect(loose.cheapest.find((c) => c.benchmark === 'x')!.model_id).toBe('a');
  });
  it('bad costs: the line and column are named', () => {
    const bad = (text: string): InputError => {
      try {
        readCosts({ name: 'bad.csv', data: text });
      } catch (e) {
        return e as InputError;
      }
      throw new Error('no error');
    };
    expect(bad('model_id,input_price_per_1k,output_price_per_1k,input_tokens,output_tokens\na,1,2,3,4\nb,1,x,3,4\n')).toMatchObject({ line: 3, column: 'output_price_per_1k' });
    expect(bad('model_id,input_price_per_1k,output_price_per_1k,input_tokens,output_tokens,attempts\na,1,2,3,4,0.5\n')).toMatchObject({ line: 2, column: 'attempts' });
    expect(bad('model_id,input_price_per_1k,output_price_per_1k,input_tokens\na,1,2,3\n').message).toMatch(/no "output_tokens" column/);
    expect(bad('[\n {"model_id": "a", "input_price_per_1k": 1, "output_price_per_1k": 1, "input_tokens": 1, "output_tokens": 1},\n {"model_id": "b", "input_price_per_1k": -1, "output_price_per_1k": 1, "input_tokens": 1, "output_tokens": 1}\n]')).toMatchObject({ line: 3, column: 'input_price_per_1k' });
  });
});

describe('Jeffreys interval coverage (recovery)', () => {
  it('95 % interval covers the true accuracy in 93–97 % of 4,000 draws at n = 50, p = 0.8', () => {
    const rng = seeded(18);
    let cover = 0;
    const R = 4000;
    for (let r = 0; r < R; r++) {
      let k = 0;
      for (let i = 0; i < 50; i++) if (rng.uniform() < 0.8) k++;
      const j = jeffreys(k, 50, 0.05);
      if (j.lower <= 0.8 && 0.8 <= j.upper) cover++;
    }
    // tolerance: Jeffreys coverage at n = 50 oscillates around 0.95 (Brown, Cai & DasGupta 2001, Fig. 5) ± MC SE 0.0035
    expect(cover / R).toBeGreaterThan(0.93);
    expect(cover / R).toBeLessThan(0.97);
  });
});

describe('cartograph costs', () => {
  it('on the demo: a cost table, the cheapest model per benchmark, files valid against the schema', async () => {
    const out = join(tmp, 'demo');
    const r = await run(['costs', ...demo, '--costs', 'test/fixtures/costs/demo-costs.csv', '--threshold', '0.5', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Cheapest model meeting accuracy ≥ 0\.5/);
    expect(r.stderr).toMatch(/594 model\(s\) have no costs row/);
    const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
    const v = ajv.compile(JSON.parse(readFileSync('packages/stats/schemas/costs.schema.json', 'utf8')));
    const rep = JSON.parse(readFileSync(join(out, 'costs.json'), 'utf8'));
    expect(v(rep), JSON.stringify(v.errors?.slice(0, 3))).toBe(true);
    expect(rep.cells.length).toBe(36);
    expect(readFileSync(join(out, 'pareto.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(out, 'costs.csv'), 'utf8').split('\n')[0]).toBe('benchmark,model_id,successes,n_items,accuracy,accuracy_lower,accuracy_upper,cost_per_task,cost_per_success,cost_per_success_lower,cost_per_success_upper,p95_latency_s,prob_above_threshold,pareto');
  }, 90_000);
  it('bad costs file → exit 2 with line and column, nothing written', async () => {
    const out = join(tmp, 'bad');
    const r = await run(['costs', ...demo, '--costs', 'test/fixtures/comparable/models-setup.csv', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/models-setup\.csv:1: no "input_price_per_1k" column/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
