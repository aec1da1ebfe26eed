// The CLI scaffold end to end (the built CLI, as a user runs it): exit codes and one-line errors, the
// --out checks made before any work, progress on stderr, the "wrote …" line, collapsed warnings with the
// full list in warnings.txt.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/bin/cartograph.js');
const demo = join(root, 'data/demo');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-scaffold-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const resp = ['--responses', join(demo, 'responses_wide.csv'), '--items', join(demo, 'items.csv')];

describe('cartograph scaffold (built CLI)', () => {
  it('--out naming an existing file: exit 2, one line, no stack, before any work', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = run(['tetrachoric', ...resp, '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('cartograph:'))).toEqual([`cartograph: bad input: ${file}: exists and is not a folder (--out needs a folder)`]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/reading inputs/); // refused before the data were read
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('cfa on benchmark scores: exit 2 naming the option that gives item-level data', () => {
    const r = run(['cfa', '--scores', join(demo, 'benchmark_scores.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cartograph: bad input: cfa fits 0\/1 item-level responses.*give --responses FILE or --lm-eval DIR$/m);
  });

  it('usage errors are one line and exit 2; --debug adds the stack trace', () => {
    const a = run(['describe', ...resp, '--top', 'x']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe("cartograph: option '--top <n>' argument 'x' is invalid. expected a whole number ≥ 0.");
    const b = run(['tetrachoric', ...resp, '--no-such-option']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^cartograph: unknown option '--no-such-option'/);
    const c = run(['tetrachoric', ...resp, '--missing', 'sometimes']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/Allowed choices are pairwise, listwise/);
    const d = run(['describe', '--responses', join(tmp, 'missing.csv'), '--debug']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^cartograph: bad input: .*missing\.csv: file not found\n(.|\n)*\n\s+at /m);
  });

  it('cannot estimate is exit 3 (a constant item)', () => {
    const f = join(tmp, 'const.csv');
    writeFileSync(f, 'model_id,x,y,z\nm1,1,1,0\nm2,0,1,1\nm3,1,1,0\n');
    const r = run(['tetrachoric', '--responses', `${f}:b`, '--out', join(tmp, 'const-out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^cartograph: cannot estimate: tetrachoric: constant item "b:y"/m);
    expect(existsSync(join(tmp, 'const-out'))).toBe(false);
  });

  it('progress lines on stderr (not a TTY), the report on stdout, then "wrote N files to DIR: …"', () => {
    const out = join(tmp, 'tetra');
    const r = run(['tetrachoric', ...resp, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\[\s+\d+\.\d s\] reading inputs$/m);
    expect(r.stderr).toMatch(/^\[\s+\d+\.\d s\] tetrachoric: correlations: 4005 pairs$/m);
    expect(r.stdout).toMatch(/^wrote 5 files to .*tetra: tetrachoric\.csv, tetrachoric_se\.csv, thresholds\.csv, dwls_weights\.csv, tetrachoric\.json$/m);
    const q = run(['tetrachoric', ...resp, '--out', join(tmp, 'tetra-q'), '--quiet']);
    expect(q.stderr).toBe('');
    expect(q.stdout).toMatch(/^wrote 5 files/);
  });

  it('a long warning is cut on screen, the full text goes to warnings.txt in --out', () => {
    const models = join(tmp, 'models.csv');
    const extra = Array.from({ length: 80 }, (_, k) => `m9${String(k).padStart(3, '0')},an-unused-model-with-a-long-name-${k},1,9,X,org,chat`);
    writeFileSync(models, `${readFileSync(join(demo, 'models.csv'), 'utf8').trimEnd()}\n${extra.join('\n')}\n`);
    const out = join(tmp, 'warn');
    const r = run(['describe', ...resp, '--models', models, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*80 model\(s\) have no data.*…$/m);
    expect(r.stderr).toMatch(/full list in .*warnings\.txt/);
    expect(readdirSync(out).sort()).toEqual(['describe.json', 'heatmap.svg', 'warnings.txt']);
    expect(r.stderr).not.toMatch(/m9049/); // beyond the 300 characters shown
    expect(readFileSync(join(out, 'warnings.txt'), 'utf8')).toMatch(/m9049/);
  });

  it('a model id holding a terminal escape sequence is shown harmless (U+FFFD)', () => {
    const models = join(tmp, 'esc-models.csv');
    const evil = 'evil\u001b[2J\u001b[31m';
    writeFileSync(models, `${readFileSync(join(demo, 'models.csv'), 'utf8').trimEnd()}\n${evil},x,1,9,X,org,chat\n`);
    const r = run(['describe', ...resp, '--models', models]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/\u001b\[(2J|31m)/);
    expect(r.stderr).toMatch(/evil\ufffd\[2J\ufffd\[31m/); // the "no data, left out" warning names it
  });

  it('--out inside a folder that cannot be created is refused before the work', () => {
    const ro = join(tmp, 'file-parent');
    writeFileSync(ro, '');
    const r = run(['describe', ...resp, '--out', join(ro, 'sub')]);
    expect(r.code).toBe(2);
    mkdirSync(join(tmp, 'ok-parent'));
    expect(run(['describe', ...resp, '--out', join(tmp, 'ok-parent', 'new', 'deeper'), '--quiet']).code).toBe(0);
  });
});
