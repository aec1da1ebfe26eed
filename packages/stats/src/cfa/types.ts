// Types shared by the cfa stages and its callers.

/** One progress report (the house convention, packages/stats/src/util/progress.ts): a stage, optionally done of total, and a note. */
export interface CfaProgress {
  stage: string;
  done?: number;
  total?: number;
  message?: string;
}
