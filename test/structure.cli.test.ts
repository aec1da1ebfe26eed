// End to end: the bundled CLI (built by `turbo run build` before the tests) — `cartograph structure` on the
// simulator's scores and on the real v2 table (../shared/data; required under CI=true) prints the
// structure and writes structure.json (valid against its schema, the same numbers as lavaan) and the chart
// specs; a user model with a syntax error or an unknown benchmark fails with exit 2 naming file, line, column.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-structure-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sim = ['--scores', 'test/fixtures/data/sim600/benchmark_scores.csv', '--models', 'test/fixtures/data/sim600/models.csv'];
const v2File = join(root, '../shared/data/openllm-v2/leaderboard-v2-contents.csv');
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'packages/stats/schemas/structure.schema.json'), 'utf8')));

function run(args: string[]) {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cartograph structure', () => {
  it('on the simulator scores: prints the fit and the interpretation, writes structure.json (schema-valid, lavaan numbers) and the chart specs', () => {
    const out = join(tmp, 'sim');
    const r = run(['structure', ...sim, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/600 models × 6 benchmark scores/);
    expect(r.stdout).toMatch(/scaled \(Yuan–Bentler\) χ² = 33\.89/); // lavaan: 33.885
    expect(r.stdout).toMatch(/One general factor explains \d+ % of the variance of the 6 scores/);
    expect(r.stdout).toMatch(/not identified/);
    expect(readdirSync(out).sort()).toEqual(['loadings.svg', 'loadings.vl.json', 'residuals.svg', 'residuals.vl.json', 'structure.json']);
    expect(readFileSync(join(out, 'residuals.svg'), 'utf8')).toMatch(/^<svg[\s\S]*reasoning[\s\S]*<\/svg>\s*$/);
    const rep = JSON.parse(readFileSync(join(out, 'structure.json'), 'utf8'));
    expect(validate(rep), JSON.stringify(validate.errors)).toBe(true);
    const g = JSON.parse(readFileSync(join(root, 'test/fixtures/structure/golden-sim.json'), 'utf8'));
    expect(Math.abs(rep.fit.chisq_scaled - g.fits.mlr_cluster.fit['chisq.scaled']) / g.fits.mlr_cluster.fit['chisq.scaled']).toBeLessThan(1e-4); // the CLI path gives the golden numbers
    expect(rep.cluster.variable).toBe('contributor');
    const spec = JSON.parse(readFileSync(join(out, 'loadings.vl.json'), 'utf8'));
    expect(spec.data.values).toHaveLength(6);
  });

  it('--estimator ML --cluster none and a user model file', () => {
    const model = join(tmp, 'two.lav');
    writeFileSync(model, '# two groups\nf1 =~ reasoning + knowledge + math\nf2 =~ coding + reading + commonsense\n');
    const names = run(['structure', ...sim, '--estimator', 'ML']);
    expect(names.code, names.stderr).toBe(0);
    expect(names.stdout).toMatch(/CFI = /);
    expect(names.stdout).not.toMatch(/robust CFI/);
    const bench = readFileSync(join(root, 'test/fixtures/data/sim600/benchmark_scores.csv'), 'utf8').split('\n').slice(1, 7).map((l) => l.split(',')[1]);
    writeFileSync(model, `f1 =~ ${bench.slice(0, 3).join(' + ')}\nf2 =~ ${bench.slice(3).join(' + ')}\n`);
    const r = run(['structure', ...sim, '--model', model, '--cluster', 'none']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/f1 ~~ f2/);
    expect(r.stdout).toMatch(/The 2-factor model \(f1, f2\) explains/);
  });

  it('bad model files: exit 2 with file, line and column', () => {
    const bad = join(tmp, 'bad.lav');
    writeFileSync(bad, 'g =~ reasoning + knowledge\ng ~ math\n');
    const r = run(['structure', ...sim, '--model', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.lav:2 \(column 3\)/);
    writeFileSync(bad, 'g =~ reasoning + knowledge + nosuch\n');
    const u = run(['structure', ...sim, '--model', bad]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/bad\.lav:1 \(column 30\): unknown benchmark 'nosuch'/);
  });

  const haveV2 = existsSync(v2File);
  if (!haveV2 && process.env.CI === 'true') it('needs ../shared/data under CI', () => expect.fail(`${v2File} is missing`));
  it.skipIf(!haveV2)('on the Open LLM Leaderboard v2 table: the structure of the six scores, clustered by contributor', () => {
    const out = join(tmp, 'v2');
    const r = run(['structure', '--leaderboard', v2File, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3825 models × 6 benchmark scores/);
    expect(r.stdout).toMatch(/MATH Lvl 5/);
    expect(r.stdout).toMatch(/Normal theory is doubtful for MATH Lvl 5/);
    expect(r.stdout).toMatch(/631 contributors for 3825 models/);
    const rep = JSON.parse(readFileSync(join(out, 'structure.json'), 'utf8'));
    expect(validate(rep), JSON.stringify(validate.errors)).toBe(true);
    expect(rep.cluster.n_clusters).toBe(631);
    expect(rep.n_without_cluster).toBe(2);
  });
});
