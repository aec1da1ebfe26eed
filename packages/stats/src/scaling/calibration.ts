// A shared unconditional calibration (issue 12: fitted once by the audit, read by ranks and by scaling's
// EAP two-step). Checked against this leaderboard before use — same items in the same columns, the
// same specific factor per item, the same model kind and link — and its EAP scores picked for the models
// of scaling's frame by model id (the calibration may hold more models: those without a parameter count).
import type { Leaderboard } from '../data/leaderboard.js';
import type { IrtFit, IrtRun } from '../irt/index.js';
import { EstimationError } from '../util/errors.js';
import type { Frame } from './frame.js';

export interface SharedCalibration {
  fit: IrtFit;
  /** EAP per factor (calibration's factor order), for the frame's models in frame order. */
  eap: Float64Array[];
  /** Posterior SD per factor, same order (the starting centres of the conditioning fit's nodes). */
  psd: Float64Array[];
}

const list = (xs: string[], n = 3): string => xs.slice(0, n).map((x) => `'${x}'`).join(', ') + (xs.length > n ? `, … (${xs.length} in all)` : '');

export function useCalibration(lb: Leaderboard, cal: IrtRun, fr: Frame, model: 'bifactor' | '2PL', link: 'logistic' | 'normal', modelIds?: readonly string[]): SharedCalibration {
  const fail = (why: string): never => {
    throw new EstimationError('scaling', `the shared calibration cannot be used: ${why}`);
  };
  const fit = cal.fit;
  if (!cal.scores) fail('it has no scores (run it with scores)');
  const scores = cal.scores!;
  if (fit.model !== model) fail(`it is a ${fit.model} model, scaling fits ${model}`);
  if (fit.link !== link) fail(`its link is ${fit.link}, scaling's ${link}`);
  // items: every column of the leaderboard, with the same id (and specific factor), fitted or excluded
  const J = lb.items.length;
  const idOf = new Map<number, string>();
  for (const it of fit.items) idOf.set(it.column, it.id);
  for (const e of fit.excludedItems) idOf.set(e.column, e.id);
  if (idOf.size !== J || [...idOf.keys()].some((c) => c < 0 || c >= J)) fail(`it has ${idOf.size} item columns, the leaderboard ${J} items`);
  const wrong = lb.items.filter((it, j) => idOf.get(j) !== it.id).map((it) => it.id);
  if (wrong.length > 0) fail(`its items differ from the leaderboard's (${list(wrong)} not in the same column)`);
  if (model === 'bifactor') {
    const spec = fit.items.filter((it) => it.specific !== lb.items[it.column]!.benchmark).map((it) => it.id);
    if (spec.length > 0) fail(`items load on another specific factor than their benchmark (${list(spec)})`);
  }
  if (scores.factors.join() !== fit.factors.join()) fail('its scores and its fit name different factors');
  // models: the frame's, by id
  const ids = modelIds ?? lb.models.map((m) => m.id);
  if (ids.length !== scores.nPersons) fail(modelIds ? `${ids.length} model ids for ${scores.nPersons} scored models` : `it scores ${scores.nPersons} models, the leaderboard has ${lb.models.length} (fitted on another leaderboard: give its model ids)`);
  const row = new Map<string, number>();
  ids.forEach((id, i) => {
    if (row.has(id)) fail(`model id '${id}' appears twice among its models`);
    row.set(id, i);
  });
  const missing = fr.ids.filter((id) => !row.has(id));
  if (missing.length > 0) fail(`it has no scores for ${missing.length} of the ${fr.ids.length} models scaling analyses (${list(missing)})`);
  const at = fr.ids.map((id) => row.get(id)!);
  return { fit, eap: scores.eap.map((e) => Float64Array.from(at, (i) => e[i]!)), psd: scores.psd.map((e) => Float64Array.from(at, (i) => e[i]!)) };
}
