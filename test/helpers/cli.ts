// Run the bundled CLI (`npx turbo run build` first) from the repository root; exit code and output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');

export function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  return new Promise((res) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}
