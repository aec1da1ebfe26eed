// The project's one sequential colour map and its colour for a missing value, used by the static SVG
// charts (svg.ts) and the explorer (packages/web/src/colors.ts) alike.
// Viridis (van der Walt & Smith, matplotlib 2015; Garnier et al., viridisLite), sampled at 9 stops —
// the values of R's `viridisLite::viridis(9)` — and interpolated linearly in RGB between them.
// Imports nothing.

/** viridisLite::viridis(9): t = 0, 1/8, …, 1. */
export const VIRIDIS_STOPS = ['#440154', '#472D7B', '#3B528B', '#2C728E', '#21908C', '#27AD81', '#5DC863', '#AADC32', '#FDE725'] as const;

/** The colour of a missing value (NaN, no score) on every viridis-coloured chart. */
export const MISSING_GREY = '#e5e5e5';

const RGB: readonly [number, number, number][] = VIRIDIS_STOPS.map((c) => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]);

/** Red, green, blue (0–255) of t in [0, 1] on the viridis scale (clamped). */
export function viridisRgb(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t)) * (RGB.length - 1);
  const k = Math.min(RGB.length - 2, Math.floor(u));
  const f = u - k;
  const a = RGB[k]!;
  const b = RGB[k + 1]!;
  return [0, 1, 2].map((i) => Math.round(a[i]! + f * (b[i]! - a[i]!))) as [number, number, number];
}

/** Colour (#rrggbb) of t in [0, 1] on the viridis scale (clamped, ±∞ to the ends); NaN, null → MISSING_GREY. */
export function viridis(t: number | null | undefined): string {
  if (t === null || t === undefined || Number.isNaN(t)) return MISSING_GREY;
  return `#${viridisRgb(t === Infinity ? 1 : t === -Infinity ? 0 : t).map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
