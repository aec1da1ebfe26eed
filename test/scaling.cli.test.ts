// End to end: the bundled CLI (built by `turbo run build` before the tests) — `cartograph ranks` and
// `cartograph scaling` on the demo data print the retention table and the scaling vector and write their
// files; scaling without a parameter column fails with a clear message.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-scaling-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const demo = ['--responses', 'data/demo/responses_wide.csv', '--items', 'data/demo/items.csv', '--models', 'data/demo/models.csv'];

/** Runs the CLI asynchronously (a synchronous spawn would block vitest's worker for the whole run). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  return new Promise((res) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

describe('cartograph ranks / scaling on the demo data', () => {
  it('ranks prints the retention table and the movers, and writes ranks.json, ranks.csv, rank-shift.svg', async () => {
    const out = join(tmp, 'ranks');
    const r = await run(['ranks', ...demo, '--draws', '200', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/top 1%\s+6\s+\d+\s+\d+\.\d %/);
    expect(r.stdout).toMatch(/top 10%\s+60\s+\d+/);
    expect(r.stdout).toMatch(/bottom 1%\s+6/);
    expect(r.stdout).toMatch(/Moved up most/);
    expect(readdirSync(out).sort()).toEqual(['rank-shift.svg', 'ranks.csv', 'ranks.json']);
    const rep = JSON.parse(readFileSync(join(out, 'ranks.json'), 'utf8'));
    expect(rep.n_compared).toBe(600);
    expect(rep.comparison_basis).toBe('all_models');
    expect(rep.spearman).toBeGreaterThan(0.8);
    expect(rep.g_resolution.g_values_shared_across_patterns).toBe(0);
    expect(readFileSync(join(out, 'ranks.csv'), 'utf8').split('\n')[0]).toMatch(/^model_id,raw_average,benchmarks_scored,complete,score_reasoning,.*,raw_rank,g_mean,g_sd,latent_rank,expected_rank,rank_lo,rank_hi,shift$/);
  }, 600_000);

  it('scaling prints the scaling vector with reliabilities and writes scaling.json, scaling-vector.csv, scaling-vector.svg, replicates.jsonl, run.json', async () => {
    const out = join(tmp, 'scaling');
    const r = await run(['scaling', ...demo, '--pv', '3', '--replicates', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^g\s+\d\.\d{3}\s+\[/m);
    expect(r.stdout).toMatch(/Slope reliability R/);
    expect(readdirSync(out).sort()).toEqual(['replicates.jsonl', 'run.json', 'scaling-vector.csv', 'scaling-vector.svg', 'scaling.json']);
    const rep = JSON.parse(readFileSync(join(out, 'scaling.json'), 'utf8'));
    expect(rep.factors).toEqual(['g', 'reasoning', 'knowledge', 'math', 'reading', 'coding', 'commonsense']);
    // the demo's γg is 1 (data/demo/truth.json): the headline interval should contain it
    const g = rep.vector[0].unattenuated;
    expect(g.lo).toBeLessThan(1);
    expect(g.hi).toBeGreaterThan(1);
    expect(rep.vector[0].reliability.latent.n).toBe(10); // 5 specifications × (full test + 1 replicate)
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validate(JSON.parse(readFileSync(join(root, 'packages/stats/schemas/scaling.schema.json'), 'utf8')), rep), JSON.stringify(ajv.errors)).toBe(true); // the default (adaptive) calibration's check too
  }, 600_000);

  it('irt fits the bifactor model and writes irt.json, items.csv, scores.csv', async () => {
    const out = join(tmp, 'irt');
    const r = await run(['irt', ...demo, '--top', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bifactor \(logistic link\), 600 models × 90 items/);
    expect(r.stdout).toMatch(/log-likelihood -\d+\.\d{3}, 270 parameters/);
    expect(readdirSync(out).sort()).toEqual(['irt.json', 'items.csv', 'scores.csv']);
    expect(readFileSync(join(out, 'scores.csv'), 'utf8').split('\n')[0]).toMatch(/^model_id,eap_g,psd_g,eap_reasoning/);
    const rep = JSON.parse(readFileSync(join(out, 'irt.json'), 'utf8'));
    expect(rep.scoring.method).toBe('adaptive-gauss-hermite');
    expect(rep.quadrature_check.steps.length).toBeGreaterThan(0); // the grid was checked against adaptive quadrature
    expect(r.stdout).toMatch(/check: (grid log-likelihood|adaptive Gauss–Hermite E-step, .* log-likelihood)/); // the fixed-grid check, or (bifactor default since the adaptive E-step) its node check
  }, 600_000);

  it('scaling needs item responses', async () => {
    const r = await run(['scaling', '--scores', 'data/demo/benchmark_scores.csv', '--models', 'data/demo/models.csv']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/item-level responses|item responses/);
  });
});
