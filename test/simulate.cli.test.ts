// End-to-end: `cartograph simulate` through the built CLI (npm test builds it first with turbo).
// Same seed → byte-identical files, run after run, and identical to the committed shared fixture
// test/fixtures/data/sim600 (so a change of generator or platform that moves a single byte fails here).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages', 'cli', 'bin', 'cartograph.js');
const bundle = join(root, 'packages', 'cli', 'dist', 'cartograph.js');
const FILES = ['models.csv', 'items.csv', 'responses_wide.csv', 'responses_long.csv', 'benchmark_scores.csv', 'theta_true.csv', 'truth.json'];
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cartograph simulate (built CLI)', () => {
  it('the CLI is built', () => {
    expect(existsSync(bundle), 'run `npx turbo run build` first (npm test does)').toBe(true);
  });

  it('--seed 1 reproduces the committed shared fixture sim600 byte for byte, twice', () => {
    const args = ['simulate', '--models', '600', '--items-per-benchmark', '15', '--benchmarks', '6', '--seed', '1'];
    for (const name of ['a', 'b']) {
      const out = join(tmp, `sim600-${name}`);
      execFileSync(process.execPath, [cli, ...args, '--out', out], { stdio: 'pipe' });
      expect(readdirSync(out).sort()).toEqual([...FILES].sort()); // no temporary files left behind
      for (const f of FILES) {
        expect(readFileSync(join(out, f)).equals(readFileSync(join(root, 'test', 'fixtures', 'data', 'sim600', f))), f).toBe(true);
      }
    }
  });

  it('acceptance command (--seed 7) twice → byte-identical files, equal to the bundled demo', () => {
    const args = ['simulate', '--models', '600', '--items-per-benchmark', '15', '--benchmarks', '6', '--seed', '7'];
    const a = join(tmp, 'seed7-a');
    const b = join(tmp, 'seed7-b');
    execFileSync(process.execPath, [cli, ...args, '--out', a], { stdio: 'pipe' });
    execFileSync(process.execPath, [cli, ...args, '--out', b], { stdio: 'pipe' });
    for (const f of FILES) {
      const bytes = readFileSync(join(a, f));
      expect(bytes.equals(readFileSync(join(b, f))), f).toBe(true);
      expect(bytes.equals(readFileSync(join(root, 'data', 'demo', f))), `data/demo/${f}`).toBe(true);
    }
  });

  it('options reach the generator: missing cells, names, sizes', () => {
    const out = join(tmp, 'small');
    const r = run(['simulate', '--models', '30', '--benchmarks', '2', '--items-per-benchmark', '4', '--seed', '3', '--missing-rate', '0.25', '--benchmark-names', 'alpha,beta', '--ld-pairs', '1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const wide = readFileSync(join(out, 'responses_wide.csv'), 'utf8').trimEnd().split('\n');
    expect(wide[0]).toBe('model_id,alpha_01,alpha_02,alpha_03,alpha_04,beta_01,beta_02,beta_03,beta_04');
    expect(wide.length).toBe(31);
    const empty = wide.slice(1).flatMap((l) => l.split(',').slice(1)).filter((c) => c === '').length;
    expect(empty).toBeGreaterThan(0);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth.options.missing_rate).toBe(0.25);
    expect(truth.sample.missing_cells).toBe(empty);
  });

  it('a bad option fails with exit code 2, names the option, and writes nothing', () => {
    const out = join(tmp, 'bad');
    const r1 = run(['simulate', '--models', 'ten', '--out', out]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/--models.*'ten'/);
    const r2 = run(['simulate', '--gamma-g', '3', '--out', out]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/gammaG.*no residual variance/);
    expect(existsSync(out)).toBe(false);
  });
});
