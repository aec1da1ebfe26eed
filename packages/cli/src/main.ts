// Entry point of the bundled CLI.
import { buildProgram, type Register } from './program.js';
import { reportError } from './report-error.js';
import { IN_WORKER, postResult, programArgv } from './worker.js';
import { AUDIT_WORKER, serveAuditWorker } from './audit-workers.js';
import { register as simulate } from './commands/simulate.js';
import { register as describe } from './commands/describe.js';
import { register as lmm } from './commands/lmm.js';
import { register as gtheory } from './commands/gtheory.js';
import { register as tetrachoric } from './commands/tetrachoric.js';
import { register as cfa } from './commands/cfa.js';
import { register as scaling } from './commands/scaling.js';
import { register as ranks } from './commands/ranks.js';
import { register as irt } from './commands/irt.js';
import { register as compare } from './commands/compare.js';
import { register as ties } from './commands/ties.js';
import { register as gate } from './commands/gate.js';
import { register as structure } from './commands/structure.js';
import { register as audit } from './commands/audit.js';
import { register as robustness } from './commands/robustness.js';
import { register as comparable } from './commands/comparable.js';
import { register as costs } from './commands/costs.js';
import { register as split } from './commands/split.js';
import { register as worker } from './commands/worker.js';
import { register as merge } from './commands/merge.js';
import { register as collect } from './commands/collect.js';

const COMMANDS: Register[] = [simulate, describe, lmm, gtheory, tetrachoric, cfa, scaling, ranks, irt, compare, ties, gate, structure, audit, robustness, comparable, costs, split, worker, merge, collect];

// The same program runs on the command's worker thread (worker.ts), parsing the main thread's argv; an
// audit worker thread (audit-workers.ts, `audit --workers N`) runs the audit's tasks instead.
if (AUDIT_WORKER) serveAuditWorker();
else
  buildProgram(COMMANDS)
    .parseAsync(programArgv())
    .catch((err: unknown) => {
      if (IN_WORKER) postResult(err);
      else process.exitCode = reportError(err, process.argv.includes('--debug'));
    });
