// compare, ties and gate on the real Open LLM Leaderboard v1 item files (../shared/data/openllm-v1-items;
// skipped when absent, a failure under CI=true): the counts the README shows, valid reports, MMLU subjects
// as clusters, the gate's decisions on a real checkpoint pair, and rank sets of the top 5.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadLeaderboard, runCompare, runGate, runTies, type InputFile, type Leaderboard } from '@cartograph/stats';

const root = resolve(__dirname, '..');
const DATA = resolve(root, '../shared/data');
const ITEMS = ['arc', 'gsm8k', 'mmlu'].map((b) => ({ b, p: join(DATA, `openllm-v1-items/${b}.responses.csv`) }));
const have = ITEMS.every((x) => existsSync(x.p));
if (!have) {
  if (process.env.CI === 'true') throw new Error(`real data missing under ${DATA}`);
  console.warn(`SKIPPED compare.real: ${DATA} not found`);
}
const file = (p: string): InputFile => ({ name: p, data: readFileSync(p) });
function validator(name: string) {
  return new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(root, `packages/stats/schemas/${name}.schema.json`), 'utf8')));
}
function valid(name: string, rep: unknown): void {
  const v = validator(name);
  expect(v(JSON.parse(JSON.stringify(rep))), JSON.stringify(v.errors?.slice(0, 5))).toBe(true);
}
let lb: Leaderboard | null = null;
const load = async (): Promise<Leaderboard> => (lb ??= await loadLeaderboard({ responses: ITEMS.map(({ b, p }) => ({ file: file(p), benchmark: b })) }));

describe.skipIf(!have)('compare, ties, gate on the v1 item files', () => {
  it('Llama-3-70B-Instruct vs Qwen1.5-110B-Chat: counts, clustering by MMLU subject, Holm verdicts', async () => {
    const rep = runCompare(await load(), { a: 'meta-llama/Meta-Llama-3-70B-Instruct', b: 'Qwen/Qwen1.5-110B-Chat', cluster: 'prefix', bootstrap: 500 });
    valid('compare', rep);
    const by = Object.fromEntries(rep.benchmarks.map((r) => [r.benchmark, r]));
    expect([by.arc!.n_items, by.arc!.a_only, by.arc!.b_only]).toEqual([100, 4, 9]);
    expect([by.gsm8k!.n_items, by.gsm8k!.a_only, by.gsm8k!.b_only]).toEqual([237, 128, 4]);
    expect([by.mmlu!.n_items, by.mmlu!.a_only, by.mmlu!.b_only]).toEqual([102, 4, 7]);
    expect(by.arc!.test).toBe('exact'); // ARC ids have no subject prefix: not clustered; 13 discordant items < 25: exact McNemar
    expect(by.mmlu!.test).toBe('clustered_wald');
    expect(by.mmlu!.clusters).toBeGreaterThan(30); // the 102 MMLU items span many subjects
    expect(by.gsm8k!.significant).toBe(true);
    expect(by.arc!.significant).toBe(false);
    expect(by.arc!.mde_80).toBeGreaterThan(0.08); // ~10 points detectable on 100 items
    expect(rep.overall!.n_items).toBe(439);
  });

  it('gate: the abliterated Llama-3-8B-Instruct passes at margin 0.01 but fails when non-inferiority is required', async () => {
    const o = { baseline: 'meta-llama/Meta-Llama-3-8B-Instruct', candidate: 'Edgerunners/meta-llama-3-8b-instruct-hf-ortho-baukit-5fail-3000total-bf16', margin: 0.01 };
    const g = runGate(await load(), o);
    valid('gate', g);
    expect(g.exit_code).toBe(0);
    expect(g.benchmarks.find((r) => r.benchmark === 'gsm8k')!.diff).toBeCloseTo(-14 / 237, 12);
    expect(runGate(await load(), { ...o, requireNoninferiority: true }).exit_code).toBe(5);
  });

  it('ties: the top 5 of the 3,065 complete models cannot be told apart on 439 items', async () => {
    const t = runTies(await load(), { top: 5, draws: 200, seed: 1 });
    valid('ties', t);
    expect(t.n_models).toBe(3065);
    expect(t.n_items).toBe(439);
    for (const m of t.models) {
      expect(m.rank_lo).toBeLessThanOrEqual(m.rank);
      expect(m.rank_hi).toBeGreaterThanOrEqual(m.rank);
      expect(m.joint_rank_hi).toBeGreaterThanOrEqual(m.rank_hi);
      expect(m.tied_with).toHaveLength(4);
    }
    expect(t.tie_groups).toHaveLength(1);
  });
});
