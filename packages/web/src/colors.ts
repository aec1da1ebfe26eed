// Sequential colour scale for scores in [0, 1]: the project's one viridis map and missing-value grey
// (packages/stats/src/charts/palette.ts, through the `@cartograph/stats/palette` subpath so the main
// thread does not load the library).
import { MISSING_GREY, viridis } from '@cartograph/stats/palette';

export const MISSING_COLOR = MISSING_GREY;

export function scoreColor(v: number | null): string {
  return viridis(v === null || !Number.isFinite(v) ? NaN : v);
}

/** Text colour readable on a score colour. */
export function inkOn(v: number | null): string {
  return v !== null && v > 0.55 ? '#111' : '#fff';
}

export const fmt = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
