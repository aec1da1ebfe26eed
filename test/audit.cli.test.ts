// `cartograph audit` end to end on the bundled demo, through the built CLI (npm test builds it): the
// summary on stdout and the path of report.html; every file in --out; audit.json valid against its schema,
// snake_case, without timings; every stage section and chart in report.html; each layer's subfolder
// identical to what its single command writes with the same options and the seed audit.json lists for
// it (timings excepted), and the numbers in audit.json equal to those files'; no input is an error.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snakeCaseKeys } from '../packages/stats/src/audit/views.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/bin/cartograph.js');
const D = join(root, 'data/demo');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-audit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The built CLI, asynchronously (a synchronous child would block vitest's worker for minutes). */
function run(args: string[], timeout = 1_200_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
/** A copy without timing keys (seconds, seconds_*, *_seconds), which every command keeps out of the numbers. */
function untimed(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(untimed);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([k]) => !/(^seconds|seconds$|Seconds$)/.test(k)).map(([k, v]) => [k, untimed(v)]));
}

// Light options keep the run short; the single commands get the same ones.
const LIGHT = ['--pv', '2', '--scaling-replicates', '0', '--draws', '200'];
const items = ['--responses', join(D, 'responses_wide.csv'), '--items', join(D, 'items.csv'), '--models', join(D, 'models.csv')];
const out = join(tmp, 'audit');
let stdout = '';
let audit: Record<string, any>;

describe('cartograph audit --demo', () => {
  beforeAll(async () => {
    const r = await run(['audit', '--demo', ...LIGHT, '--workers', '2', '--out', out]);
    if (r.status !== 0) throw new Error(`audit failed (${r.status}): ${r.stderr.slice(-2000)}`);
    stdout = r.stdout;
    audit = json(join(out, 'audit.json')) as Record<string, any>;
  }, 1_200_000);

  it('prints the summary and the path of report.html; writes every file', () => {
    expect(stdout).toMatch(/^cartograph audit — 600 models × 6 benchmarks, 90 items/);
    for (const s of ['Data:', 'First look:', 'Latent structure:', 'Ecosystem variance:', 'Denoised scaling:', 'Rank stability:']) expect(stdout).toContain(`• ${s}`);
    expect(stdout).toContain(`report: ${join(out, 'report.html')}`);
    for (const f of ['report.html', 'audit.md', 'audit.json', 'run.json', 'describe/describe.json', 'describe/heatmap.svg', 'cfa/cfa.json', 'cfa/mi.csv', 'gtheory/gtheory.json', 'gtheory/variance-shares.svg', 'scaling/scaling.json', 'scaling/scaling-vector.csv', 'scaling/scaling-vector.svg', 'ranks/ranks.json', 'ranks/ranks.csv', 'ranks/rank-shift.svg', 'charts/heatmap.vl.json', 'charts/ranks.vl.json'])
      expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('audit.json: valid against its schema, snake_case keys, no timings, hashes of the inputs', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(json(join(root, 'packages/stats/schemas/audit.schema.json')) as object);
    expect(validate(audit), ajv.errorsText(validate.errors)).toBe(true);
    const bad: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(k) && !/(by_benchmark|levels|streams|shares)$/.test(path) && !/^(facets|covariate)$/.test(k)) bad.push(`${path}.${k}`);
          walk(x, `${path}.${k}`);
        }
    };
    walk(audit, '$');
    expect(bad.slice(0, 10)).toEqual([]);
    expect(readFileSync(join(out, 'audit.json'), 'utf8')).not.toMatch(/"seconds|_seconds"/);
    // machine-independent: no path of this checkout (the demo's files, and the metadata join, by data/demo/NAME)
    expect(readFileSync(join(out, 'audit.json'), 'utf8')).not.toContain(root.replace(/[\\/]$/, ''));
    expect(audit.data.metadata.join.file).toBe('data/demo/models.csv');
    expect(audit.inputs.map((i: { name: string }) => i.name)).toEqual(['data/demo/responses_wide.csv', 'data/demo/items.csv', 'data/demo/models.csv']);
    const runJson = json(join(out, 'run.json')) as Record<string, unknown>;
    expect(runJson.stages_seconds).toBeTypeOf('object');
  });

  it('report.html: self-contained, every stage section, every chart; audit.md has the summary', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script|<link |\bsrc="http|@import/i);
    for (const id of ['data', 'first_look', 'latent_structure', 'ecosystem_variance', 'denoised_scaling', 'rank_stability']) expect(html).toContain(`id="stage-${id}" data-stage="${id}" data-status="done"`);
    expect(html).toContain('id="stage-robustness" data-stage="robustness" data-status="not_requested"');
    for (const c of ['heatmap', 'fit', 'loadings', 'mi', 'variance', 'scaling', 'ranks']) expect(html).toContain(`<figure id="chart-${c}" data-chart="${c}"><svg`);
    expect(html).toContain('id="glossary"');
    const md = readFileSync(join(out, 'audit.md'), 'utf8');
    expect(md).toMatch(/^# Leaderboard audit: 600 models × 6 benchmarks/);
    expect(md).toContain('## Summary');
    expect(md).toContain('**Latent structure.** The bifactor structure fits best');
  });

  it('each layer folder is what the single command writes; audit.json carries the same numbers', async () => {
    const seeds = audit.seeds.streams as Record<string, number>;
    const single = async (name: string, args: string[]): Promise<string> => {
      const dir = join(tmp, `single-${name}`);
      const r = await run([name, ...args, '--quiet', '--out', dir]);
      if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr.slice(-1500)}`);
      return dir;
    };
    const same = (folder: string, dir: string, file: string): void => {
      const a = readFileSync(join(out, folder, file), 'utf8');
      const b = readFileSync(join(dir, file), 'utf8');
      if (file.endsWith('.json')) expect(untimed(JSON.parse(a)), `${folder}/${file}`).toEqual(untimed(JSON.parse(b)));
      else expect(a, `${folder}/${file}`).toBe(b);
    };
    // first look
    const d = await single('describe', items);
    for (const f of ['describe.json', 'heatmap.svg']) same('describe', d, f);
    expect(audit.first_look.describe).toEqual(snakeCaseKeys(json(join(d, 'describe.json'))));
    // latent structure (the audit fits all six structures with modification indices)
    const c = await single('cfa', [...items, '--mi']);
    for (const f of ['cfa.json', 'mi.csv']) same('cfa', c, f);
    expect(audit.latent_structure.cfa).toEqual(snakeCaseKeys(untimed(json(join(c, 'cfa.json')))));
    // ecosystem variance (item-level input scored per benchmark inside the layer)
    const g = await single('gtheory', [...items, '--seed', String(seeds['gtheory_gibbs'])]);
    for (const f of ['gtheory.json', 'variance-shares.svg']) same('gtheory', g, f);
    expect(audit.ecosystem_variance.gtheory).toEqual(snakeCaseKeys(untimed(json(join(g, 'gtheory.json')))));
    // denoised scaling and rank stability, with the seeds audit.json lists
    // The audit's scaling reads the shared calibration (the one ranks reads) for its EAP two-step and warm-starts
    // its conditioning fits from it; the single command fits its own unconditional calibration (on the models
    // with a size) as runIrt does and warm-starts from that. On the demo every model has a size, so the two are
    // the same fit (measured: identical numbers since the single command's calibration checks its nodes as
    // runIrt's does); on other data they are two calibrations, and the adaptive EM stops on the log-likelihood
    // (0.01 per cycle), where slopes can still move by ~2e-3 — hence the bounds: every number within 1e-4
    // relative, the two-step slopes within 0.02 SD per decade. The chart draws both, so it is not compared byte for byte.
    const s = await single('scaling', [...items, '--pv', '2', '--replicates', '0', '--seed', String(seeds['scaling'])]);
    const mine = json(join(out, 'scaling', 'scaling.json')) as Record<string, any>;
    const theirs = json(join(s, 'scaling.json')) as Record<string, any>;
    expect(mine.shared_calibration).toBe(true);
    expect(audit.denoised_scaling.shared_calibration).toBe(true);
    const twoStep = (r: Record<string, any>): number[] => r.vector.map((v: { eap_two_step: { estimate: number } }) => v.eap_two_step.estimate);
    const gap = Math.max(...twoStep(mine).map((x, k) => Math.abs(x - twoStep(theirs)[k]!)));
    expect(gap, `largest two-step slope gap ${gap}`).toBeLessThan(0.02);
    const strip = (r: Record<string, any>): unknown => {
      const { shared_calibration: _s, irt, vector, ...rest } = r;
      const { loglik: _l, iterations: _i, converged: _c, unconditional_models: _u, one_step_iterations: _oi, quadrature_check: _q, ...irtRest } = irt;
      return { ...rest, irt: irtRest, vector: vector.map(({ eap_two_step: _e, ...v }: Record<string, unknown>) => v) };
    };
    let worst = 0;
    const close = (a: unknown, b: unknown, path: string): void => {
      if (typeof a === 'number' && typeof b === 'number') {
        const rel = Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
        worst = Math.max(worst, rel);
        expect(rel, path).toBeLessThan(1e-4);
      } else if (a && b && typeof a === 'object' && typeof b === 'object') {
        expect(Object.keys(a as object).sort(), path).toEqual(Object.keys(b as object).sort());
        for (const k of Object.keys(a as object)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      } else expect(a, path).toEqual(b);
    };
    close(strip(mine), strip(theirs), 'scaling');
    expect(worst).toBeLessThan(1e-4);
    expect(audit.denoised_scaling.scaling).toEqual(snakeCaseKeys(mine));
    const r = await single('ranks', [...items, '--draws', '200', '--seed', String(seeds['ranks_draws'])]);
    for (const f of ['ranks.json', 'ranks.csv', 'rank-shift.svg']) same('ranks', r, f);
    expect(audit.rank_stability.ranks).toEqual(snakeCaseKeys(untimed(json(join(r, 'ranks.json')))));
  }, 1_800_000);

  it('--workers 1 (every layer in one thread) writes the same audit.json bytes and layer files as --workers 2 (threads)', async () => {
    const one = join(tmp, 'audit-w1');
    const r = await run(['audit', '--demo', ...LIGHT, '--workers', '1', '--quiet', '--out', one]);
    if (r.status !== 0) throw new Error(`audit --workers 1 failed (${r.status}): ${r.stderr.slice(-2000)}`);
    expect((json(join(one, 'run.json')) as { workers: number }).workers).toBe(1);
    expect((json(join(out, 'run.json')) as { workers: number }).workers).toBe(2);
    expect(readFileSync(join(one, 'audit.json'), 'utf8')).toBe(readFileSync(join(out, 'audit.json'), 'utf8'));
    for (const f of ['cfa/cfa.json', 'scaling/scaling.json', 'ranks/ranks.json', 'gtheory/gtheory.json']) {
      const a = JSON.parse(readFileSync(join(one, f), 'utf8'));
      const b = JSON.parse(readFileSync(join(out, f), 'utf8'));
      expect(untimed(a), f).toEqual(untimed(b));
    }
  }, 1_200_000);

  it('no input and no --demo is an error that says so (exit 2); --demo with inputs too', async () => {
    const r = await run(['audit']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no data to audit: give input options .* or --demo/);
    const r2 = await run(['audit', '--demo', '--scores', join(D, 'benchmark_scores.csv')]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--demo .* cannot be combined with input options/);
  });
});
