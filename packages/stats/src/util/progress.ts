// Progress and warnings from a long computation, through callbacks: the library never prints. A front
// end (the CLI's scaffold, the web worker) decides how to show them.
//
//   run(lb, { onProgress: (p) => …, onWarning: (w) => … })
//   onProgress({ stage: 'sample statistics', done: 120, total: 439 })   // a step of a counted stage
//   onProgress({ stage: 'fit bifactor', message: 'iteration 40, F = 1.234' }) // an uncounted one
//
// Call onProgress often on a long step (it is cheap: front ends throttle), at least once a second, so
// a terminal never looks hung: a synchronous computation blocks every timer of the front end.

/** One progress report: the stage (a short noun phrase), optionally done of total, and a note. */
export interface ProgressEvent {
  stage: string;
  done?: number;
  total?: number;
  message?: string;
}

export type OnProgress = (p: ProgressEvent) => void;
export type OnWarning = (message: string) => void;

/** The callbacks every runner takes in its options. */
export interface RunCallbacks {
  onProgress?: OnProgress;
  onWarning?: OnWarning;
}

