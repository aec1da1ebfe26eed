// End-to-end: `cartograph tetrachoric` through the built CLI (npm test builds it first with turbo):
// output files and their layout on sim600, the same numbers as lavaan's fixture, items in benchmark
// order from items.csv, worker threads give identical files, and a constant item is an error naming it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages', 'cli', 'bin', 'cartograph.js');
const sim = join(root, 'test', 'fixtures', 'data', 'sim600');
const fix = join(root, 'test', 'fixtures', 'tetrachoric');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-tetra-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const rows = (p: string): string[][] => readFileSync(p, 'utf8').trim().split('\n').map((l) => l.split(','));

describe('cartograph tetrachoric (built CLI)', () => {
  it('writes tetrachoric.csv, thresholds.csv, dwls_weights.csv and a JSON summary matching lavaan', () => {
    const out = join(tmp, 'a');
    const r = run(['tetrachoric', '--responses', join(sim, 'responses_wide.csv'), '--items', join(sim, 'items.csv'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const items = rows(join(sim, 'items.csv')).slice(1).map((x) => x[0]!);
    const t = rows(join(out, 'tetrachoric.csv'));
    expect(t[0]).toEqual(['item_id', ...items]);
    expect(t.slice(1).map((x) => x[0])).toEqual(items);
    const ref = rows(join(fix, 'tetrachoric.csv'));
    let worst = 0;
    for (let i = 1; i < t.length; i++) for (let j = 1; j < t[i]!.length; j++) worst = Math.max(worst, Math.abs(Number(t[i]![j]) - Number(ref[i]![j])));
    expect(worst).toBeLessThan(1e-6); // absolute, as the golden test
    const th = rows(join(out, 'thresholds.csv'));
    expect(th[0]).toEqual(['item_id', 'threshold', 'p_correct', 'threshold_se']);
    const thRef = rows(join(fix, 'thresholds.csv'));
    for (let j = 1; j < th.length; j++) expect(Math.abs(Number(th[j]![1]) - Number(thRef[j]![1]))).toBeLessThan(1e-8);
    const w = rows(join(out, 'dwls_weights.csv'));
    const wRef = rows(join(fix, 'wls_v_diag.csv'));
    expect(w.map((x) => x[0])).toEqual(wRef.map((x) => x[0]));
    const summary = JSON.parse(readFileSync(join(out, 'tetrachoric.json'), 'utf8'));
    expect(summary.n_models).toBe(600);
    expect(summary.n_items).toBe(90);
    expect(summary.n_empty_cell_pairs).toBe(34); // lavaan's zero.cell.tables count (meta.json)
    expect(summary.smoothed).toBe(false);
    expect(summary.min_eigenvalue).toBeLessThan(0);
  });
  it('--workers 2 writes identical files', () => {
    const a = join(tmp, 'w1');
    const b = join(tmp, 'w2');
    expect(run(['tetrachoric', '--responses', join(sim, 'responses_wide.csv'), '--items', join(sim, 'items.csv'), '--out', a, '--quiet']).status).toBe(0);
    expect(run(['tetrachoric', '--responses', join(sim, 'responses_wide.csv'), '--items', join(sim, 'items.csv'), '--out', b, '--quiet', '--workers', '2']).status).toBe(0);
    for (const f of ['tetrachoric.csv', 'thresholds.csv', 'dwls_weights.csv']) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  });
  it('--smooth makes the (indefinite) sim600 matrix positive definite and says so', () => {
    const out = join(tmp, 'smooth');
    const r = run(['tetrachoric', '--responses', join(sim, 'responses_wide.csv'), '--items', join(sim, 'items.csv'), '--out', out, '--smooth', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'tetrachoric.json'), 'utf8'));
    expect(summary.min_eigenvalue).toBeLessThan(0);
    expect(summary.smoothed).toBe(true);
    expect(summary.min_eigenvalue_after_smoothing).toBeGreaterThan(0);
    const t = rows(join(out, 'tetrachoric.csv'));
    for (let i = 1; i < t.length; i++) {
      expect(Number(t[i]![i])).toBe(1);
      for (let j = 1; j < t[i]!.length; j++) expect(Number(t[i]![j])).toBe(Number(t[j]![i]));
    }
  });
  it('items follow benchmark order from items.csv', () => {
    const resp = join(tmp, 'r.csv');
    writeFileSync(resp, 'model_id,b1,a1,b2,a2\nm1,1,0,1,0\nm2,0,1,1,1\nm3,1,1,0,0\nm4,0,0,0,1\nm5,1,1,1,0\n');
    const items = join(tmp, 'i.csv');
    writeFileSync(items, 'item_id,benchmark\na1,A\nb1,B\na2,A\nb2,B\n');
    const out = join(tmp, 'order');
    const r = run(['tetrachoric', '--responses', resp, '--items', items, '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(rows(join(out, 'thresholds.csv')).slice(1).map((x) => x[0])).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
  it('a constant item is a clear error naming it, and nothing is written', () => {
    const resp = join(tmp, 'c.csv');
    writeFileSync(resp, 'model_id,x,solved_by_all,z\nm1,1,1,0\nm2,0,1,1\nm3,1,1,0\n');
    const out = join(tmp, 'const');
    const r = run(['tetrachoric', '--responses', `${resp}:bench`, '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/constant item "bench:solved_by_all" \(all 1 in 3 models\)/);
    expect(existsSync(out)).toBe(false);
  });
});
