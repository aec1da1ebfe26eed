// Imported first by the worker (src/worker.ts), before the statistics library is evaluated: Math's elementary
// functions become fdlibm's (src/fdlibm.ts), so the worker computes what the CLI computes on Node.
import { install } from './fdlibm.js';

export const INSTALLED = install();
