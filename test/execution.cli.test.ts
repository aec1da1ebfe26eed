// The local executors end to end on the built CLI (issue 15): 1 worker vs a pool of 2, three shards
// merged (one run twice), a part of another plan refused, a run SIGKILLed and resumed from its
// checkpoint, corrupt and truncated replicates.jsonl lines reported by file and line. Every way must
// give the single-process robustness.json byte for byte. Tiny data: 300 models × 3 benchmarks × 6 items.
// The scaling study (its slope-reliability replicates) the same way: 1 worker, 2 workers, 2 shards merged.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli';

const root = join(__dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'cg-exec-cli-'));
const data = join(tmp, 'data');
const input = () => ['--responses', join(data, 'responses_wide.csv'), '--items', join(data, 'items.csv'), '--models', join(data, 'models.csv'), '--structures', 'general,bifactor'];
// every replicate kind: 6 bootstrap, 3 + 1 permutation, 2 OOS folds (clustered by contributor: --models), 1 reference = 13
// (the reference fits are copied into the report: results read back from files must give the same key order)
const small = (out: string, extra: string[] = []) => ['robustness', ...input(), '--bootstrap', '6', '--permutations', '3', '--folds', '2', '--seed', '3', '--out', out, '--quiet', ...extra];
const read = (p: string) => readFileSync(p, 'utf8');

beforeAll(async () => {
  const sim = await run(['simulate', '--models', '300', '--benchmarks', '3', '--items-per-benchmark', '6', '--out', data, '--quiet']);
  expect(sim.code).toBe(0);
  const ref = await run(small(join(tmp, 'single'), ['--workers', '1']));
  expect(ref.code, ref.stderr).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('local executors', () => {
  it('a pool of 2 worker threads gives the single-process bytes; timings and worker counts only in run.json', async () => {
    const r = await run(small(join(tmp, 'pool2'), ['--workers', '2']));
    expect(r.code, r.stderr).toBe(0);
    expect(read(join(tmp, 'pool2', 'robustness.json'))).toBe(read(join(tmp, 'single', 'robustness.json')));
    expect(read(join(tmp, 'pool2', 'replicates.jsonl'))).toBe(read(join(tmp, 'single', 'replicates.jsonl')));
    const info = JSON.parse(read(join(tmp, 'pool2', 'run.json')));
    expect(info).toMatchObject({ executor: 'pool', workers: 2 });
    expect(JSON.parse(read(join(tmp, 'single', 'run.json')))).toMatchObject({ executor: 'in_process', workers: 1 });
    expect(read(join(tmp, 'pool2', 'robustness.json'))).not.toMatch(/seconds|workers|host/);
  });

  it('three shards merged (one run twice) equal the single run; a part of another plan is refused', async () => {
    for (const [i, dir] of [[0, 's0'], [1, 's1'], [2, 's2'], [1, 's1-again']] as const) {
      const r = await run(small(join(tmp, dir), ['--shard', `${i}/3`, '--workers', '1']));
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(tmp, dir, 'robustness.json'))).toBe(false); // a part is not reduced
    }
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const schema = (n: string) => JSON.parse(read(join(root, 'packages/stats/schemas', `${n}.schema.json`)));
    const validPlan = ajv.compile(schema('plan'));
    const validRun = ajv.compile(schema('run'));
    for (const dir of ['s0', 's1', 's2']) {
      expect(validPlan(JSON.parse(read(join(tmp, dir, 'plan.json')))), JSON.stringify(validPlan.errors)).toBe(true);
      expect(validRun(JSON.parse(read(join(tmp, dir, 'run.json')))), JSON.stringify(validRun.errors)).toBe(true);
    }
    const lines = (d: string) => read(join(tmp, d, 'replicates.jsonl')).trim().split('\n').length;
    expect(lines('s0') + lines('s1') + lines('s2')).toBe(13); // the shards partition the plan
    const m = await run(['merge', join(tmp, 's0'), join(tmp, 's1'), join(tmp, 's2'), join(tmp, 's1-again'), '--out', join(tmp, 'merged'), '--quiet']);
    expect(m.code, m.stderr).toBe(0);
    expect(read(join(tmp, 'merged', 'robustness.json'))).toBe(read(join(tmp, 'single', 'robustness.json')));
    expect(read(join(tmp, 'merged', 'replicates.jsonl'))).toBe(read(join(tmp, 'single', 'replicates.jsonl')));
    expect(JSON.parse(read(join(tmp, 'merged', 'run.json'))).duplicates).toBe(lines('s1')); // counted once
    expect(validRun(JSON.parse(read(join(tmp, 'merged', 'run.json')))), JSON.stringify(validRun.errors)).toBe(true);
    // another seed = another plan
    const other = await run(small(join(tmp, 'other'), ['--shard', '0/3', '--workers', '1', '--seed', '4'].slice(0)));
    expect(other.code, other.stderr).toBe(0);
    const bad = await run(['merge', join(tmp, 's0'), join(tmp, 'other'), '--out', join(tmp, 'merged-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(tmp, 'other', 'plan.json')}: this part belongs to plan`);
    expect(existsSync(join(tmp, 'merged-bad'))).toBe(false);
    // a missing shard is named, not silently reduced
    const incomplete = await run(['merge', join(tmp, 's0'), join(tmp, 's1'), '--out', join(tmp, 'merged-inc')]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/replicates of the plan are in no part/);
  });

  it('a corrupt or truncated replicates.jsonl line is reported by file and line, and nothing is merged', async () => {
    const text = read(join(tmp, 's1', 'replicates.jsonl'));
    const ls = text.trim().split('\n');
    for (const [name, body, line, what] of [
      ['corrupt', [ls[0], '{"plan_hash": oops', ...ls.slice(1)].join('\n') + '\n', 2, /not a complete JSON line/],
      ['truncated', `${text}${ls[0]!.slice(0, 40)}`, ls.length + 1, /truncated: the file ends inside it/],
      ['nokey', `${text}{"kind":"bootstrap","r":1}\n`, ls.length + 1, /no plan_hash/],
    ] as const) {
      const dir = join(tmp, `bad-${name}`);
      mkdirSync(dir);
      copyFileSync(join(tmp, 's1', 'plan.json'), join(dir, 'plan.json'));
      writeFileSync(join(dir, 'replicates.jsonl'), body);
      const r = await run(['merge', join(tmp, 's0'), dir, join(tmp, 's2'), '--out', join(tmp, `out-${name}`)]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`${join(dir, 'replicates.jsonl')}:${line}`);
      expect(r.stderr).toMatch(what);
      expect(existsSync(join(tmp, `out-${name}`))).toBe(false);
    }
  });

  it('a run SIGKILLed mid-way and resumed from its checkpoint equals the uninterrupted run', async () => {
    const args = (out: string, extra: string[]) => ['robustness', ...input(), '--no-reference', '--bootstrap', '30', '--permutations', '0', '--folds', '0', '--subsample', '4', '--seed', '5', '--out', out, '--quiet', '--workers', '1', ...extra];
    const full = await run(args(join(tmp, 'uninterrupted'), []));
    expect(full.code, full.stderr).toBe(0);
    const ck = join(tmp, 'run.checkpoint.jsonl');
    const p = spawn(process.execPath, [join(root, 'packages/cli/bin/cartograph.js'), ...args(join(tmp, 'killed'), ['--checkpoint', ck])], { cwd: root, stdio: 'ignore' });
    const t0 = Date.now();
    while (!(existsSync(ck) && read(ck).split('\n').length > 6)) {
      if (Date.now() - t0 > 60_000) throw new Error('no checkpoint lines after 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));
    const kept = read(ck).trim().split('\n').length;
    expect(kept).toBeLessThan(30); // killed mid-run
    expect(existsSync(join(tmp, 'killed'))).toBe(false); // nothing half-written
    appendFileSync(ck, read(ck).split('\n')[0]!.slice(0, 30)); // as if killed while writing a line
    const resumed = await run(args(join(tmp, 'resumed'), ['--checkpoint', ck]).filter((a) => a !== '--quiet'));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/last line was cut short/);
    expect(read(join(tmp, 'resumed', 'robustness.json'))).toBe(read(join(tmp, 'uninterrupted', 'robustness.json')));
    expect(read(join(tmp, 'resumed', 'replicates.jsonl'))).toBe(read(join(tmp, 'uninterrupted', 'replicates.jsonl')));
    expect(JSON.parse(read(join(tmp, 'resumed', 'run.json'))).resumed_from_checkpoint).toBeGreaterThanOrEqual(kept - 1);
    // the checkpoint belongs to its plan: another seed is refused
    const other = await run(args(join(tmp, 'other-ck'), ['--checkpoint', ck, '--seed', '6']));
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/run\.checkpoint\.jsonl:1 .*not of this run's plan/);
  });

  it('bad executor options are one-line errors (exit 2)', async () => {
    const a = await run(small(join(tmp, 'x1'), ['--shard', '3/3']));
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/shard index must be in 0 … 2/);
    const b = await run(small(join(tmp, 'x2'), ['--detach']));
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--detach needs --queue/);
    const c = await run(small(join(tmp, 'x3'), ['--queue', 'http://127.0.0.1:1']));
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/not a redis:\/\/ URL/);
  });
});

describe('the scaling study on the local executors', () => {
  // fixed 11 × 11 grids keep the calibrations short; 3 item-resampled replicates of 2 plausible-value sets
  const scaling = (out: string, extra: string[]) => ['scaling', '--responses', join(data, 'responses_wide.csv'), '--items', join(data, 'items.csv'), '--models', join(data, 'models.csv'), '--quadpts', '11', '--pv', '2', '--replicates', '3', '--seed', '7', '--out', out, '--quiet', ...extra];
  const files = ['scaling.json', 'replicates.jsonl', 'scaling-vector.csv', 'scaling-vector.svg'];

  it('1 worker, 2 workers and 2 shards merged give the same scaling.json bytes; a part of another plan is refused', async () => {
    const one = await run(scaling(join(tmp, 'sc-1'), ['--workers', '1']));
    expect(one.code, one.stderr).toBe(0);
    const two = await run(scaling(join(tmp, 'sc-2'), ['--workers', '2']));
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(read(join(tmp, 'sc-2', 'run.json')))).toMatchObject({ study: 'scaling', executor: 'pool', workers: 2 });
    for (const i of [0, 1]) {
      const r = await run(scaling(join(tmp, `sc-s${i}`), ['--shard', `${i}/2`, '--workers', '1']));
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(tmp, `sc-s${i}`, 'scaling.json'))).toBe(false); // a part is not reduced
    }
    const m = await run(['merge', join(tmp, 'sc-s0'), join(tmp, 'sc-s1'), '--out', join(tmp, 'sc-merged'), '--quiet']);
    expect(m.code, m.stderr).toBe(0);
    for (const dir of ['sc-2', 'sc-merged']) for (const f of files) expect(read(join(tmp, dir, f)), `${dir}/${f}`).toBe(read(join(tmp, 'sc-1', f)));
    const rep = JSON.parse(read(join(tmp, 'sc-1', 'scaling.json')));
    expect(rep.vector[0].reliability.latent.n).toBe(20); // 5 specifications × (full test + 3 replicates)
    expect(read(join(tmp, 'sc-1', 'replicates.jsonl')).trim().split('\n')).toHaveLength(3);
    expect(read(join(tmp, 'sc-1', 'scaling.json'))).not.toMatch(/seconds|workers|host/);
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validPlan = ajv.compile(JSON.parse(read(join(root, 'packages/stats/schemas/plan.schema.json'))));
    expect(validPlan(JSON.parse(read(join(tmp, 'sc-s0', 'plan.json')))), JSON.stringify(validPlan.errors)).toBe(true);
    // another seed is another plan
    const other = await run(scaling(join(tmp, 'sc-other'), ['--shard', '1/2', '--workers', '1', '--seed', '8']));
    expect(other.code, other.stderr).toBe(0);
    const bad = await run(['merge', join(tmp, 'sc-s0'), join(tmp, 'sc-other'), '--out', join(tmp, 'sc-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(tmp, 'sc-other', 'plan.json')}: this part belongs to plan`);
    expect(existsSync(join(tmp, 'sc-bad'))).toBe(false);
  }, 900_000);
});
