// The input options end to end (built CLI): the coverage line, --complete-only, --models-from with its
// join report and models_unmatched.csv, and the separator / encoding hints — on small fixtures in
// test/fixtures/io/coverage (two per-benchmark files whose models overlap in part).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const C = 'test/fixtures/io/coverage';
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-io-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = (args: string[]) => {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const two = ['--responses', `${C}/a.csv:a`, '--responses', `${C}/b.csv:b`];

describe('input options (built CLI)', () => {
  it('states the coverage once; --complete-only keeps the models scored on every benchmark', () => {
    const r = run(['describe', ...two]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/coverage: 2 of 4 models are complete \(scored on all 2 benchmarks, 5 items\); 2 are not: 2 missing 1\./);
    expect(r.stderr.match(/coverage:/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/Rankings below include models without every benchmark \(marked \*\)|Rankings below are among/);
    const c = run(['describe', ...two, '--complete-only', '--out', join(tmp, 'complete')]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/Restricted to the 2 complete models \(2 left out\)/);
    const rep = JSON.parse(readFileSync(join(tmp, 'complete', 'describe.json'), 'utf8'));
    expect(rep.n_models).toBe(2);
    expect(rep.coverage.complete_only).toEqual({ models_kept: 2, models_dropped: 2 });
  });

  it('--models-from joins a models CSV on the name (case, __), reports unmatched models and writes their names', () => {
    const r = run(['describe', ...two, '--models-from', `${C}/models.csv`, '--out', join(tmp, 'join')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/model metadata from .*models\.csv \(models file\): 2 of 4 models matched \(1 ignoring case or __ for \/\), 2 unmatched, 0 ambiguous/);
    expect(readFileSync(join(tmp, 'join', 'models_unmatched.csv'), 'utf8')).toBe('model_id,reason\norg/m3,no row in the metadata table\norg/m4,no row in the metadata table\n');
    const n = run(['describe', ...two, '--models-from', `${C}/models.csv`]);
    expect(n.stderr).toMatch(/--out DIR writes the unmatched and ambiguous model names to models_unmatched\.csv/);
    const both = run(['describe', ...two, '--models-from', `${C}/models.csv`, '--models', `${C}/models.csv`]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give model metadata once/);
  });

  it('a ";"-separated or Latin-1 file is named for what it looks like (exit 2)', () => {
    const s = run(['describe', '--responses', `${C}/semicolon.csv`]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/semicolon\.csv:1: the header has no "," but 2 ";" character\(s\): the file looks ";"-separated; save it comma-separated/);
    const l = run(['describe', '--responses', `${C}/latin1.csv`]);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/latin1\.csv:2 \(column 8\): byte 0xE8 is not UTF-8: the file looks Latin-1/);
  });
});
