// How a replicate study runs (issue 15): in this process, on a pool of worker threads (--workers N), as
// one shard of n for a batch engine (--shard i/n, then `cartograph merge`), resumable (--checkpoint FILE),
// or through a BullMQ queue on Redis (--queue redis://HOST:PORT, `cartograph worker`; --detach →
// run id, `cartograph collect RUN_ID`). Whatever ran it, the results are the same objects and
// robustness.json / scaling.json the same bytes: timings, worker counts and hosts go to run.json only.
// The studies: robustness (executeRobustness) and scaling's slope-reliability replicates (executeScaling).
import { availableParallelism, cpus, hostname } from 'node:os';
import {
  collectResults,
  EstimationError,
  formatRobustness,
  formatScaling,
  InputError,
  planScaling,
  reduceRobustness,
  replicateData,
  replicateLine,
  robustnessCharts,
  robustnessPlan,
  scalingRun,
  scalingVectorCsv,
  scalingVectorSvg,
  type Leaderboard,
  type ReplicateData,
  type ReplicateEnvelope,
  type ReplicatePlan,
  type RobustnessPlan,
  type RobustnessReport,
  type RobustnessResult,
  type RobustnessRunOptions,
  type ScalingData,
  type ScalingOptions,
  type ScalingPlan,
  type ScalingReplicateResult,
} from '@cartograph/stats';
import type { Context, CommonFlags } from './command.js';
import { opt } from './options.js';
import type { OutputDir } from './output.js';

type QueueModule = typeof import('@cartograph/queue');
const QUEUE_PACKAGE = ['@cartograph', 'queue'].join('/');

/** The queue bundle has its own copy of the library's error classes: give its errors the CLI's classes (exit codes). */
function adoptError(e: unknown): unknown {
  const x = e as { name?: string; file?: string; line?: number; column?: number | string; detail?: string; method?: string };
  if (x && x.name === 'InputError' && !(e instanceof InputError)) return new InputError(x.file!, x.line!, x.column!, x.detail!);
  if (x && x.name === 'EstimationError' && !(e instanceof EstimationError)) return new EstimationError(x.method!, x.detail!);
  return e;
}

/**
 * @cartograph/queue, loaded at run time from its own build (it keeps bullmq and piscina beside their
 * files); every function's errors (thrown or rejected) carry the CLI's error classes.
 */
export async function loadQueue(): Promise<QueueModule> {
  const mod = (await import(/* @vite-ignore */ QUEUE_PACKAGE)) as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mod)) {
    if (typeof v !== 'function' || /^[A-Z]/.test(k)) {
      wrapped[k] = v;
      continue;
    }
    wrapped[k] = (...args: unknown[]) => {
      try {
        const r = (v as (...a: unknown[]) => unknown)(...args);
        return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(adoptError(e))) : r;
      } catch (e) {
        throw adoptError(e);
      }
    };
  }
  return wrapped as unknown as QueueModule;
}

export interface ExecFlags {
  workers?: number;
  shard?: string;
  checkpoint?: string;
  queue?: string;
  detach?: boolean;
}

export const executorOptions = [
  opt.int('--workers <N>', 'worker threads for the replicates (default: the cores available; 1 runs them in this process)', { min: 1 }),
  opt.string('--shard <i/n>', 'run only shard i of n (0-based: replicates k ≡ i mod n in plan order) and write plan.json + replicates.jsonl; combine the parts with `cartograph merge`'),
  opt.string('--checkpoint <file>', 'append each finished replicate to FILE; a rerun of the same plan skips those already there'),
  opt.string('--queue <url>', 'run the replicates as jobs of a BullMQ queue on Redis (redis://HOST:PORT), processed by `cartograph worker` processes'),
  opt.flag('--detach', 'with --queue: enqueue, print the run id and return; `cartograph collect RUN_ID` reduces when complete'),
];

/** How the run went: for run.json only. */
export type RunInfo = Record<string, unknown>;

function checkFlags(f: ExecFlags): void {
  if (f.detach && !f.queue) throw new InputError('<options>', 0, 0, '--detach needs --queue (a local run cannot outlive the command)');
  if (f.queue && (f.shard || f.checkpoint)) throw new InputError('<options>', 0, 0, '--queue keeps its own progress in Redis: it does not combine with --shard or --checkpoint');
}

export interface ExecutedStudy<R> {
  results: R[];
  run_info: RunInfo;
  /** Only part of the plan ran (a shard): write the part, do not reduce. */
  partial: boolean;
}

/** Runs a plan's replicates by the executor the flags ask for; null when detached (the run id was printed). */
export async function executeStudy<R extends ReplicateEnvelope>(ctx: Context<CommonFlags & ExecFlags>, plan: ReplicatePlan, data: ReplicateData | ScalingData, f: ExecFlags): Promise<ExecutedStudy<R> | null> {
  checkFlags(f);
  const Q = await loadQueue();
  const t0 = Date.now();
  const base = { plan_hash: plan.plan_hash, study: plan.study, node: process.version, host: hostname(), cpus: cpus().length };
  if (f.queue) {
    const bad = Q.checkRedisUrl(f.queue);
    if (bad) throw new InputError('--queue', 0, 0, bad);
    const enq = await Q.enqueueRun(f.queue, plan, Q.encodeData(data));
    ctx.info(`run ${enq.run_id}: ${enq.added} replicates enqueued, ${enq.already_done} already done, ${enq.total - enq.added - enq.already_done} already queued`);
    if (f.detach) {
      ctx.print(`run id: ${enq.run_id}\ncollect it with: cartograph collect ${enq.run_id} --queue ${f.queue} --out DIR\n`);
      return null;
    }
    await Q.waitForRun(f.queue, enq.run_id, enq.total, { onProgress: (done, failed) => ctx.stage({ stage: 'replicates (queue)', done: done + failed, total: enq.total, ...(failed ? { message: `${failed} failed` } : {}) }) });
    const st = await Q.readRun(f.queue, enq.run_id);
    for (const x of st.failed) ctx.callbacks.onWarning(`replicate ${x.kind}:${x.r} failed on every attempt: ${x.error}`);
    return { results: [...st.results, ...st.failed] as R[], partial: false, run_info: { ...base, executor: 'queue', queue: f.queue, seconds_total: (Date.now() - t0) / 1000, failed: st.failed.length } };
  }
  let shard = null;
  if (f.shard) {
    const s = Q.parseShard(f.shard);
    if (typeof s === 'string') throw new InputError('--shard', 0, 0, s);
    shard = s;
  }
  const ids = Q.shardReplicates(plan, shard);
  let workers = f.workers ?? availableParallelism(); // CPU affinity respected; pass --workers under a container CPU quota
  let poolWorker = '';
  try {
    poolWorker = Q.poolWorkerPath();
  } catch (e) {
    if (f.workers !== undefined && f.workers > 1) throw e;
    workers = 1;
  }
  const run = await Q.runLocal({ plan, data, ids, workers, poolWorker, ...(f.checkpoint ? { checkpoint: f.checkpoint } : {}), ...ctx.callbacks });
  return {
    results: run.results as R[],
    partial: shard !== null,
    run_info: { ...base, executor: run.workers > 1 ? 'pool' : 'in_process', workers: run.workers, ...(shard ? { shard: `${shard.index}/${shard.count}`, replicates: ids.length } : {}), resumed_from_checkpoint: run.resumed, seconds_total: (Date.now() - t0) / 1000, seconds_by_kind: run.seconds_by_kind },
  };
}

/** The files of a complete robustness run: robustness.json, replicates.jsonl, run.json, charts. */
export function writeRobustness(out: OutputDir, report: RobustnessReport, results: readonly ReplicateEnvelope[], runInfo: RunInfo): void {
  out.writeJson('robustness.json', report);
  out.write('replicates.jsonl', results.map((r) => replicateLine(r)).join('\n') + '\n');
  out.writeJson('run.json', runInfo);
  for (const [name, spec] of Object.entries(robustnessCharts(report))) out.write(`charts/${name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
}

/** A shard's part: plan.json, replicates.jsonl (this shard's replicates), run.json. */
export function writePart(out: OutputDir, plan: ReplicatePlan, results: readonly ReplicateEnvelope[], runInfo: RunInfo): void {
  out.writeJson('plan.json', plan);
  out.write('replicates.jsonl', results.map((r) => replicateLine(r)).join('\n') + (results.length ? '\n' : ''));
  out.writeJson('run.json', runInfo);
}

/** Reduces, prints and writes a complete set of robustness results (robustness, merge, collect). */
export async function finishRobustness(ctx: Context<CommonFlags>, plan: RobustnessPlan, results: RobustnessResult[], runInfo: RunInfo): Promise<void> {
  // collectResults returns every result in its canonical form (keys sorted, as replicates.jsonl and Redis
  // hold it): the report copies result objects, so their key order must not depend on whether they came
  // from memory, a worker thread, a part file or the queue.
  const canonical = collectResults(plan, results);
  const report = reduceRobustness(plan, canonical);
  ctx.print(formatRobustness(report));
  await ctx.write((out) => writeRobustness(out, report, canonical, runInfo));
}

/** `cartograph robustness` with the executor flags: plan, run, reduce, write. */
export async function executeRobustness(ctx: Context<CommonFlags & ExecFlags>, lb: Leaderboard, o: RobustnessRunOptions, f: ExecFlags): Promise<void> {
  const data = replicateData(lb);
  if (data.models_dropped > 0) ctx.callbacks.onWarning(`${data.models_dropped} models with a missing cell are left out (the studies use the ${data.models.length} models complete on every item)`);
  const plan = robustnessPlan(data, o);
  ctx.stage({ stage: 'shared work', message: `pool sample statistics: ${data.models.length} models × ${data.items.length} items` });
  await runStudy<RobustnessResult, RobustnessPlan>(ctx, plan, data, f, finishRobustness);
}

/**
 * Runs a study's replicates on the executor the flags ask for, then: a detached run writes plan.json, a
 * shard writes its part, a complete run is reduced by `finish`.
 */
async function runStudy<R extends ReplicateEnvelope, P extends ReplicatePlan = ReplicatePlan>(
  ctx: Context<CommonFlags & ExecFlags>,
  plan: P,
  data: ReplicateData | ScalingData,
  f: ExecFlags,
  finish: (ctx: Context<CommonFlags>, plan: P, results: R[], runInfo: RunInfo) => Promise<void>,
): Promise<void> {
  const ex = await executeStudy<R>(ctx, plan, data, f);
  if (ex === null) {
    await ctx.write((out) => out.writeJson('plan.json', plan));
    return;
  }
  if (ex.partial) {
    ctx.info(`shard ${f.shard}: ${ex.results.length} replicates of plan ${plan.plan_hash.slice(0, 12)}…; combine the parts with cartograph merge PART… --out DIR`);
    await ctx.write((out) => writePart(out, plan, ex.results, ex.run_info));
    return;
  }
  await finish(ctx, plan, ex.results, ex.run_info);
}

/** Reduces, prints and writes a complete set of scaling replicates (scaling, merge, collect): scaling.json, the vector's CSV and SVG, replicates.jsonl, run.json. */
export async function finishScaling(ctx: Context<CommonFlags>, plan: ScalingPlan, results: ScalingReplicateResult[], runInfo: RunInfo): Promise<void> {
  const canonical = collectResults(plan, results);
  const run = scalingRun(plan, canonical);
  for (const w of run.analysis.warnings) ctx.callbacks.onWarning(w);
  ctx.print(formatScaling(run.analysis));
  await ctx.write((out) => {
    out.writeJson('scaling.json', run.report);
    out.write('scaling-vector.csv', scalingVectorCsv(run.analysis));
    out.write('scaling-vector.svg', scalingVectorSvg(run.analysis));
    out.write('replicates.jsonl', canonical.map((r) => replicateLine(r)).join('\n') + (canonical.length ? '\n' : ''));
    out.writeJson('run.json', runInfo);
  });
}

/**
 * `cartograph scaling` with the executor flags: the full-test analysis here (calibrations, plausible
 * values, slopes; its plan carries it), the item-resampled replicates on the executor asked for, then
 * the reduction. A shard writes its part (every shard repeats the deterministic full-test analysis, so
 * all parts carry the same plan).
 */
export async function executeScaling(ctx: Context<CommonFlags & ExecFlags>, lb: Leaderboard, o: ScalingOptions, f: ExecFlags): Promise<void> {
  const planned = planScaling(lb, { ...o, onProgress: ctx.callbacks.onProgress });
  const plan = planned.plan;
  await runStudy<ScalingReplicateResult, ScalingPlan>(ctx, plan, planned.data, f, finishScaling);
}

/** Reduces merged or collected results by the study of their plan. */
export async function finishStudy(ctx: Context<CommonFlags>, plan: ReplicatePlan, results: ReplicateEnvelope[], runInfo: RunInfo, where: string): Promise<void> {
  if (plan.study === 'robustness') return finishRobustness(ctx, plan as RobustnessPlan, results as RobustnessResult[], runInfo);
  if (plan.study === 'scaling') return finishScaling(ctx, plan as ScalingPlan, results as ScalingReplicateResult[], runInfo);
  throw new InputError(where, 0, 0, `no reduction for the study '${plan.study}' (known: robustness, scaling)`);
}
