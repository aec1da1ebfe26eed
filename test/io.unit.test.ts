// The readers' hints for files that are not comma-separated UTF-8 (issue 10 defect 7: a ';'-separated
// file said "ragged row: 3 fields, the header has 1"), the metadata join's rules, and the built-in
// item counts' SE arithmetic.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveItems, joinModelMetadata, loadLeaderboard, parseCsv, readMetadataTable, readModels, subtaskMeanSe, OPEN_LLM_V1_COUNTS, OPEN_LLM_V2_COUNTS } from '@cartograph/stats';

const bytes = (xs: number[]) => new Uint8Array(xs);
const utf16le = (s: string, bom: boolean) => {
  const out: number[] = bom ? [0xff, 0xfe] : [];
  for (const c of s) out.push(c.charCodeAt(0), 0);
  return bytes(out);
};

describe('separator and encoding hints', () => {
  it('a ";"-separated file names the separator instead of "ragged row … the header has 1"', () => {
    expect(() => parseCsv('model;a;b\nm1;0,5;1\n', 'semi.csv')).toThrow(/^semi\.csv:1: the header has no "," but 2 ";" character\(s\): the file looks ";"-separated/);
    expect(() => parseCsv('model;a;b\nm1;0;1\n', 'semi.csv')).toThrow(/";"-separated/);
  });
  it('a tab-separated file names tabs', () => {
    expect(() => parseCsv('model\ta\tb\nm1\t0\t1\n', 'tab.csv')).toThrow(/tab\.csv:1: .*looks tab-separated/);
  });
  it('a ragged row with more ";" than the header has fields suggests the separator', () => {
    expect(() => parseCsv('model,a\nm1;0;1,x,y\n', 'r.csv')).toThrow(/r\.csv:2: ragged row: 3 fields, the header has 2 \(the row has 2 ";" character\(s\)/);
  });
  it('UTF-16 (with or without a byte-order mark) and Latin-1 are named', () => {
    expect(() => parseCsv(utf16le('model,a\nm1,1\n', true), 'u16.csv')).toThrow(/u16\.csv:1: the file is UTF-16 encoded \(little-endian byte-order mark FF FE\)/);
    expect(() => parseCsv(utf16le('model,a\nm1,1\n', false), 'u16.csv')).toThrow(/looks UTF-16 encoded \(little-endian/);
    // "modèle" in Latin-1: è = 0xE8 alone, on line 2, byte column 5
    const latin = bytes([...Buffer.from('id,a\nmod'), 0xe8, ...Buffer.from('le,1\n')]);
    expect(() => parseCsv(latin, 'l1.csv')).toThrow(/^l1\.csv:2 \(column 4\): byte 0xE8 is not UTF-8: the file looks Latin-1 \/ Windows-1252 encoded/);
    // valid UTF-8 with multi-byte characters still reads
    expect(parseCsv(Buffer.from('id,a\nmodèle→✓😀,1\n'), 'ok.csv').rows[0]![0]).toBe('modèle→✓😀');
  });
  it('a one-column comma file without other separators reads', () => {
    expect(parseCsv('model\nm1\n', 'one.csv').header).toEqual(['model']);
  });
});

describe('metadata join', () => {
  const table = readModels({ name: 'm.csv', data: 'model_id,params_b,architecture\nOrg/A,7,Llama\norg__b,13,Mistral\nOrg/C,,Qwen\n' });
  it('matches exactly, then ignoring case and __ for /, and reports the rest', () => {
    const { models, join } = joinModelMetadata(['Org/A', 'org/B', 'org/c', 'Org/Z'], table, { table: 'models' });
    expect(join.matched).toBe(3);
    expect(join.matched_loosely).toBe(2);
    expect(join.unmatched).toEqual(['Org/Z']);
    expect(models.map((m) => m.id)).toEqual(['Org/A', 'org/B', 'org/c', 'Org/Z']); // the data's ids are kept
    expect(models[1]!.paramsB).toBe(13);
    expect(models[3]!.hasMetadata).toBe(false);
    expect(models[3]!.contributor).toBe('Org');
    expect(join.table_rows_unused).toBe(0);
  });
  it('several rows: agreeing fields kept, disagreeing ones unknown and reported as ambiguous', () => {
    const rows = { file: 't', where: [], models: [
      { id: 'x@a', name: 'x', paramsB: 7, log10Params: Math.log10(7e9), architecture: 'L', contributor: null, deployment: 'chat', extra: {} },
      { id: 'x@b', name: 'x', paramsB: 7.02, log10Params: Math.log10(7.02e9), architecture: 'L', contributor: null, deployment: 'fine-tuned', extra: {} },
      { id: 'y@a', name: 'y', paramsB: 7, log10Params: Math.log10(7e9), architecture: 'L', contributor: null, deployment: null, extra: {} },
      { id: 'y@b', name: 'y', paramsB: 13, log10Params: Math.log10(13e9), architecture: 'L', contributor: null, deployment: null, extra: {} },
      { id: 'z@a', name: 'z', paramsB: 46, log10Params: Math.log10(46e9), architecture: 'M', contributor: null, deployment: null, extra: {} },
      { id: 'z@b', name: 'z', paramsB: null, log10Params: null, architecture: 'M', contributor: null, deployment: null, extra: {} },
    ] };
    const { models, join } = joinModelMetadata(['x', 'y', 'z'], rows, { table: 'v1' });
    expect(join.ambiguous).toEqual([{ model_id: 'x', rows: 2, differ_on: ['type'] }, { model_id: 'y', rows: 2, differ_on: ['params'] }]);
    expect(join.matched).toBe(1); // z: a missing count is not a disagreement
    expect(models[0]!.paramsB).toBe(7); // within 1 %
    expect(models[0]!.deployment).toBeNull();
    expect(models[1]!.log10Params).toBeNull();
    expect(models[2]!.paramsB).toBe(46);
  });
});

describe('metadata tables: v2 Parquet, v1 CSV, models CSV', () => {
  const fx = (f: string) => ({ name: f, data: new Uint8Array(readFileSync(join(__dirname, 'fixtures/io', f))) });
  it('tells the kinds apart and joins a v2 Parquet table onto item responses', async () => {
    expect((await readMetadataTable(fx('leaderboard-v2.parquet'))).kind).toBe('v2');
    expect((await readMetadataTable(fx('leaderboard-v1.csv'))).kind).toBe('v1');
    expect((await readMetadataTable(fx('models.csv'))).kind).toBe('models');
    const t = await readMetadataTable(fx('leaderboard-v2.parquet'));
    const ids = [...new Set(t.models.models.map((m) => m.name))].filter((n) => t.models.models.filter((m) => m.name === n).length === 1).slice(0, 2);
    const csv = `model_id,q1,q2\n${ids[0]},1,0\n${ids[1]},0,1\nnobody/else,1,1\n`;
    const lb = await loadLeaderboard({ responses: [{ file: { name: 'r.csv', data: csv }, benchmark: 'x' }], modelsFrom: fx('leaderboard-v2.parquet') });
    expect(lb.metadataJoin).toMatchObject({ table: 'v2', matched: 2, unmatched: ['nobody/else'] });
    expect(lb.origin).toMatchObject({ version: 'v2', role: 'metadata' });
    expect(lb.models[0]!.paramsB).toBe(t.models.models.find((m) => m.name === ids[0])!.paramsB);
    expect(lb.models[2]!.hasMetadata).toBe(false);
  });
});

describe('built-in item counts', () => {
  it('effective counts: pooled = K, unweighted mean of S = S²/Σ(1/K_s)', () => {
    const st = [{ name: 'a', items: 100 }, { name: 'b', items: 300 }];
    expect(effectiveItems(st, [0.25, 0.75])).toBeCloseTo(400, 10); // pooled weights K_s/K
    expect(effectiveItems(st, [0.5, 0.5])).toBeCloseTo(4 / (1 / 100 + 1 / 300), 10);
    // SE formula √(Σ w² p(1−p)/K) reduces to the binomial SE at K_eff when every p_s = p (to 1e-15)
    const p = 0.3;
    const se = subtaskMeanSe([{ weight: 0.5, p, items: 100 }, { weight: 0.5, p, items: 300 }]);
    expect(Math.abs(se - Math.sqrt((p * (1 - p)) / effectiveItems(st, [0.5, 0.5])))).toBeLessThan(1e-15);
  });
  it('the totals of the subtasks are the documented benchmark sizes', () => {
    const total = (name: string, list: typeof OPEN_LLM_V1_COUNTS) => list.find((b) => b.benchmark === name)!;
    expect(total('MMLU', OPEN_LLM_V1_COUNTS).items).toBe(14042);
    expect(total('MMLU', OPEN_LLM_V1_COUNTS).subtasks).toHaveLength(57);
    expect(total('BBH', OPEN_LLM_V2_COUNTS).items).toBe(5761);
    expect(total('MATH Lvl 5', OPEN_LLM_V2_COUNTS).items).toBe(1324);
    expect(total('GPQA', OPEN_LLM_V2_COUNTS).items).toBe(1192);
    expect(total('MUSR', OPEN_LLM_V2_COUNTS).items).toBe(756);
    expect(OPEN_LLM_V1_COUNTS.map((b) => b.items)).toEqual([1172, 10042, 14042, 817, 1267, 1319]);
    for (const b of [...OPEN_LLM_V1_COUNTS, ...OPEN_LLM_V2_COUNTS]) {
      expect(b.citation).toMatch(/lm_eval\/tasks/);
      expect(b.seItems).toBeLessThanOrEqual(b.items);
    }
  });
});
