// The split and its lock on the real Open LLM Leaderboard v1 item files (../shared/data; required under
// CI=true): 439 items of ARC, GSM8K and MMLU split 0.7/0.2/0.1 by benchmark; describe with --lock reads
// every item except the holdout's (10 + 24 + 10 columns fewer); the costs layer on the real v2 table
// (item counts built in) with an illustrative costs file for three real models.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const dir = join(__dirname, '../../shared/data/openllm-v1-items');
const v2 = join(__dirname, '../../shared/data/openllm-v2/leaderboard-v2-contents.csv');
const have = existsSync(dir) && existsSync(v2);
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-split-real-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const B = ['arc', 'gsm8k', 'mmlu'];
const responses = B.flatMap((b) => ['--responses', `${join(dir, `${b}.responses.csv`)}:${b}`]);

describe('split on the real v1 items', () => {
  if (!have && process.env.CI === 'true') it('needs ../shared/data under CI', () => expect.fail(`${dir} or ${v2} is missing`));
  it.skipIf(!have)('stratified split of 439 items, then describe --lock leaves exactly the holdout out', async () => {
    const rows = ['item_id,benchmark'];
    for (const b of B) {
      const header = readFileSync(join(dir, `${b}.responses.csv`), 'utf8').split('\n', 1)[0]!.split(',').slice(1).map((s) => s.replace(/"/g, ''));
      for (const id of header) rows.push(`${b}:${id},${b}`);
    }
    writeFileSync(join(tmp, 'items.csv'), `${rows.join('\n')}\n`);
    const out = join(tmp, 'split');
    const s = await run(['split', '--items', join(tmp, 'items.csv'), '--stratify', 'benchmark', '--seed', '2026', '--out', out]);
    expect(s.code, s.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(out, 'split.lock.json'), 'utf8'));
    // 100 / 237 / 102 items: holdout 10 / 24 / 10 (⌊n·0.1⌋ or ⌈n·0.1⌉), eval 20 / 47 / 21 (MMLU: 71.4 / 20.4 / 10.2 → the left-over item goes to eval on the tie with train)
    expect(lock.strata.map((x: { holdout: number; eval: number }) => [x.holdout, x.eval])).toEqual([[10, 20], [24, 47], [10, 21]]);
    const d = await run(['describe', ...responses, '--lock', join(out, 'split.lock.json'), '--out', join(tmp, 'd')]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toMatch(/holdout: untouched — 44 holdout item column\(s\) in the data were not read/);
    expect(d.stderr).toMatch(/395 items/);
    expect(JSON.parse(readFileSync(join(tmp, 'd', 'holdout.json'), 'utf8'))).toMatchObject({ touched: false, in_data: 44 });
  }, 180_000);
  it.skipIf(!have)('costs on the v2 table: cost per success with intervals from the built-in item counts', async () => {
    const ids = ['Qwen/Qwen2.5-72B-Instruct', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'google/gemma-2-9b-it'];
    const text = readFileSync(v2, 'utf8');
    const present = ids.filter((id) => text.includes(`,${id},`) || text.includes(`${id},`));
    expect(present.length).toBeGreaterThan(0);
    // illustrative prices (not quotes): per 1,000 tokens
    writeFileSync(join(tmp, 'costs.json'), JSON.stringify(present.map((id, k) => ({ model_id: id, input_price_per_1k: [0.0009, 0.0001, 0.0002][k], output_price_per_1k: [0.0009, 0.0001, 0.0002][k], input_tokens: 900, output_tokens: 300 }))));
    const r = await run(['costs', '--leaderboard', v2, '--costs', join(tmp, 'costs.json'), '--threshold', '0.5', '--out', join(tmp, 'c')]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(tmp, 'c', 'costs.json'), 'utf8'));
    const found = new Set(rep.cells.map((c: { model_id: string }) => c.model_id.replace(/@.*$/, '')));
    expect(found.size).toBeGreaterThan(0);
    for (const c of rep.cells) {
      expect(c.accuracy_lower).toBeLessThanOrEqual(c.accuracy);
      expect(c.accuracy_upper).toBeGreaterThanOrEqual(c.accuracy);
      if (c.cost_per_success !== null && c.cost_per_success_upper !== null) expect(c.cost_per_success_upper).toBeGreaterThanOrEqual(c.cost_per_success);
    }
  }, 180_000);
});
