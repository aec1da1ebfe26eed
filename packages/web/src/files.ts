// Guessing a dropped file's role from its name and header line (the user can change it).
import type { FileRole } from './protocol.js';

export function guessRole(name: string, bytes: Uint8Array): FileRole {
  const lower = name.toLowerCase();
  if (lower.endsWith('.parquet')) return 'leaderboard';
  const head = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const header = (head.split(/\r?\n/)[0] ?? '').toLowerCase().split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  const has = (c: string): boolean => header.includes(c);
  if (has('fullname') || has('#params (b)') || has('eval_name')) return 'leaderboard';
  if ((has('item_id') || has('item')) && has('correct')) return 'responses';
  if (has('item_id') && has('benchmark') && !has('model_id')) return 'items';
  if (has('benchmark') && has('score')) return 'scores';
  if (/item/.test(lower)) return 'items';
  if (/score/.test(lower)) return 'scores';
  if (/leaderboard/.test(lower)) return 'leaderboard';
  if (/model/.test(lower) && (has('params_b') || has('architecture') || has('contributor') || has('name'))) return 'models';
  if (has('params_b') || has('log10_params') || has('architecture') || has('contributor')) return 'models';
  return 'responses';
}

/** The benchmark a per-benchmark responses file names itself after (`arc.responses.csv` → "arc"), or ''. */
export function guessBenchmark(name: string, role: FileRole): string {
  if (role !== 'responses') return '';
  const m = /^(.+?)[._-]responses?\.(csv|tsv|txt)$/i.exec(name.replace(/^.*[\\/]/, ''));
  if (!m || /^(wide|long|all)$/i.test(m[1]!)) return '';
  return m[1]!;
}
