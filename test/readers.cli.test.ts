// End to end (the bundled CLI; `npx turbo run build` first): describe on Inspect AI logs, HELM runs and
// leaderboard details, and bad input for every reader (exit 2, file and line named, nothing written).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cartograph-readers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const I = 'test/fixtures/inspect';
const D = 'test/fixtures/details';

describe('readers end to end', () => {
  it('Inspect AI: a folder of logs with --score; epochs kept', async () => {
    const r = await run(['describe', '--inspect', `${I}/model-a.eval`, '--inspect', `${I}/model-b.json`, '--score', 'choice', '--out', join(tmp, 'inspect')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 models/);
    expect(r.stdout).toMatch(/arc_easy/);
  }, 60_000);
  it('Inspect AI epochs as clusters of compare (--cluster sample_id)', async () => {
    const r = await run(['compare', 'openai/gpt-4o-mini', 'anthropic/claude-3-haiku', '--inspect', `${I}/model-a.eval`, '--inspect', `${I}/model-b.json`, '--score', 'choice', '--cluster', 'sample_id', '--bootstrap', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SEs clustered by "sample_id"/);
    expect(r.stderr).toMatch(/only 6 clusters/); // 6 samples × 2 epochs: 6 clusters of 2
  }, 60_000);
  it('HELM: a runs folder', async () => {
    const r = await run(['describe', '--helm', 'test/fixtures/helm/runs/v1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mmlu:subject=anatomy/);
  }, 60_000);
  it('details: Parquet with the model from the folder, and FILE:MODEL', async () => {
    const r = await run(['describe', '--details', `${D}/Qwen__Qwen2-7B-details/samples_leaderboard_bbh_navigate_2024-06-26T12-00-00.000000.parquet`, '--details', `${D}/meta-llama__Llama-3-8B-details/samples_leaderboard_ifeval_2024-06-26T12-00-00.000000.parquet:my/llama`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/BBH/);
    expect(r.stdout).toMatch(/IFEval/);
  }, 60_000);
  it('details: a folder of Parquet files', async () => {
    const r = await run(['describe', '--details', `${D}/Qwen__Qwen2-7B-details`, '--details', `${D}/meta-llama__Llama-3-8B-details`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/all 2 models are scored on all 2 benchmarks/);
  }, 60_000);
  const bad: [string, string[], RegExp][] = [
    ['inspect: a score that is not C/I/P/N', ['--inspect', `${I}/bad/bad-value.json`], /bad-value\.json:\d+ \(column scores\.choice\.value\).*"maybe"/],
    ['inspect: truncated JSON', ['--inspect', `${I}/bad/truncated.json`], /truncated\.json:\d+ \(column \d+\): not valid JSON/],
    ['inspect: several scorers without --score', ['--inspect', `${I}/model-b.json`], /several scorers \(choice, match\)/],
    ['inspect: a zip without header.json', ['--inspect', `${I}/bad/no-header.eval`], /no header\.json/],
    ['helm: a stat without a mean', ['--helm', 'test/fixtures/helm/bad/no-mean'], /per_instance_stats\.json:\d+ \(column exact_match\.mean\)/],
    ['helm: an unknown metric', ['--helm', 'test/fixtures/helm/runs/v1', '--helm-metric', 'bleu'], /no metric "bleu"/],
    ['details: no metric column', ['--details', `${D}/bad/Qwen__Qwen2-7B-details/samples_leaderboard_mmlu_pro_2024-06-26T12-00-00.000000.parquet`], /mmlu_pro.*acc/],
    ['details: a null metric value', ['--details', `${D}/bad/Qwen__Qwen2-7B-details/samples_leaderboard_musr_team_allocation_2024-06-26T12-00-00.000000.parquet`], /team_allocation.*\.parquet:3 \(column acc_norm\)/],
    ['details: not Parquet', ['--details', `${I}/model-b.json:some/model`], /not a Parquet file/],
  ];
  for (const [name, args, re] of bad) {
    it(`bad input → exit 2, named, nothing written: ${name}`, async () => {
      const out = join(tmp, name.replace(/\W+/g, '_'));
      const r = await run(['describe', ...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }, 60_000);
  }
});
