// Pieces of the executors without processes (issue 15): shards partition a plan; replicates.jsonl is read
// strictly (file, line, column); a checkpoint's cut tail is dropped and the file repaired; the canonical
// data round-trip and refuse other data; merge's identity check; the pool gives the in-process results;
// collectResults hands every reducer the canonical form of each result.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, collectResults, listReplicates, replicateData, robustnessPlan, runReplicate, ROBUSTNESS_STUDY, simulate, simulationLeaderboard } from '@cartograph/stats';
import { decodeData, encodeData } from '../packages/queue/src/studies.js';
import { parseShard, shardReplicates } from '../packages/queue/src/local.js';
import { Checkpoint, errorOffset, parseReplicateLines, readCheckpoint } from '../packages/queue/src/jsonl.js';
import { jobId } from '../packages/queue/src/redis.js';

const tmp = mkdtempSync(join(tmpdir(), 'cg-exec-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lb = simulationLeaderboard(simulate({ models: 200, benchmarks: 3, itemsPerBenchmark: 6, seed: 11 }));
const data = replicateData(lb);
const plan = robustnessPlan(data, { structures: ['general'], bootstrap: 7, permutations: 4, folds: 2, reference: false, seed: 9 });

describe('shards', () => {
  it('i/n is parsed 0-based; the n shards partition the plan with a mix of kinds', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('3/3')).toMatch(/0 … 2/);
    expect(parseShard('1-3')).toMatch(/not i\/n/);
    expect(parseShard('0/0')).toMatch(/at least 1/);
    const all = listReplicates(plan).map((id) => `${id.kind}:${id.r}`);
    for (const n of [1, 2, 3, 5, 20]) {
      const parts = Array.from({ length: n }, (_, i) => shardReplicates(plan, { index: i, count: n }).map((id) => `${id.kind}:${id.r}`));
      expect(parts.flat().sort()).toEqual([...all].sort()); // every replicate in exactly one shard
      expect(new Set(parts.flat()).size).toBe(all.length);
    }
    const kinds = new Set(shardReplicates(plan, { index: 0, count: 3 }).map((id) => id.kind));
    expect(kinds.size).toBeGreaterThan(1);
  });

  it('job ids are planHash:kind:r (three colon-separated parts, as BullMQ allows for custom ids)', () => {
    expect(jobId(plan.plan_hash, 'bootstrap', 3)).toBe(`${plan.plan_hash}:bootstrap:3`);
    expect(jobId(plan.plan_hash, 'bootstrap', 3).split(':')).toHaveLength(3);
  });
});

describe('replicates.jsonl', () => {
  const res = runReplicate(ROBUSTNESS_STUDY, plan, data, { kind: 'bootstrap', r: 0 });
  const line = canonicalJson(res);

  it('reads complete lines; names file, line and column of a bad one', () => {
    expect(parseReplicateLines(`${line}\n${line}\n`, 'f.jsonl').results).toHaveLength(2);
    expect(() => parseReplicateLines(`${line}\n{"plan_hash":x}\n`, 'f.jsonl')).toThrow(/f\.jsonl.*line 2|f\.jsonl:2/);
    try {
      parseReplicateLines(`${line}\n{"plan_hash":x}\n`, 'f.jsonl');
    } catch (e) {
      expect(e).toMatchObject({ name: 'InputError', file: 'f.jsonl', line: 2, column: 14 });
    }
    expect(() => parseReplicateLines(`${line}\n${line.slice(0, 50)}`, 'f.jsonl')).toThrow(/truncated/);
    // the column is the offset of the first syntax error (0-based offsets here)
    expect(errorOffset('{"a":1,}')).toBe(7);
    expect(errorOffset('{"a":tru}')).toBe(8);
    expect(errorOffset('[1,2')).toBe(4);
    expect(errorOffset('{"a":"\\x"}')).toBe(7);
    expect(errorOffset('{"a":[1,{"b":null}]}')).toBe(20); // valid: its length
    expect(errorOffset(line)).toBe(line.length);
    expect(() => parseReplicateLines(`${line}\n\n${line}\n`, 'f.jsonl')).toThrow(/empty line/);
    expect(() => parseReplicateLines('[1,2]\n', 'f.jsonl')).toThrow(/JSON object/);
    expect(() => parseReplicateLines(`{"plan_hash":"${plan.plan_hash}","kind":"bootstrap","r":-1}\n`, 'f.jsonl')).toThrow(/index r/);
  });

  it('a checkpoint drops a tail cut by a kill, repairs the file, and refuses another plan', () => {
    const f = join(tmp, 'ck.jsonl');
    const ck = new Checkpoint(f);
    ck.append(res);
    ck.close();
    writeFileSync(f, `${readFileSync(f, 'utf8')}${line.slice(0, 33)}`);
    const back = readCheckpoint(f, plan.plan_hash);
    expect(back.dropped_tail).toBe(true);
    expect(back.results).toHaveLength(1);
    expect(readFileSync(f, 'utf8')).toBe(`${line}\n`); // cut back to its last complete line
    expect(() => readCheckpoint(f, 'f'.repeat(64))).toThrow(/not of this run's plan/);
    expect(readCheckpoint(join(tmp, 'none.jsonl'), plan.plan_hash).results).toEqual([]);
  });
});

describe('canonical data', () => {
  it('round-trips with the same hash and the same replicate results; other data are refused', () => {
    const bytes = encodeData(data);
    const back = decodeData(bytes, plan.data_hash);
    expect(back.hash).toBe(data.hash);
    expect(back.contributors).toEqual(data.contributors);
    const id = { kind: 'oos', r: 1 };
    expect(canonicalJson(runReplicate(ROBUSTNESS_STUDY, plan, back, id))).toBe(canonicalJson(runReplicate(ROBUSTNESS_STUDY, plan, data, id)));
    const flipped = bytes.slice();
    flipped[flipped.length - 1] = 1 - flipped[flipped.length - 1]!; // one response changed
    expect(() => decodeData(flipped, plan.data_hash)).toThrow(/not the plan's/);
    expect(() => decodeData(bytes.subarray(0, bytes.length - 3), plan.data_hash)).toThrow(/truncated or corrupt/);
  });
});

describe('collectResults (issue 15)', () => {
  it('returns each result in its canonical form, whatever the key order or number forms it came in', () => {
    const base = { plan_hash: plan.plan_hash, kind: 'bootstrap' };
    const a = { ...base, r: 1, z: { b: -0, a: [NaN, 1.5] }, items: [3, 1] };
    const b = { items: [3, 1], z: { a: [null, 1.5], b: 0 }, r: 1, ...base }; // the same result as read back from replicates.jsonl, other key order
    const out = collectResults(plan, [a, { ...base, r: 0 }] as never[]);
    expect(out.map((x) => x.r)).toEqual([0, 1]);
    expect(JSON.stringify(out[1])).toBe(canonicalJson(a)); // keys sorted at every level, −0 → 0, NaN → null
    expect(JSON.stringify(collectResults(plan, [b] as never[])[0])).toBe(JSON.stringify(out[1]));
    expect(out[1]).not.toBe(a); // a copy: the caller's object is not shared with the reducer
  });
});
