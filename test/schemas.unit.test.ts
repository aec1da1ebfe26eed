// Every JSON file the CLI writes is valid against its committed schema and has snake_case keys.
// Runs the built CLI (npm test builds it) on data/demo into a temporary folder, one command per case;
// (commands that read no leaderboard get their own arguments: lmm reads a CSV and a formula)
// each `<name>.json` it writes must have packages/stats/schemas/<name>.schema.json (JSON Schema draft
// 2020-12, checked with ajv in strict mode: unknown keywords fail) and validate against it. A JSON output without a schema fails.
// Add a case here when a command gets a JSON output (its owner writes the schema).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/bin/cartograph.js');
const schemas = join(root, 'packages/stats/schemas');
const D = join(root, 'data/demo');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-schemas-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const items = ['--responses', join(D, 'responses_wide.csv'), '--items', join(D, 'items.csv'), '--models', join(D, 'models.csv')];
const scores = ['--scores', join(D, 'benchmark_scores.csv'), '--models', join(D, 'models.csv')];

/** command → arguments on the demo data (kept fast: the schema, not the numbers, is under test). */
const CASES: [string, string[]][] = [
  ['describe', items],
  ['tetrachoric', items],
  ['cfa', [...items, '--mi', '--factor-scores']],
  ['gtheory', scores],
  ['lmm', ['--data', join(D, 'benchmark_scores.csv'), '--formula', 'score ~ 1 + (1|benchmark) + (1|model_id)']],
  ['irt', items],
  ['scaling', [...items, '--pv', '2', '--replicates', '2']],
  ['ranks', items],
  ['compare', [...items, 'm0001', 'm0002', '--bootstrap', '300']],
  ['ties', [...items, '--top', '5', '--draws', '200']],
  ['gate', [...items, '--baseline', 'm0001', '--candidate', 'm0002']],
  ['structure', scores],
  ['audit', ['--demo']],
  ['robustness', [...items, '--structures', 'general,bifactor', '--bootstrap', '2', '--permutations', '2', '--folds', '2']],
  ['costs', [...items, '--costs', join(root, 'test/fixtures/costs/demo-costs.csv'), '--threshold', '0.5']],
  ['split', ['--items', join(D, 'items.csv'), '--train', '0.7', '--eval', '0.2', '--holdout', '0.1', '--seed', '7']],
  ['comparable', [join(root, 'test/fixtures/comparable/run-a/EleutherAI__pythia-1.4b'), join(root, 'test/fixtures/comparable/run-b/EleutherAI__pythia-1.4b')]],
];
/** exit codes that mean success (the gate exits 5 on a regression, comparable 4 on a setup mismatch) */
const OK: Record<string, number[]> = { gate: [0, 5], comparable: [0, 4] };

/** Every .json file under a folder (layer subfolders too), except Vega-Lite specs (*.vl.json: Vega-Lite's own schema). */
function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...jsonFiles(p));
    else if (e.name.endsWith('.json') && !e.name.endsWith('.vl.json')) out.push(p);
  }
  return out;
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** JSON paths of keys that are not snake_case. */
export function nonSnakeKeys(v: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => nonSnakeKeys(x, `${path}[]`, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (!SNAKE.test(k) && !out.includes(`${path}.${k}`)) out.push(`${path}.${k}`);
      nonSnakeKeys(x, `${path}.${k}`, out);
    }
  }
  return out;
}

function validator(name: string) {
  const file = join(schemas, `${name}.schema.json`);
  if (!existsSync(file)) return null;
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true }); // strictTypes/strictRequired are style lints (they refuse allOf compositions): off
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
}

describe('schemas of the JSON outputs (built CLI on data/demo)', () => {
  it('the snake_case check catches camelCase at any depth', () => {
    expect(nonSnakeKeys({ n_models: 1, rows: [{ rawRank: 1 }], g: { Phi: 1, e_rho2: 2 } })).toEqual(['$.rows[].rawRank', '$.g.Phi']);
  });

  it('every committed schema compiles under ajv strict mode (draft 2020-12)', () => {
    for (const f of readdirSync(schemas).filter((x) => x.endsWith('.schema.json'))) {
      const s = JSON.parse(readFileSync(join(schemas, f), 'utf8'));
      expect(s.$schema, f).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(() => validator(f.replace(/\.schema\.json$/, '')), f).not.toThrow();
    }
  });

  it.each(CASES)('%s: every JSON output has a schema, validates, and has snake_case keys', (command, args) => {
    const out = join(tmp, command);
    const r = spawnSync(process.execPath, [cli, command, ...args, '--out', out, '--quiet'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    expect(OK[command] ?? [0], r.stderr).toContain(r.status);
    const jsons = jsonFiles(out);
    expect(jsons.length, `${command} wrote no JSON`).toBeGreaterThan(0);
    for (const path of jsons) {
      const f = relative(out, path);
      const name = basename(path).replace(/\.json$/, '');
      const data = JSON.parse(readFileSync(path, 'utf8'));
      const validate = validator(name);
      expect(validate, `no schema packages/stats/schemas/${name}.schema.json for ${command}'s ${f}`).not.toBeNull();
      const ok = validate!(data);
      expect(ok, `${f}: ${JSON.stringify(validate!.errors?.slice(0, 5), null, 1)}`).toBe(true);
      expect(nonSnakeKeys(data), `${f}: keys not in snake_case`).toEqual([]);
    }
  }, 600_000);
});
