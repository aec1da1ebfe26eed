// The data model's one way to subset (selectModels / selectItems) and the coverage summary.
import { describe, expect, it } from 'vitest';
import { assembleLeaderboard, completeMask, completeOnly, coverageOf, formatCoverage, readResponses, readScores, selectItems, selectModels } from '@cartograph/stats';

const file = (name: string, text: string) => ({ name, data: text });
// Two per-benchmark files with outer-joined models: m3 lacks benchmark b, m4 lacks a, m2 misses one item of a.
const lb = () =>
  assembleLeaderboard({
    responses: [
      readResponses(file('a.csv', 'model,1,2,3\nm1,1,0,1\nm2,1,,0\nm3,0,0,1\n'), { benchmark: 'a' }),
      readResponses(file('b.csv', 'model,1,2\nm1,1,1\nm2,0,1\nm4,1,0\n'), { benchmark: 'b' }),
    ],
  });

describe('selectModels / selectItems', () => {
  it('subsets responses, models and items consistently, in the order asked', () => {
    const x = lb();
    const s = selectModels(x, ['m4', 'm1']);
    expect(s.models.map((m) => m.id)).toEqual(['m4', 'm1']);
    expect(s.responses!.nModels).toBe(2);
    expect([...s.responses!.values.subarray(0, 5)]).toEqual([255, 255, 255, 1, 0]);
    expect([...s.responses!.values.subarray(5)]).toEqual([1, 0, 1, 1, 1]);
    const t = selectItems(x, (it) => it.benchmark === 'b');
    expect(t.items.map((i) => i.id)).toEqual(['b:1', 'b:2']);
    expect(t.responses!.nItems).toBe(2);
    expect(t.responses!.get(3, 0)).toBe(1); // m4 on b:1
    expect(t.responses!.get(2, 0)).toBeNull(); // m3 has no b
    const u = selectItems(x, ['b:2', 'a:1']);
    expect(u.items.map((i) => i.id)).toEqual(['b:2', 'a:1']);
    expect(u.responses!.get(0, 0)).toBe(1);
    expect(() => selectItems(x, ['zz'])).toThrow(/no item "zz"/);
    expect(() => selectModels(x, [0, 0])).toThrow(/twice/);
  });
  it('keeps only the scores of benchmarks that still have items', () => {
    const x = assembleLeaderboard({
      responses: [readResponses(file('a.csv', 'model,1\nm1,1\nm2,0\n'), { benchmark: 'a' }), readResponses(file('b.csv', 'model,1\nm1,1\nm2,0\n'), { benchmark: 'b' })],
      scores: readScores(file('s.csv', 'model_id,a,b\nm1,0.5,0.25\nm2,0.1,0.2\n')),
    });
    const s = selectModels(selectItems(x, (it) => it.benchmark === 'b'), [1]);
    expect(s.scores!.benchmarks).toEqual(['b']);
    expect([...s.scores!.values]).toEqual([0.2]);
  });
});

describe('coverage', () => {
  it('counts complete models, models missing k benchmarks, partial benchmarks and items missing for some', () => {
    const x = lb();
    const c = coverageOf(x);
    expect(c.basis).toBe('responses');
    expect(c.complete_models).toBe(2); // m1, m2 (m2 is partial on a, but scored)
    expect(c.models_missing_benchmarks).toEqual([2, 2, 0]);
    expect(c.items_missing_for_some_models).toBe(1); // a:2 for m2
    expect(c.per_benchmark).toEqual([
      { benchmark: 'a', n_items: 3, models_scored: 3, models_partial: 1 },
      { benchmark: 'b', n_items: 2, models_scored: 3, models_partial: 0 },
    ]);
    expect(completeMask(x)).toEqual([true, true, false, false]);
    const only = completeOnly(x);
    expect(only.models.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(only.coverage!.complete_models).toBe(2);
    expect(only.coverage!.complete_only).toEqual({ models_kept: 2, models_dropped: 2 });
    expect(formatCoverage(only.coverage!)).toMatch(/Restricted to the 2 complete models \(2 left out\)/);
    const text = formatCoverage(c);
    expect(text).toMatch(/2 of 4 models are complete/);
    expect(text).toMatch(/2 missing 1/);
    expect(text.split('\n').length).toBeLessThanOrEqual(4);
  });
  it('counts scores-only coverage from missing scores', () => {
    const x = assembleLeaderboard({ scores: readScores(file('s.csv', 'model_id,a,b\nm1,0.5,\nm2,,\nm3,0.1,0.2\n')) });
    const c = coverageOf(x);
    expect(c.basis).toBe('scores');
    expect(c.models_missing_benchmarks).toEqual([1, 1, 1]);
    expect(formatCoverage(c)).toMatch(/1 no data at all/);
  });
});
