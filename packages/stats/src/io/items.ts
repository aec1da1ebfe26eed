// Items CSV: `item_id,benchmark,...` (extra columns kept as-is). Every item needs a benchmark.
import type { ItemMeta } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { findColumn, parseCsv, type InputFile } from './csv.js';
import type { Where } from './responses.js';

export interface ItemsTable {
  file: string;
  items: ItemMeta[];
  where: Where[];
}

export function readItems(input: InputFile, opts: { itemCol?: string | null } = {}): ItemsTable {
  const t = parseCsv(input.data, input.name);
  const names = opts.itemCol ? [opts.itemCol] : ['item_id', 'item'];
  const ic = findColumn(t.header, ...names);
  if (ic < 0) throw new InputError(t.file, 1, 0, `no item-id column (expected ${names.map((x) => `"${x}"`).join(' or ')})`);
  const bc = findColumn(t.header, 'benchmark');
  if (bc < 0) throw new InputError(t.file, 1, 0, 'no "benchmark" column: every item needs a benchmark');
  const items: ItemMeta[] = [];
  const where: Where[] = [];
  const seen = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!;
    const line = t.lines[r]!;
    const id = row[ic]!.trim();
    if (id === '') throw new InputError(t.file, line, t.header[ic]!, 'empty item id');
    if (seen.has(id)) throw new InputError(t.file, line, t.header[ic]!, `duplicate item id "${id}" (also line ${seen.get(id)})`);
    seen.set(id, line);
    const benchmark = row[bc]!.trim();
    if (benchmark === '') throw new InputError(t.file, line, 'benchmark', `item "${id}" has no benchmark`);
    const extra: Record<string, string> = {};
    for (let c = 0; c < t.header.length; c++) if (c !== ic && c !== bc) extra[t.header[c]!] = row[c]!;
    items.push({ id, benchmark, extra });
    where.push({ line, column: t.header[ic]! });
  }
  return { file: t.file, items, where };
}
