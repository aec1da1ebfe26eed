// Node test of the MI map's 2×2 tables (src/pairs.ts, the code the worker runs): on the bundled demo the four
// counts of a pair equal a direct count over the models that answered both items (either item order), ρ and
// the thresholds are the library's runTetrachoric's, and two threads give the same ρ and flags bytes as one
// (the library's split; in the page these are Web Workers: test/browser/explorer.views.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MISSING } from '@cartograph/stats';
import { leaderboardFromFiles } from '../src/load.js';
import { pairTables } from '../src/pairs.js';
import type { FilePayload, FileRole } from '../src/protocol.js';

const demo = join(fileURLToPath(new URL('../../..', import.meta.url)), 'data', 'demo');
const payload = (file: string, role: FileRole): FilePayload => {
  const b = readFileSync(join(demo, file));
  return { name: file, role, benchmark: null, data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
};

describe('web: the 2×2 tables behind the MI map', () => {
  it('counts equal a direct count; two threads give the bytes of one', async () => {
    const lb = await leaderboardFromFiles([payload('responses_wide.csv', 'responses'), payload('items.csv', 'items'), payload('models.csv', 'models')], null, { metric: null, filter: null }, {});
    const items = lb.items.map((it) => it.id);
    const asked: [string, string][] = [[items[0]!, items[1]!], [items[40]!, items[3]!], [items[89]!, items[17]!], [items[5]!, items[60]!]];
    const one = await pairTables(lb, items, 'pairwise', 1, asked);
    expect(one.nItems).toBe(90);
    expect(one.pairs.map((p) => [p.item1, p.item2])).toEqual(asked);
    const r = lb.responses!;
    for (const p of one.pairs) {
      const a = items.indexOf(p.item1), b = items.indexOf(p.item2);
      const direct = [0, 0, 0, 0];
      for (let m = 0; m < r.nModels; m++) {
        const x = r.values[m * r.nItems + a]!, y = r.values[m * r.nItems + b]!;
        if (x !== MISSING && y !== MISSING) direct[2 * x + y]! += 1;
      }
      expect(p.counts).toEqual(direct); // exact integers
      expect(p.rho).not.toBeNull();
      expect(Math.abs(p.rho!)).toBeLessThan(1);
    }
    const two = await pairTables(lb, items, 'pairwise', 2, asked);
    expect(Buffer.from(two.rho.buffer).equals(Buffer.from(one.rho.buffer))).toBe(true); // bit for bit
    expect(Buffer.from(two.flags.buffer).equals(Buffer.from(one.flags.buffer))).toBe(true);
    expect(two.pairs).toEqual(one.pairs);
  }, 120_000);
});
