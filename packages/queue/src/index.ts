// @cartograph/queue: replicates at scale (issue 15). Local pool and shards (local.ts), replicates.jsonl
// and checkpoints (jsonl.ts), merging parts (merge.ts), the BullMQ/Redis queue (producer.ts, worker.ts,
// processor.ts), the studies the executors know and their canonical data (studies.ts).
export * from './studies.js';
export * from './jsonl.js';
export * from './local.js';
export * from './merge.js';
export * from './redis.js';
export * from './producer.js';
export * from './worker.js';
export * from './paths.js';
