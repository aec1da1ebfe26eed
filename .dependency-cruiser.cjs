// Import rules of the house (issue #11), checked by `npm run lint:deps` (scripts/test.sh runs it through
// test/architecture.unit.test.ts). Three kinds of rule:
//   1. packages only downward:  core-wasm ← stats ← cli, web;  stats ← queue ← cli;
//   2. estimator folders in packages/stats/src import a sibling only through its index.ts, and only a
//      folder on a lower floor (FLOORS below, bottom first; a folder on the same floor is not "lower");
//   3. CLI commands import the library only through its package entry (runners, types, formatters — the
//      names are checked by the architecture test), never its files, core-wasm or another command.

/** Floors of packages/stats/src, bottom first: scripts/floors.cjs (the architecture test reads it too). */
const { FLOORS } = require('./scripts/floors.cjs');

const S = '^packages/stats/src/';
const floorRules = [];
FLOORS.forEach((floor, k) => {
  const notBelow = FLOORS.slice(k).flat();
  for (const dir of floor) {
    const others = notBelow.filter((d) => d !== dir);
    if (others.length === 0) continue;
    floorRules.push({
      name: `floor-${dir}`,
      comment: `${dir}/ (floor ${k}) may import only folders on floors below ${k}: ${FLOORS.slice(0, k).flat().join(', ') || 'none'}`,
      severity: 'error',
      from: { path: `${S}${dir}/` },
      to: { path: `${S}(${others.join('|')})/` },
    });
  }
});

module.exports = {

  forbidden: [
    {
      name: 'core-wasm-imports-nothing-above',
      severity: 'error',
      from: { path: '^packages/core-wasm/' },
      to: { path: '^packages/(stats|cli|web|queue)/' },
    },
    {
      name: 'stats-is-a-library',
      comment: 'stats is below cli, web and queue',
      severity: 'error',
      from: { path: '^packages/stats/' },
      to: { path: '^packages/(cli|web|queue)/' },
    },
    {
      name: 'queue-below-cli',
      severity: 'error',
      from: { path: '^packages/queue/' },
      to: { path: '^packages/(cli|web)/' },
    },
    {
      name: 'web-is-a-face',
      comment: 'the explorer uses stats and core-wasm only',
      severity: 'error',
      from: { path: '^packages/web/' },
      to: { path: '^packages/(cli|queue)/' },
    },
    {
      name: 'cli-is-a-face',
      severity: 'error',
      from: { path: '^packages/cli/' },
      to: { path: '^packages/web/' },
    },
    {
      name: 'faces-use-the-package-entry',
      comment: 'cli and web import @cartograph/stats (its index.ts, or a subpath the package exports: ./palette), never another file inside it',
      severity: 'error',
      from: { path: '^packages/(cli|web|queue)/src/' },
      to: { path: '^packages/stats/src/', pathNot: '^packages/stats/src/(index|charts/palette)\\.ts$' },
    },
    {
      name: 'cli-uses-the-queue-entry',
      comment: 'cli imports @cartograph/queue (its index.ts), never a file inside it',
      severity: 'error',
      from: { path: '^packages/cli/src/' },
      to: { path: '^packages/queue/src/', pathNot: '^packages/queue/src/index\\.ts$' },
    },
    {
      name: 'commands-import-library-entry-and-scaffold-only',
      comment: 'a command imports @cartograph/stats, the scaffold (../command, ../options, ../inputs, ../output), node and commander; not core-wasm or another command',
      severity: 'error',
      from: { path: '^packages/cli/src/commands/' },
      to: { path: ['^packages/core-wasm/', '^packages/cli/src/commands/'] },
    },
    {
      name: 'siblings-through-index',
      comment: 'an estimator folder imports another only through its index.ts (util/ and data/ are the shared ground: any file)',
      severity: 'error',
      from: { path: `${S}([^/]+)/` },
      to: { path: `${S}[^/]+/`, pathNot: [`${S}$1/`, `${S}[^/]+/index\\.ts$`, `${S}(util|data)/`] },
    },
    {
      name: 'no-library-entry-inside',
      comment: 'inside stats, import the folder, not the package entry (cycles)',
      severity: 'error',
      from: { path: `${S}[^/]+/` },
      to: { path: `${S}index\\.ts$` },
    },
    ...floorRules,
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^packages/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|generated)/|\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
