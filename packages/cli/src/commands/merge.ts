// `cartograph merge PART… --out DIR`: the parts of a sharded replicate study (each a folder written by
// `--shard i/n`: plan.json + replicates.jsonl) reduced into the study's report — the same
// robustness.json or scaling.json bytes as the single-process run. Refuses parts of another plan, counts a replicate
// present in two parts once after checking the two are identical, and reports a corrupt or truncated
// line by file and line without merging anything.
import { InputError } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { finishStudy, loadQueue } from '../executors.js';
import { opt } from '../options.js';

interface Flags {
  allowIncomplete?: boolean;
}

export const register = defineCommand<Flags>({
  name: 'merge',
  description: 'merge the parts of a sharded replicate study (folders written by --shard i/n, or their replicates.jsonl files) and reduce them: the same report as a single run',
  inputs: false,
  args: ['<parts...>'],
  outDescription: 'folder for the study report (robustness: robustness.json, replicates.jsonl, run.json, charts/; scaling: scaling.json, scaling-vector.csv/.svg, replicates.jsonl, run.json)',
  options: [opt.flag('--allow-incomplete', 'reduce even when replicates of the plan are missing from every part (the report lists them as skipped)')],
  async run(ctx) {
    const Q = await loadQueue();
    const parts = (ctx.args[0] as unknown as string[] | string) ?? [];
    const list = Array.isArray(parts) ? parts : [parts];
    const t0 = Date.now();
    const m = Q.mergeParts(list);
    ctx.info(`merge: ${m.results.length} replicates of plan ${m.plan.plan_hash.slice(0, 12)}… from ${m.parts.length} parts${m.duplicates ? `; ${m.duplicates} present twice (identical, counted once)` : ''}`);
    if (m.missing.length > 0) {
      const msg = `${m.missing.length} replicates of the plan are in no part (${m.missing.slice(0, 8).join(', ')}${m.missing.length > 8 ? ', …' : ''}): a shard is missing or did not finish`;
      if (!ctx.flags.allowIncomplete) throw new InputError(list[0]!, 0, 0, `${msg}; run it (the same command with its --shard), or reduce anyway with --allow-incomplete`);
      ctx.callbacks.onWarning(msg);
    }
    await finishStudy(ctx, m.plan, m.results, {
      plan_hash: m.plan.plan_hash,
      study: m.plan.study,
      executor: 'merge',
      parts: m.parts.map((p) => ({ file: p.file, replicates: p.replicates })),
      duplicates: m.duplicates,
      seconds_total: (Date.now() - t0) / 1000,
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
    }, list[0]!);
  },
});
