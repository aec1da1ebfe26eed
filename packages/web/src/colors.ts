// Sequential colour scale for scores in [0, 1]: viridis, linear between 9 stops (matplotlib's viridis
// at 0, 0.125, …, 1).
const STOPS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

function hex(c: string): [number, number, number] {
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}
const RGB = STOPS.map(hex);

export const MISSING_COLOR = '#d9d9d9';

export function scoreColor(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return MISSING_COLOR;
  const x = Math.min(1, Math.max(0, v)) * (RGB.length - 1);
  const i = Math.min(RGB.length - 2, Math.floor(x));
  const t = x - i;
  const a = RGB[i]!;
  const b = RGB[i + 1]!;
  const mix = (k: number): number => Math.round(a[k]! + t * (b[k]! - a[k]!));
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

/** Text colour readable on a score colour. */
export function inkOn(v: number | null): string {
  return v !== null && v > 0.55 ? '#111' : '#fff';
}

export const fmt = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
