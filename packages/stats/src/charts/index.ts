// Charts: pure functions returning SVG strings (Node and browser alike). Add yours as `<name>.ts` built
// on the primitives of svg.ts (exported as the namespace `svg`: svg.rect, svg.text, svg.viridis, …),
// and export it here. render.ts turns the Vega-Lite specs of the layers (`<layer>/charts.ts`) into static SVG.
export * as svg from './svg.js';
export * from './heatmap.js';
export * from './variance-shares.js';
export * from './scaling-vector.js';
export * from './rank-shift.js';
export * from './render.js';
