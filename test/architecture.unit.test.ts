// The house rules of issue #11, checked on the source tree:
//   - import rules (.dependency-cruiser.cjs): packages only downward, estimator folders through index.ts
//     and only downward (floors in scripts/floors.cjs), CLI commands through the package entry — with no
//     violation beyond the committed known list (.dependency-cruiser-known-violations.json), and the rules
//     shown to bite on a miniature tree (test/fixtures/architecture);
//   - every folder of packages/stats/src placed on a floor, with a README.md;
//   - no library code calls console.* or reads process.env;
//   - CLI commands import only runners, types, formatters and output builders from the library;
//   - no JSON.stringify used as CSV quoting;
//   - every file under packages/cli/src/commands is under 150 lines.
// The known lists below name today's offenders (owners fix them; a new offender fails the test).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { FLOORS } = require(join(root, 'scripts/floors.cjs')) as { FLOORS: string[][] };
const depcruise = join(root, 'node_modules/.bin/depcruise');

function files(dir: string, ext = /\.tsx?$/): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!['node_modules', 'dist', 'generated'].includes(e.name)) out.push(...files(p, ext));
    } else if (ext.test(e.name)) out.push(p);
  }
  return out;
}

/** Source without comments (line and block); string contents are kept. */
function code(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

interface Violation {
  rule: string;
  from: string;
  to: string;
}
function cruise(cwd: string, args: string[]): Violation[] {
  const r = spawnSync(depcruise, [...args, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.error, String(r.error)).toBeUndefined();
  const rep = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return rep.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('import rules (dependency-cruiser)', () => {
  it('bite on a miniature tree: each planted violation is found, the clean import is not', () => {
    const v = cruise(join(root, 'test/fixtures/architecture'), ['packages']).map((x) => `${x.rule} ${x.from}`).sort();
    expect(v).toEqual([
      'faces-use-the-package-entry packages/cli/src/commands/deep.ts',
      'floor-cfa packages/stats/src/cfa/index.ts',
      'siblings-through-index packages/stats/src/scaling/run.ts',
      'stats-is-a-library packages/stats/src/util/up.ts',
    ]);
  });

  it('hold on the project, apart from the committed known violations', () => {
    const r = spawnSync('npm', ['run', '--silent', 'lint:deps'], { cwd: root, encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it('every folder of packages/stats/src has a README.md (what lives there, what may import it)', () => {
    const dirs = readdirSync(join(root, 'packages/stats/src')).filter((d) => statSync(join(root, 'packages/stats/src', d)).isDirectory());
    expect(dirs.filter((d) => !existsSync(join(root, 'packages/stats/src', d, 'README.md')))).toEqual([]);
  });

  it('every folder of packages/stats/src is on a floor (scripts/floors.cjs)', () => {
    const placed = new Set(FLOORS.flat());
    const dirs = readdirSync(join(root, 'packages/stats/src')).filter((d) => statSync(join(root, 'packages/stats/src', d)).isDirectory());
    expect(dirs.filter((d) => !placed.has(d))).toEqual([]);
  });
});

// Known offenders (owner in brackets): remove a line when it is fixed; a new offender fails the test.
const KNOWN_PRINTS = new Set<string>([]);
const KNOWN_COMMAND_IMPORTS = new Set<string>([]);
const KNOWN_LONG_COMMANDS = new Set<string>([]);
const KNOWN_JSON_AS_CSV = new Set<string>([]);

describe('library and CLI conventions', () => {
  it('no library code calls console.* or reads process.env', () => {
    const bad: string[] = [];
    for (const f of [...files(join(root, 'packages/stats/src')), ...files(join(root, 'packages/core-wasm/src'))]) {
      const rel = relative(root, f);
      if (/\bconsole\s*\.\s*\w+\s*\(|\bprocess\s*\.\s*env\b|\bprocess\?\.env\b/.test(code(readFileSync(f, 'utf8'))) && !KNOWN_PRINTS.has(rel)) bad.push(rel);
    }
    expect(bad).toEqual([]);
  });

  it('the console check catches what it should (and not comments)', () => {
    const re = /\bconsole\s*\.\s*\w+\s*\(|\bprocess\s*\.\s*env\b|\bprocess\?\.env\b/;
    expect(re.test(code('const a = 1;\nconsole.error("x");'))).toBe(true);
    expect(re.test(code('if (process.env.X) f();'))).toBe(true);
    expect(re.test(code('// console.log("x")\n/* process.env */ const u = "http://x";'))).toBe(false);
  });

  const allowed = (name: string): boolean =>
    /^(run|format|render)[A-Z]/.test(name) || // runners, terminal formatters, document renderers
    /(Csv|Svg|Chart|Charts|Markdown|Html|Json)$/.test(name) || // output builders of a report
    /Error$/.test(name) || // typed errors
    /^[A-Z][A-Z0-9_]+$/.test(name) || // constants (choices, defaults)
    ['simulate', 'simulationFiles', 'parseCfaSyntax', 'readHarnessStderr'].includes(name) || // the simulator; readers of a command's own input file
    name === 'auditOptions'; // the audit's settings → runAudit options, the one builder the CLI and the explorer share

  it('CLI commands import only runners, types, formatters and output builders from @cartograph/stats', () => {
    const bad: string[] = [];
    for (const f of files(join(root, 'packages/cli/src/commands'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@cartograph\/stats'/g)) {
        if (m[1]) continue; // import type { … }
        for (const raw of m[2]!.split(',')) {
          const spec = raw.trim();
          if (spec === '' || spec.startsWith('type ')) continue;
          const name = spec.split(/\s+as\s+/)[0]!.trim();
          const key = `${relative(join(root, 'packages/cli/src/commands'), f)}: ${name}`;
          if (!allowed(name) && !KNOWN_COMMAND_IMPORTS.has(key)) bad.push(key);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('no JSON.stringify as CSV quoting (it is not RFC 4180: use toCsv / csvRow / out.writeCsv)', () => {
    const jsonInCsvRow = /JSON\.stringify\([^)]*\)[^\n]*\.join\(','\)/;
    expect(jsonInCsvRow.test("lines.push([JSON.stringify(m.id), m.raw].join(','));")).toBe(true);
    expect(jsonInCsvRow.test('out.writeJson(name, JSON.stringify(v, null, 2));')).toBe(false);
    const bad: string[] = [];
    for (const f of [...files(join(root, 'packages/cli/src')), ...files(join(root, 'packages/stats/src'))]) {
      const rel = relative(root, f);
      if (jsonInCsvRow.test(code(readFileSync(f, 'utf8'))) && !KNOWN_JSON_AS_CSV.has(rel)) bad.push(rel);
    }
    expect(bad).toEqual([]);
  });

  it('every file under packages/cli/src/commands is under 150 lines', () => {
    const long: string[] = [];
    for (const f of files(join(root, 'packages/cli/src/commands'))) {
      const n = readFileSync(f, 'utf8').split('\n').length - 1;
      const name = relative(join(root, 'packages/cli/src/commands'), f);
      if (n >= 150 && !KNOWN_LONG_COMMANDS.has(name)) long.push(`${name} (${n} lines)`);
    }
    expect(long).toEqual([]);
  });
});
