// End to end: the bundled CLI (`npx turbo run build` first) — `cartograph robustness` on the demo writes
// robustness.json (valid against its schema), replicates.jsonl, run.json and the chart specs; the same seed
// gives the same robustness.json and replicates.jsonl bytes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-robustness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const args = ['robustness', '--responses', 'data/demo/responses_wide.csv', '--items', 'data/demo/items.csv', '--structures', 'general,bifactor', '--bootstrap', '2', '--permutations', '2', '--folds', '2', '--no-reference', '--seed', '11', '--subsample', '5'];

function run(out: string) {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  const r = spawnSync(process.execPath, [bin, ...args, '--out', out], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cartograph robustness on the demo data', () => {
  it('writes the report, the replicates, run.json and charts; same seed → same bytes', () => {
    const a = run(join(tmp, 'a'));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Item-resampled bootstrap: 2 replicates/);
    expect(a.stdout).toMatch(/Permutation control: 2 random/);
    expect(a.stdout).toMatch(/Out-of-sample prediction: 2 folds/);
    expect(readdirSync(join(tmp, 'a')).sort()).toEqual(['charts', 'replicates.jsonl', 'robustness.json', 'run.json']);
    const b = run(join(tmp, 'b'));
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['robustness.json', 'replicates.jsonl']) expect(readFileSync(join(tmp, 'b', f), 'utf8')).toBe(readFileSync(join(tmp, 'a', f), 'utf8'));
    const rep = JSON.parse(readFileSync(join(tmp, 'a', 'robustness.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(root, 'packages/stats/schemas/robustness.schema.json'), 'utf8')));
    expect(validate(rep), JSON.stringify(validate.errors)).toBe(true);
    const lines = readFileSync(join(tmp, 'a', 'replicates.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2 + 3 + 2); // bootstrap 2, permutation 2 + observed, oos 2
    for (const l of lines) expect(JSON.parse(l).plan_hash).toBe(rep.plan.plan_hash);
    expect(JSON.stringify(rep)).not.toMatch(/seconds/); // no timings in the report
  });
});
