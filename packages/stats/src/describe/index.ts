export * from './intervals.js';
export * from './cells.js';
export * from './describe.js';
export * from './format.js';
