// Number formatting for the audit's sentences and tables (one place, so the HTML, the Markdown and the
// terminal print the same digits).
const ok = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

export const f2 = (x: number | null | undefined): string => (ok(x) ? x.toFixed(2) : '—');
export const f3 = (x: number | null | undefined): string => (ok(x) ? x.toFixed(3) : '—');
export const f4 = (x: number | null | undefined): string => (ok(x) ? x.toFixed(4) : '—');
/** A percentage already on the 0–100 scale. */
export const pct = (x: number | null | undefined, d = 1): string => (ok(x) ? `${x.toFixed(d)} %` : '—');
/** A p-value as a phrase: "p < 1e-10", "p = 0.012". */
export function pval(p: number | null | undefined): string {
  if (!ok(p)) return 'p = —';
  if (p < 1e-10) return 'p < 1e-10';
  if (p < 1e-4) return `p = ${p.toExponential(1)}`;
  return `p = ${p.toFixed(p < 0.01 ? 4 : 3)}`;
}
export const plural = (n: number, word: string, words = `${word}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
/** A table cell for any value. */
export function cell(x: unknown, digits = 3): string {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'number') return Number.isFinite(x) ? (Number.isInteger(x) ? String(x) : x.toFixed(digits)) : '—';
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  return String(x);
}
