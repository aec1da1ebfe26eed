// End to end: the bundled CLI (built by `turbo run build` before the tests) — `cartograph gtheory` on
// the demo data prints the decomposition, G and Φ and writes gtheory.json + variance-shares.svg;
// `cartograph lmm` reproduces lme4's REML criterion on sim600; a bad formula exits 2 naming the column.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-gtheory-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The committed schema of an output (ajv strict, as test/schemas.unit.test.ts). */
function schema(name: string) {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
  return ajv.compile(JSON.parse(readFileSync(join(root, `packages/stats/schemas/${name}.schema.json`), 'utf8')));
}

function run(args: string[]) {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cartograph gtheory / lmm', () => {
  it('gtheory on the demo data prints the decomposition, G and Φ, and writes JSON + SVG', () => {
    const out = join(tmp, 'demo');
    const r = run(['gtheory', '--scores', 'data/demo/benchmark_scores.csv', '--models', 'data/demo/models.csv', '--recode', 'contributor=top:10', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Variance components by REML/);
    expect(r.stdout).toMatch(/facets\s+Eρ² = 0\.\d{4}\s+Φ = 0\.\d{4}/);
    expect(r.stdout).toMatch(/D-study/);
    // issue 10 defect 8: the paper's v2 figures are not printed next to simulated data
    expect(r.stdout).not.toMatch(/AI Cartography paper|43\.00 %/);
    expect(r.stderr).toMatch(/fitting facets/);
    expect(readdirSync(out).sort()).toEqual(['gtheory.json', 'variance-shares.svg']);
    const rep = JSON.parse(readFileSync(join(out, 'gtheory.json'), 'utf8'));
    expect(rep.schema_version).toBe(1);
    const valid = schema('gtheory');
    expect(valid(rep), JSON.stringify(valid.errors?.slice(0, 3))).toBe(true);
    expect(rep.models).toHaveLength(4);
    expect(rep.granularity[0].recode).toBe('contributor=top:10');
    expect(rep.paper_comparison).toBeNull();
    expect(rep.skipped.map((x: { part: string }) => x.part)).toContain('paper_comparison');
    expect(readFileSync(join(out, 'variance-shares.svg'), 'utf8')).not.toMatch(/paper v2/);
    expect(readFileSync(join(out, 'variance-shares.svg'), 'utf8')).toMatch(/^<svg xmlns/);
  });
  it('lmm reproduces the lme4 REML criterion of pxb on sim600 (absolute 1e-6)', () => {
    const golden = JSON.parse(readFileSync(join(root, 'test/fixtures/lmm/golden.json'), 'utf8'));
    const out = join(tmp, 'lmm');
    const r = run(['lmm', '--data', 'test/fixtures/data/sim600/benchmark_scores.csv', '--formula', 'score ~ 1 + (1|benchmark) + (1|model_id)', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/REML criterion -940\.53/);
    const fit = JSON.parse(readFileSync(join(out, 'lmm.json'), 'utf8'));
    expect(fit.schema_version).toBe(1);
    const valid = schema('lmm');
    expect(valid(fit), JSON.stringify(valid.errors?.slice(0, 3))).toBe(true);
    expect(fit.criterion).toBeLessThanOrEqual(golden.pxb.criterion + 1e-6);
  });
  it('a bad formula exits 2 and points at the column', () => {
    const r = run(['lmm', '--data', 'test/fixtures/data/sim600/benchmark_scores.csv', '--formula', 'score ~ log(n_items) + (1|benchmark)']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/formula \(column 9\).*function calls/s);
  });
});
