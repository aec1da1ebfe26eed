// `cartograph collect RUN_ID --queue redis://HOST:PORT --out DIR`: the results of a detached queue run
// (`cartograph robustness … --queue … --detach`) reduced into the study's report once every replicate
// has a result or has failed on every attempt (failed replicates are listed by index with their error).
import { cpus } from 'node:os';
import { EstimationError, InputError } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { finishStudy, loadQueue } from '../executors.js';
import { opt } from '../options.js';

interface Flags {
  queue: string;
  wait?: boolean;
}

export const register = defineCommand<Flags>({
  name: 'collect',
  description: 'reduce a detached queue run (its run id is the plan hash --detach printed) into the study report',
  inputs: false,
  args: ['<run_id>'],
  outDescription: 'folder for the study report (robustness: robustness.json, replicates.jsonl, run.json, charts/; scaling: scaling.json, scaling-vector.csv/.svg, replicates.jsonl, run.json)',
  options: [opt.string('--queue <url>', 'the Redis of the run (redis://HOST:PORT)'), opt.flag('--wait', 'wait until the run is complete instead of saying how far it is')],
  async run(ctx) {
    const Q = await loadQueue();
    const url = ctx.flags.queue;
    if (!url) throw new InputError('--queue', 0, 0, 'collect needs --queue redis://HOST:PORT (where the run was enqueued)');
    const bad = Q.checkRedisUrl(url);
    if (bad) throw new InputError('--queue', 0, 0, bad);
    const runId = String(ctx.args[0]);
    if (!/^[0-9a-f]{64}$/.test(runId)) throw new InputError('<run_id>', 0, 0, `'${runId}' is not a run id (the 64-hex-digit plan hash that --detach printed)`);
    const t0 = Date.now();
    let st = await Q.readRun(url, runId);
    if (st.results.length + st.failed.length < st.total) {
      if (!ctx.flags.wait) throw new EstimationError('collect', `run ${runId.slice(0, 12)}… is not complete: ${st.results.length} of ${st.total} replicates done, ${st.failed.length} failed; collect again later or with --wait`);
      await Q.waitForRun(url, runId, st.total, { onProgress: (done, failed) => ctx.stage({ stage: 'replicates (queue)', done: done + failed, total: st.total }) });
      st = await Q.readRun(url, runId);
    }
    for (const x of st.failed) ctx.callbacks.onWarning(`replicate ${x.kind}:${x.r} failed on every attempt: ${x.error}`);
    await finishStudy(ctx, st.plan, [...st.results, ...st.failed], {
      plan_hash: st.plan.plan_hash,
      study: st.plan.study,
      executor: 'queue',
      queue: url,
      failed: st.failed.length,
      seconds_total: (Date.now() - t0) / 1000,
      node: process.version,
      cpus: cpus().length,
    }, '<run_id>');
  },
});
