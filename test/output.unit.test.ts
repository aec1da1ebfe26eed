// The CLI's staged output (packages/cli/src/output.ts): files appear in --out only when the command
// succeeds; on failure the target folder is left exactly as it was and no staging folder remains.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputDir, withOutput } from '../packages/cli/src/output.js';

const tmp = mkdtempSync(join(tmpdir(), 'cartograph-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('withOutput', () => {
  it('commits every file at the end, into a new or an existing folder, keeping unrelated files', async () => {
    const target = join(tmp, 'a', 'b');
    const files = await withOutput(target, (out) => {
      out!.write('x.txt', 'x');
      out!.writeJson('sub/y.json', { y: 1 });
      expect(existsSync(target)).toBe(false); // nothing visible before the end
      return out!.files();
    });
    expect(files).toEqual([join(target, 'x.txt'), join(target, 'sub/y.json')]);
    expect(readFileSync(join(target, 'sub/y.json'), 'utf8')).toBe('{\n  "y": 1\n}\n');
    writeFileSync(join(target, 'keep.txt'), 'keep');
    await withOutput(target, (out) => out!.write('x.txt', 'x2'));
    expect(readdirSync(target).sort()).toEqual(['keep.txt', 'sub', 'x.txt']);
    expect(readFileSync(join(target, 'x.txt'), 'utf8')).toBe('x2');
    expect(readdirSync(join(tmp, 'a')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
  it('on error leaves the target untouched and removes the staging folder', async () => {
    const target = join(tmp, 'c');
    mkdirSync(target);
    writeFileSync(join(target, 'old.txt'), 'old');
    await expect(
      withOutput(target, (out) => {
        out!.write('old.txt', 'half');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(join(target, 'old.txt'), 'utf8')).toBe('old');
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
  it('without a folder writes nothing; a file in the way is an error', async () => {
    expect(await withOutput(undefined, (out) => out)).toBeNull();
    writeFileSync(join(tmp, 'f'), '');
    expect(() => new OutputDir(join(tmp, 'f'))).toThrow(/exists and is not a folder/);
  });
});
