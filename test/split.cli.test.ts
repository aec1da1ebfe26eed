// `cartograph split` and the lock: same seed → same bytes; stratification exact within one item per
// stratum; --lock leaves holdout responses unread and says so (holdout.json); --use-holdout reads them
// and records the touch; an edited lock is refused; bad input exits 2.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { hamiltonCounts, runSplit } from '@cartograph/stats';
import { run } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cartograph-split-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const demo = ['--responses', 'data/demo/responses_wide.csv', '--items', 'data/demo/items.csv', '--models', 'data/demo/models.csv'];
const validate = (name: string, file: string): void => {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
  const v = ajv.compile(JSON.parse(readFileSync(`packages/stats/schemas/${name}.schema.json`, 'utf8')));
  expect(v(JSON.parse(readFileSync(file, 'utf8'))), JSON.stringify(v.errors?.slice(0, 3))).toBe(true);
};

describe('runSplit', () => {
  it('largest-remainder counts: each set ⌊n·f⌋ or ⌈n·f⌉, summing to n', () => {
    for (let n = 1; n <= 200; n++) {
      for (const f of [[0.7, 0.2, 0.1], [0.5, 0.25, 0.25], [0.8, 0.1, 0.1], [1 / 3, 1 / 3, 1 / 3]] as [number, number, number][]) {
        const c = hamiltonCounts(n, f);
        expect(c[0] + c[1] + c[2]).toBe(n);
        c.forEach((x, k) => expect(Math.abs(x - n * f[k]!)).toBeLessThan(1)); // exact within one item
      }
    }
  });
  it('stratified on uneven strata (7, 13, 101, 1 items): within one item per stratum; same seed same lists; another seed differs', async () => {
    const items = [['a', 7], ['b', 13], ['c', 101], ['d', 1]].flatMap(([s, n]) => Array.from({ length: n as number }, (_, i) => ({ id: `${s}:${i}`, stratum: s as string })));
    const opts = { train: 0.7, eval: 0.2, holdout: 0.1, seed: 5, stratify: 'benchmark', itemsFile: { name: 'items.csv', data: 'x' } };
    const r1 = await runSplit(items, opts);
    const r2 = await runSplit([...items].reverse(), opts);
    expect(r2.files).toEqual(r1.files); // input order does not matter
    for (const s of r1.lock.strata) for (const [k, f] of [['train', 0.7], ['eval', 0.2], ['holdout', 0.1]] as const) expect(Math.abs(s[k] - s.n * f)).toBeLessThan(1);
    const r3 = await runSplit(items, { ...opts, seed: 6 });
    expect(r3.lists.holdout).not.toEqual(r1.lists.holdout);
    expect(new Set([...r1.lists.train, ...r1.lists.eval, ...r1.lists.holdout]).size).toBe(items.length);
  });
});

describe('cartograph split', () => {
  const split = (out: string, seed = '7') => run(['split', '--items', 'data/demo/items.csv', '--train', '0.7', '--eval', '0.2', '--holdout', '0.1', '--stratify', 'benchmark', '--seed', seed, '--out', out]);
  it('writes the lists and the lock; same seed → same bytes', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    expect((await split(a)).code).toBe(0);
    expect((await split(b)).code).toBe(0);
    for (const f of ['train.txt', 'eval.txt', 'holdout.txt', 'split.lock.json']) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
    validate('split.lock', join(a, 'split.lock.json'));
    const lock = JSON.parse(readFileSync(join(a, 'split.lock.json'), 'utf8'));
    expect(lock.strata.map((s: { holdout: number }) => s.holdout)).toEqual([2, 2, 2, 2, 2, 2]); // 15 items per benchmark: 10.5 / 3 / 1.5 → 10 / 3 / 2 (ties to holdout)
    expect(readFileSync(join(a, 'holdout.txt'), 'utf8').trim().split('\n').length).toBe(12);
  }, 60_000);
  it('--lock keeps the holdout unread (holdout.json: touched false); --use-holdout reads it (touched true)', async () => {
    const lock = join(tmp, 'a', 'split.lock.json');
    const o1 = join(tmp, 'd1');
    const r1 = await run(['describe', ...demo, '--lock', lock, '--out', o1]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toMatch(/holdout: untouched — 12 holdout item column\(s\) in the data were not read/);
    const h1 = JSON.parse(readFileSync(join(o1, 'holdout.json'), 'utf8'));
    expect(h1).toMatchObject({ touched: false, in_data: 12, holdout_items: 12 });
    validate('holdout', join(o1, 'holdout.json'));
    const o2 = join(tmp, 'd2');
    const r2 = await run(['describe', ...demo, '--lock', lock, '--use-holdout', '--out', o2]);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toMatch(/holdout: TOUCHED/);
    expect(JSON.parse(readFileSync(join(o2, 'holdout.json'), 'utf8'))).toMatchObject({ touched: true, use_holdout: true });
  }, 90_000);
  it('splits the items of loaded data: Inspect epochs of one sample stay together; the lock then leaves both epochs out', async () => {
    const out = join(tmp, 'insp');
    const inspect = ['--inspect', 'test/fixtures/inspect/model-a.eval', '--inspect', 'test/fixtures/inspect/model-b.json', '--score', 'choice'];
    const r = await run(['split', ...inspect, '--train', '0.5', '--eval', '0.17', '--holdout', '0.33', '--stratify', 'benchmark', '--seed', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const hold = readFileSync(join(out, 'holdout.txt'), 'utf8').trim().split('\n');
    expect(hold.length).toBe(2); // 6 samples × 0.33 = 1.98 → 2
    expect(hold.every((id) => /^arc_easy:\d$/.test(id))).toBe(true); // sample ids, not epoch columns
    const d = await run(['describe', ...inspect, '--lock', join(out, 'split.lock.json'), '--out', join(tmp, 'insp-d')]);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'insp-d', 'holdout.json'), 'utf8'))).toMatchObject({ in_data: 4, touched: false }); // 2 samples × 2 epochs
  }, 90_000);
  it('an edited lock is refused; bad split input exits 2 and writes nothing', async () => {
    const lock = JSON.parse(readFileSync(join(tmp, 'a', 'split.lock.json'), 'utf8'));
    lock.holdout_items.pop();
    writeFileSync(join(tmp, 'edited.lock.json'), JSON.stringify(lock));
    const r = await run(['describe', ...demo, '--lock', join(tmp, 'edited.lock.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not match its hash/);
    const out = join(tmp, 'bad');
    const b1 = await run(['split', '--items', 'data/demo/items.csv', '--train', '0.7', '--eval', '0.2', '--holdout', '0.2', '--seed', '1', '--out', out]);
    expect(b1.code).toBe(2);
    expect(b1.stderr).toMatch(/sum to 1/);
    const b2 = await run(['split', '--items', 'data/demo/items.csv', '--stratify', 'domain', '--seed', '1', '--out', out]);
    expect(b2.stderr).toMatch(/no column "domain"/);
    writeFileSync(join(tmp, 'dup.csv'), 'item_id,benchmark\na,x\nb,x\na,y\n');
    const b3 = await run(['split', '--items', join(tmp, 'dup.csv'), '--seed', '1', '--out', out]);
    expect(b3.stderr).toMatch(/dup\.csv:4 \(column item_id\): item "a" appears twice \(also line 2\)/);
    expect((await run(['split', '--seed', '1', '--out', out])).stderr).toMatch(/nothing to split/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 90_000);
});
