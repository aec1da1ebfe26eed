// The lock at load (io/holdout.ts through loadLeaderboard): holdout items matched on the item id or the
// sample_id of repeated epochs; a scores table cannot be checked (said); an all-holdout input is refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, itemListText, loadLeaderboard, runSplit, sha256Hex, type InputFile } from '@cartograph/stats';

const file = (p: string): InputFile => ({ name: p, data: readFileSync(p) });

async function lockFor(holdout: string[]): Promise<InputFile> {
  const rep = await runSplit(holdout.map((id) => ({ id, stratum: null })), { train: 0, eval: 0, holdout: 1, seed: 1, stratify: null, itemsFile: { name: 'i.csv', data: 'x' } });
  return { name: 'split.lock.json', data: JSON.stringify(rep.lock) };
}

describe('holdout lock at load', () => {
  it('Inspect epochs: the holdout sample_id removes every epoch of that sample', async () => {
    const lock = await lockFor(['arc_easy:2', 'arc_easy:5']);
    const lb = await loadLeaderboard({ inspect: [file('test/fixtures/inspect/model-a.eval')], lock });
    expect(lb.items.map((i) => i.id)).not.toContain('arc_easy:2#1');
    expect(lb.items.length).toBe(8); // 12 − 2 samples × 2 epochs
    expect(lb.holdout).toMatchObject({ in_data: 4, touched: false, checkable: true });
    const used = await loadLeaderboard({ inspect: [file('test/fixtures/inspect/model-a.eval')], lock, useHoldout: true });
    expect(used.items.length).toBe(12);
    expect(used.holdout).toMatchObject({ in_data: 4, touched: true });
  });
  it('no holdout item in the data: untouched, nothing removed', async () => {
    const lb = await loadLeaderboard({ inspect: [file('test/fixtures/inspect/model-a.eval')], lock: await lockFor(['other:1']), useHoldout: true });
    expect(lb.holdout).toMatchObject({ in_data: 0, touched: false });
  });
  it('a scores table cannot be checked: said in a warning; every item in the holdout is refused', async () => {
    const lb = await loadLeaderboard({ scores: { name: 's.csv', data: 'model_id,benchmark,score\na,x,0.5\n' }, lock: await lockFor(['x:1']) });
    expect(lb.holdout!.checkable).toBe(false);
    expect(lb.warnings.join('\n')).toMatch(/cannot be checked/);
    await expect(loadLeaderboard({ inspect: [file('test/fixtures/inspect/partial/model-c.json')], lock: await lockFor(['arc_easy:1']) })).resolves.toBeDefined();
    const all = Array.from({ length: 6 }, (_, k) => `arc_easy:${k + 1}`);
    await expect(loadLeaderboard({ inspect: [file('test/fixtures/inspect/model-a.eval')], lock: await lockFor(all) })).rejects.toThrow(/every item of the data \(12\) is in the holdout/);
  });
  it('the list hash is of the list bytes (ids, LF each)', async () => {
    expect(itemListText(['a', 'b'])).toBe('a\nb\n');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 example
    await expect(loadLeaderboard({ inspect: [file('test/fixtures/inspect/model-a.eval')], lock: { name: 'x.json', data: '{"kind": "other"}' } })).rejects.toBeInstanceOf(InputError);
  });
});
