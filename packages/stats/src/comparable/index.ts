// Were two scores produced the same way? Setup extraction from each input's metadata (setup.ts) and the
// key-by-key comparison with why each difference matters (compare.ts).
export { WHY, setupFromLmEvalResults, setupFromInspect, setupFromHelm, setupFromModel, setupFromModelMeta, setupFromFiles, type RunSetup, type SetupKey } from './setup.js';
export { runComparable, runComparableInputs, formatComparable, comparableWarnings, SETUP_KEYS, type ComparableOptions, type ComparableInput, type ComparableReport, type Difference } from './compare.js';
