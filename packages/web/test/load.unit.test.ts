// Node test of the explorer's file handling (the code the worker runs): role guessing, and the same
// describe from the wide, long and lm-eval forms of one data set (test/fixtures/io), as the CLI gives.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDescribe, InputError } from '@cartograph/stats';
import { guessBenchmark, guessRole } from '../src/files.js';
import { leaderboardFromFiles } from '../src/load.js';
import type { FilePayload, FileRole } from '../src/protocol.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const io = join(root, 'test', 'fixtures', 'io');

function payload(path: string, role: FileRole, name = relative(root, path)): FilePayload {
  const b = readFileSync(path);
  return { name, role, benchmark: null, data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

describe('web: guessing file roles', () => {
  const cases: [string, FileRole][] = [
    ['responses_wide.csv', 'responses'],
    ['responses_long.csv', 'responses'],
    ['items.csv', 'items'],
    ['models.csv', 'models'],
    ['scores_long.csv', 'scores'],
    ['leaderboard-v2.csv', 'leaderboard'],
    ['leaderboard-v1.csv', 'leaderboard'],
    ['leaderboard-v2.parquet', 'leaderboard'],
  ];
  for (const [file, role] of cases) {
    it(`${file} → ${role}`, () => expect(guessRole(file, new Uint8Array(readFileSync(join(io, file))))).toBe(role));
  }
  it('demo files', () => {
    for (const [file, role] of [['responses_wide.csv', 'responses'], ['items.csv', 'items'], ['models.csv', 'models'], ['benchmark_scores.csv', 'scores'], ['responses_long.csv', 'responses']] as const) {
      expect(guessRole(file, new Uint8Array(readFileSync(join(root, 'data', 'demo', file))))).toBe(role);
    }
  });
});

describe('web: benchmark name from a per-benchmark file name', () => {
  it.each([
    ['arc.responses.csv', 'responses', 'arc'],
    ['dir/gsm8k_responses.csv', 'responses', 'gsm8k'],
    ['responses_wide.csv', 'responses', ''],
    ['wide-responses.csv', 'responses', ''],
    ['arc.items.csv', 'items', ''],
  ] as const)('%s (%s) → "%s"', (name, role, bench) => expect(guessBenchmark(name, role)).toBe(bench));
});

describe('web: files → leaderboard → describe (same code as the worker)', () => {
  const summary = async (files: FilePayload[]) => {
    const r = runDescribe(await leaderboardFromFiles(files, null, { metric: null, filter: 'strict-match' }));
    return r.benchmarks.map((b) => ({ benchmark: b.benchmark, n: b.n_models, k: b.n_items, mean: b.mean, sd: b.sd, mmd: b.mmd }));
  };

  it('wide, long and lm-eval logs give identical benchmark summaries', async () => {
    const wide = await summary([payload(join(io, 'responses_wide.csv'), 'responses'), payload(join(io, 'items.csv'), 'items')]);
    const long = await summary([payload(join(io, 'responses_long.csv'), 'responses'), payload(join(io, 'items.csv'), 'items')]);
    const lm = await summary(walk(join(io, 'lm-eval')).filter((p) => /samples_.*\.jsonl$|results_.*\.json$/.test(p)).map((p) => payload(p, 'lm-eval', relative(join(io), p))));
    expect(long).toEqual(wide);
    expect(lm.map((b) => b.benchmark).sort()).toEqual(wide.map((b) => b.benchmark).sort());
    for (const b of wide) expect(lm.find((x) => x.benchmark === b.benchmark)).toEqual(b);
  });

  it('the demo in the browser path equals the demo through the CLI readers: 600 models, 6 × 15 items', async () => {
    const d = (f: string, role: FileRole) => payload(join(root, 'data', 'demo', f), role);
    const lb = await leaderboardFromFiles([d('responses_wide.csv', 'responses'), d('items.csv', 'items'), d('models.csv', 'models')], null);
    expect(lb.models.length).toBe(600);
    expect(lb.items.length).toBe(90);
    expect(lb.models[0]!.log10Params).not.toBeNull();
  });

  it('a scores table (+ models) is described from scores, with intervals where n_items is given', async () => {
    const lb = await leaderboardFromFiles([payload(join(io, 'scores_long.csv'), 'scores'), payload(join(io, 'models.csv'), 'models')], null);
    const r = runDescribe(lb);
    expect(r.source).toBe('scores');
    expect(r.cells.lo.some((v) => v !== null)).toBe(true);
    const wide = runDescribe(await leaderboardFromFiles([payload(join(io, 'responses_wide.csv'), 'responses'), payload(join(io, 'items.csv'), 'items')], null));
    // same benchmark means as from the item responses the scores were computed from (abs 1e-6: scores have 6 decimals)
    for (const b of wide.benchmarks) expect(Math.abs(r.benchmarks.find((x) => x.benchmark === b.benchmark)!.mean - b.mean)).toBeLessThan(1e-6);
  });

  it('a ragged file is an InputError naming file and line', async () => {
    const bad: FilePayload = { name: 'ragged.csv', role: 'responses', benchmark: null, data: new TextEncoder().encode('model_id,q1,q2\nm1,1,0\nm2,1\n').buffer as ArrayBuffer };
    await expect(leaderboardFromFiles([bad], null)).rejects.toThrow(InputError);
    await expect(leaderboardFromFiles([bad], null)).rejects.toThrow(/ragged\.csv:3/);
  });

  it('no data and conflicting inputs are reported', async () => {
    await expect(leaderboardFromFiles([payload(join(io, 'items.csv'), 'items')], null)).rejects.toThrow(/no data/);
    await expect(
      leaderboardFromFiles([payload(join(io, 'leaderboard-v2.csv'), 'leaderboard'), payload(join(io, 'scores_long.csv'), 'scores')], null),
    ).rejects.toThrow(/cannot be combined/);
  });

  it('a leaderboard table next to item responses is their model metadata, joined with a report (the one loader)', async () => {
    const lb = await leaderboardFromFiles([payload(join(io, 'leaderboard-v1.csv'), 'leaderboard'), payload(join(io, 'responses_wide.csv'), 'responses'), payload(join(io, 'items.csv'), 'items')], null);
    expect(lb.metadataJoin!.table).toBe('v1');
    expect(lb.metadataJoin!.matched + lb.metadataJoin!.unmatched.length + lb.metadataJoin!.ambiguous.length).toBe(lb.models.length);
    expect(lb.origin).toMatchObject({ version: 'v1', role: 'metadata' });
    expect(lb.models.every((m) => m.hasMetadata === false || m.paramsB !== null || m.architecture !== null)).toBe(true);
  });

  it('the items-per-benchmark box takes one count or per-benchmark counts (IFEval=541,…) and overrides the built-in ones', async () => {
    const { parseItemCountsBox } = await import('../src/load.js');
    expect(parseItemCountsBox('')).toBeNull();
    expect(parseItemCountsBox(' 100 ')).toBe(100);
    expect(parseItemCountsBox('IFEval=541, MATH Lvl 5=1324')).toEqual({ IFEval: 541, 'MATH Lvl 5': 1324 });
    expect(() => parseItemCountsBox('IFEval=0')).toThrow(/items per benchmark.*"0" is not a positive integer/);
    const v2 = payload(join(io, 'leaderboard-v2.csv'), 'leaderboard');
    const built = await leaderboardFromFiles([v2], null);
    expect(built.scores!.itemCounts[0]).toBe(541); // IFEval, built in
    const given = await leaderboardFromFiles([payload(join(io, 'leaderboard-v2.csv'), 'leaderboard')], parseItemCountsBox('IFEval=500'));
    expect(given.scores!.itemCounts[0]).toBe(500);
    expect(given.scores!.itemCountSources![0]).toEqual({ kind: 'user' });
    expect(given.scores!.itemCountSources![5]!.kind).toBe('builtin'); // MMLU-PRO keeps its built-in count
  });
});
