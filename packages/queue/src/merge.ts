// `cartograph merge`: the partial replicates.jsonl files of shards (each with the plan.json its run
// wrote beside it) into one set of results. A part of another plan is refused; a replicate present in
// two parts counts once after checking the two are identical; a line that is not a complete result is
// reported by file and line and nothing is merged.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalJson, checkPlan, InputError, listReplicates, type ReplicateEnvelope, type ReplicatePlan } from '@cartograph/stats';
import { readReplicateFile } from './jsonl.js';

export interface MergedParts {
  plan: ReplicatePlan;
  results: ReplicateEnvelope[];
  /** Replicates present in more than one part (identical, counted once). */
  duplicates: number;
  parts: { file: string; replicates: number }[];
  /** Replicates of the plan that no part holds. */
  missing: string[];
}

export function readPlanFile(file: string): ReplicatePlan {
  if (!existsSync(file)) throw new InputError(file, 0, 0, 'no plan.json here: each part is a folder written by a --shard run (plan.json + replicates.jsonl) or a replicates.jsonl with its plan.json beside it');
  let plan: ReplicatePlan;
  try {
    plan = JSON.parse(readFileSync(file, 'utf8')) as ReplicatePlan;
  } catch (e) {
    throw new InputError(file, 1, 1, `not JSON: ${(e as Error).message}`);
  }
  try {
    checkPlan(plan);
  } catch (e) {
    throw new InputError(file, 1, 1, (e as Error).message.replace(/^.*?: /, ''));
  }
  return plan;
}

function partFiles(part: string): { jsonl: string; plan: string } {
  if (existsSync(part) && statSync(part).isDirectory()) return { jsonl: join(part, 'replicates.jsonl'), plan: join(part, 'plan.json') };
  return { jsonl: part, plan: join(dirname(part), 'plan.json') };
}

export function mergeParts(parts: string[]): MergedParts {
  if (parts.length === 0) throw new InputError('<parts>', 0, 0, 'no parts to merge');
  let plan: ReplicatePlan | null = null;
  let planFile = '';
  const byKey = new Map<string, { res: ReplicateEnvelope; json: string; where: string }>();
  let duplicates = 0;
  const info: MergedParts['parts'] = [];
  for (const part of parts) {
    const f = partFiles(part);
    if (!existsSync(f.jsonl)) throw new InputError(f.jsonl, 0, 0, 'no such file');
    const p = readPlanFile(f.plan);
    if (plan === null) {
      plan = p;
      planFile = f.plan;
    } else if (p.plan_hash !== plan.plan_hash)
      throw new InputError(f.plan, 0, 0, `this part belongs to plan ${p.plan_hash.slice(0, 12)}…, the first part (${planFile}) to plan ${plan.plan_hash.slice(0, 12)}…: parts of different plans (other data, options or seed) cannot be merged`);
    const parsed = readReplicateFile(f.jsonl);
    parsed.results.forEach((res, i) => {
      const line = parsed.lines[i]!;
      if (res.plan_hash !== plan!.plan_hash) throw new InputError(f.jsonl, line, 1, `replicate ${res.kind}:${res.r} belongs to plan ${res.plan_hash.slice(0, 12)}…, not to the plan of its plan.json (${plan!.plan_hash.slice(0, 12)}…)`);
      if (!(res.kind in plan!.replicates) || res.r >= plan!.replicates[res.kind]!) throw new InputError(f.jsonl, line, 1, `replicate ${res.kind}:${res.r} is not in the plan`);
      const key = `${res.kind}:${res.r}`;
      const json = canonicalJson(res);
      const prev = byKey.get(key);
      if (prev) {
        if (prev.json !== json) throw new InputError(f.jsonl, line, 1, `replicate ${key} is also at ${prev.where} with different contents: one of the runs was not of this plan or was corrupted; nothing was merged`);
        duplicates++;
        return;
      }
      byKey.set(key, { res, json, where: `${f.jsonl}:${line}` });
    });
    info.push({ file: f.jsonl, replicates: parsed.results.length });
  }
  const missing = listReplicates(plan!)
    .map((id) => `${id.kind}:${id.r}`)
    .filter((k) => !byKey.has(k));
  const results = [...byKey.values()].map((v) => v.res).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.r - b.r));
  return { plan: plan!, results, duplicates, parts: info, missing };
}
