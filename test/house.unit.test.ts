// House issue #11: one definition each of the shared numerics and helpers. Greps the sources of every
// package (packages/*/src, TypeScript) and asserts that each of these is implemented in exactly one place:
//   logGamma, pearson                 → packages/stats/src/math/
//   pairIndex (lavaan's pair order)   → packages/stats/src/data/indexing.ts
//   the dense inverse                 → packages/stats/src/math/dense.ts (over core-wasm); any other function
//                                       named invert…/…inverse must delegate (call math's or core-wasm's)
//   the viridis stops                 → packages/stats/src/charts/palette.ts
//   proportion correct per benchmark  → packages/stats/src/data/indexing.ts (no other "correct / answered"
//                                       per-benchmark division)
// Re-exports (`export { logGamma } from …`) are not definitions. Known offenders, with their owner, are
// listed below: remove a line when it is fixed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'node_modules' || f === 'dist' || f === 'generated' || f === 'build') return [];
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}
const sources = readdirSync(join(root, 'packages')).flatMap((pk) => {
  try {
    return files(join(root, 'packages', pk, 'src'));
  } catch {
    return [];
  }
});
/** Source without comments (so a mention in prose is not a definition). */
const code = (s: string): string => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:"'`])\/\/.*$/gm, '$1');
const text = new Map(sources.map((f) => [relative(root, f), code(readFileSync(f, 'utf8'))]));
const where = (re: RegExp): string[] => [...text].filter(([, s]) => re.test(s)).map(([f]) => f);

/** Bodies of the functions whose name matches `name` (brace matching from the declaration). */
function bodies(name: RegExp): { file: string; name: string; body: string }[] {
  const out: { file: string; name: string; body: string }[] = [];
  for (const [file, s] of text) {
    const re = new RegExp(`function\\s+(${name.source})\\s*\\(`, 'g');
    for (const m of s.matchAll(re)) {
      let i = s.indexOf('{', m.index! + m[0].length);
      // skip the parameter list's and return type's braces: the body starts at the first '{' after ')'
      const close = s.indexOf(')', m.index!);
      i = s.indexOf('{', close);
      let depth = 0;
      let j = i;
      for (; j < s.length; j++) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}' && --depth === 0) break;
      }
      out.push({ file, name: m[1]!, body: s.slice(i, j + 1) });
    }
  }
  return out;
}

const KNOWN: Record<string, string[]> = {
  inverse: [],
  viridis: [],
  proportion: [],
};

describe('one definition each of the shared numerics (house issue #11)', () => {
  it('logGamma: only math/special.ts', () => {
    expect(where(/function\s+logGamma\b/)).toEqual(['packages/stats/src/math/special.ts']);
  });
  it('pearson: only math/correlation.ts', () => {
    expect(where(/function\s+pearson\b/)).toEqual(['packages/stats/src/math/correlation.ts']);
  });
  it('pairIndex: only data/indexing.ts', () => {
    expect(where(/function\s+pairIndex\b/)).toEqual(['packages/stats/src/data/indexing.ts']);
  });
  it('the dense inverse: math/dense.ts; every other invert…/…inverse function delegates to it or to core-wasm', () => {
    const own = bodies(/\w*[Ii]nvers\w*|invert\w*/).filter((b) => !b.file.startsWith('packages/core-wasm/') && b.file !== 'packages/stats/src/math/dense.ts');
    const handWritten = own.filter((b) => !/\b(inverse|inverseSpd|solve|solveSpd|wasmSpdInverse|wasmLuSolve|luSolve|spdInverse|spdSolve|choleskySolve)\s*\(/.test(b.body.slice(1)));
    expect(handWritten.map((b) => `${b.file}: ${b.name}`).filter((x) => !KNOWN.inverse!.includes(x))).toEqual([]);
  });
  it('the viridis stops: only charts/palette.ts', () => {
    expect(where(/440154|\b68,\s*1,\s*84\b/i).filter((f) => !KNOWN.viridis!.includes(f))).toEqual(['packages/stats/src/charts/palette.ts']);
  });
  it('proportion correct per model × benchmark: only data/indexing.ts', () => {
    // the division of items correct by items answered per benchmark, as the former copies wrote it
    expect(where(/\bones\s*\/\s*seen\b|\bs\[b\]!?\s*\/\s*n\[b\]!?/).filter((f) => !KNOWN.proportion!.includes(f))).toEqual(['packages/stats/src/data/indexing.ts']);
  });
});
