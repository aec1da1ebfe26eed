// End to end: the bundled CLI (built by `turbo run build` before the tests) — `cartograph cfa` on the demo
// data prints the six-structure comparison and writes cfa.json, mi.csv and the score files; a user model
// with a syntax error fails pointing at the token.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-cfa-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const demo = ['--responses', 'data/demo/responses_wide.csv', '--items', 'data/demo/items.csv'];

function run(args: string[]) {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cartograph cfa on the demo data', () => {
  it('prints the comparison of the six structures and the nested tests, writes cfa.json, mi.csv, scores_*.csv', () => {
    const out = join(tmp, 'all');
    const r = run(['cfa', ...demo, '--mi', '--factor-scores', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const s of ['independent', 'general', 'second-order', 'correlated', 'bifactor', 'bifactor-correlated']) expect(r.stdout).toMatch(new RegExp(`^${s}\\s+(admissible|heywood|boundary|not_converged|not_identified)`, 'm'));
    expect(r.stdout).toMatch(/general\s+⊂ bifactor\s+Δχ² =/);
    expect(r.stderr).toMatch(/\[6\/6\]/); // progress
    const files = readdirSync(out).sort();
    expect(files).toContain('cfa.json');
    expect(files).toContain('mi.csv');
    expect(files).toContain('scores_bifactor.csv');
    const rep = JSON.parse(readFileSync(join(out, 'cfa.json'), 'utf8'));
    expect(rep.structures).toHaveLength(6);
    const bif = rep.structures.find((s: { structure: string }) => s.structure === 'bifactor');
    for (const k of ['chisq', 'df', 'chisq_scaled', 'pvalue_scaled', 'cfi', 'tli', 'rmsea', 'cfi_scaled', 'tli_scaled', 'rmsea_scaled', 'srmr', 'wrmr']) expect(typeof bif.fit[k]).toBe('number');
    expect(Object.keys(bif.loadings[0]).sort()).toEqual(['factor', 'item', 'est', 'se', 'std_all', 'std_se'].sort());
    expect(bif.bifactor_indices.ecv).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'mi.csv'), 'utf8').split('\n')[0]).toBe('item1,item2,mi,epc,sepc_all,cross_benchmark');
    const nItems = readFileSync('data/demo/items.csv', 'utf8').trim().split('\n').length - 1;
    expect(readFileSync(join(out, 'mi.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + (nItems * (nItems - 1)) / 2);
  }, 600_000);

  it('a user model: fits it as "custom"; a syntax error names file, line and column', () => {
    const items = readFileSync('data/demo/items.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const first = items.filter((r) => r[1] === items[0]![1]).map((r) => r[0]!);
    const good = join(tmp, 'good.lav');
    writeFileSync(good, `f =~ ${first.join(' + ')}\n`);
    const r = run(['cfa', ...demo, '--structures', 'none', '--model', good]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^custom\s+admissible/m);
    const bad = join(tmp, 'bad.lav');
    writeFileSync(bad, `f =~ ${first[0]} + ${first[1]}\nf ~ ${first[2]}\n`);
    const e = run(['cfa', ...demo, '--structures', 'none', '--model', bad]);
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/bad\.lav:2 \(column 3\)/);
  }, 600_000);
});
