// The queue executor's Redis layout (BullMQ's own keys live under the `cartograph` prefix too):
//   cartograph:data:<sha256 of the bytes>   the canonical study data, stored once (SET NX)
//   cartograph:plan:<plan hash>             {plan, data_key}: the run; the run id is the plan hash
//   cartograph:results:<plan hash>          hash kind:r → the result line (HSETNX: a replicate delivered
//                                           twice — BullMQ is at-least-once — writes its value once)
//   cartograph:failed:<plan hash>           hash kind:r → the error of a replicate that failed every attempt
// Jobs: queue `replicates`, job id `<plan hash>:<kind>:<r>` (adding an id that exists adds nothing).
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

export const PREFIX = 'cartograph';
export const QUEUE_NAME = 'replicates';
export const keys = {
  data: (h: string) => `${PREFIX}:data:${h}`,
  plan: (p: string) => `${PREFIX}:plan:${p}`,
  results: (p: string) => `${PREFIX}:results:${p}`,
  failed: (p: string) => `${PREFIX}:failed:${p}`,
};
export const jobId = (planHash: string, kind: string, r: number): string => `${planHash}:${kind}:${r}`;

export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Only redis://HOST:PORT[/DB] (and rediss://) URLs. */
export function checkRedisUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `'${url}' is not a URL (expected redis://HOST:PORT)`;
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return `'${url}' is not a redis:// URL`;
  if (!u.hostname) return `'${url}' names no host`;
  return null;
}

/**
 * A connection that waits out a Redis restart instead of failing commands (BullMQ requires
 * maxRetriesPerRequest: null for workers; the producer and collector use the same so that a restart of
 * Redis on its append-only file mid-run is a pause, not an error).
 */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: (n) => Math.min(100 * n, 1000) });
}
