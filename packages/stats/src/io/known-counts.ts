// Item counts of the Open LLM Leaderboard benchmarks, built in so a leaderboard table gives binomial
// intervals and MMDs without the user typing them. Each number carries its source.
//
// Sources: the lm-evaluation-harness task definitions (EleutherAI/lm-evaluation-harness,
// lm_eval/tasks/<task>/*.yaml: which dataset split a task scores) and the sizes of those splits (the
// datasets' cards; the papers). For v2, `lm_eval/tasks/leaderboard/` (README and group yamls) and the
// Hugging Face blog "Fixing Open LLM Leaderboard with Math-Verify" (MATH-Hard = 1,324 problems).
// Checked against the real v2 table (../shared/data/openllm-v2): every `Raw` score × the stated
// denominator is an integer for MATH Lvl 5 (1324), GPQA (1192), MMLU-PRO (12032) on every row but one
// (gpt2's GPQA and MMLU-PRO look like placeholders; Phi-3-small-8k-instruct's MATH is 37.64/1324); BBH Raw is
// the unweighted mean of its 24 subtask accuracies (Raw × 24 × lcm(250, 187, 146, 178) is an integer on
// every row), MUSR Raw the unweighted mean of its 3 (Raw × 3 × lcm(250, 256) integer), and IFEval Raw the
// mean of the prompt-level (541 prompts) and instruction-level (834 instructions) strict accuracies.
//
// Standard errors. For a score that is a weighted mean of subtask accuracies p_s on K_s items with
// weights w_s (Σ w_s = 1), SE = √(Σ w_s² p_s(1 − p_s)/K_s) (independent binomial subtasks). A table gives
// only the mean p, so the SE is approximated by the binomial √(p(1 − p)/K_eff) with the effective count
// K_eff = 1/Σ(w_s²/K_s) (exact when every p_s = p): a pooled mean (w_s = K_s/K) has K_eff = K, an
// unweighted mean of S subtasks has K_eff = S²/Σ(1/K_s). `seItems` below is that K_eff, the number used for
// intervals and MMDs; `items` is how many items the score counts.
import type { SubtaskCount } from '../data/leaderboard.js';

export interface KnownBenchmark {
  /** Column name in the leaderboard table. */
  benchmark: string;
  /** lm-evaluation-harness task (or group) name. */
  task: string;
  /** Items the score counts (for a benchmark over subtasks: their total). */
  items: number;
  /** The item count behind the binomial SE and intervals (K_eff, see the header). */
  seItems: number;
  /** How the score is formed from the items. */
  aggregation: 'single' | 'pooled' | 'mean_of_subtasks' | 'mean_of_two_levels';
  subtasks: SubtaskCount[] | null;
  /** Where the numbers come from. */
  citation: string;
  /** Why the binomial SE from seItems is an approximation (null when it is exact for a 0/1 score). */
  approximation: string | null;
}

const LMEVAL = 'EleutherAI/lm-evaluation-harness lm_eval/tasks';

/** K_eff = 1/Σ(w_s²/K_s) for subtask weights w (sum 1) and counts K. */
export function effectiveItems(subtasks: readonly SubtaskCount[], weights: readonly number[]): number {
  let s = 0;
  subtasks.forEach((t, k) => (s += (weights[k]! * weights[k]!) / t.items));
  return 1 / s;
}

/** SE of a weighted mean of subtask accuracies: √(Σ w_s² p_s(1 − p_s)/K_s). */
export function subtaskMeanSe(parts: readonly { weight: number; p: number; items: number }[]): number {
  let v = 0;
  for (const x of parts) v += (x.weight * x.weight * x.p * (1 - x.p)) / x.items;
  return Math.sqrt(v);
}

// MMLU (hendrycks_test): test-split sizes of the 57 subjects (cais/mmlu dataset card; sum 14,042).
const MMLU_SUBJECTS: [string, number][] = [
  ['abstract_algebra', 100], ['anatomy', 135], ['astronomy', 152], ['business_ethics', 100], ['clinical_knowledge', 265],
  ['college_biology', 144], ['college_chemistry', 100], ['college_computer_science', 100], ['college_mathematics', 100],
  ['college_medicine', 173], ['college_physics', 102], ['computer_security', 100], ['conceptual_physics', 235],
  ['econometrics', 114], ['electrical_engineering', 145], ['elementary_mathematics', 378], ['formal_logic', 126],
  ['global_facts', 100], ['high_school_biology', 310], ['high_school_chemistry', 203], ['high_school_computer_science', 100],
  ['high_school_european_history', 165], ['high_school_geography', 198], ['high_school_government_and_politics', 193],
  ['high_school_macroeconomics', 390], ['high_school_mathematics', 270], ['high_school_microeconomics', 238],
  ['high_school_physics', 151], ['high_school_psychology', 545], ['high_school_statistics', 216], ['high_school_us_history', 204],
  ['high_school_world_history', 237], ['human_aging', 223], ['human_sexuality', 131], ['international_law', 121],
  ['jurisprudence', 108], ['logical_fallacies', 163], ['machine_learning', 112], ['management', 103], ['marketing', 234],
  ['medical_genetics', 100], ['miscellaneous', 783], ['moral_disputes', 346], ['moral_scenarios', 895], ['nutrition', 306],
  ['philosophy', 311], ['prehistory', 324], ['professional_accounting', 282], ['professional_law', 1534],
  ['professional_medicine', 272], ['professional_psychology', 612], ['public_relations', 110], ['security_studies', 245],
  ['sociology', 201], ['us_foreign_policy', 100], ['virology', 166], ['world_religions', 171],
];

// BBH as the v2 leaderboard runs it: 24 of the 27 tasks (leaderboard/bbh_mc/_leaderboard_bbh.yaml; the
// generative dyck_languages, multistep_arithmetic_two and word_sorting are left out). Sizes from the BBH
// data (suzgunmirac/BIG-Bench-Hard): 250 each except causal_judgement 187, penguins_in_a_table 146, snarks 178.
const BBH_TASKS: [string, number][] = [
  ['boolean_expressions', 250], ['causal_judgement', 187], ['date_understanding', 250], ['disambiguation_qa', 250],
  ['formal_fallacies', 250], ['geometric_shapes', 250], ['hyperbaton', 250], ['logical_deduction_five_objects', 250],
  ['logical_deduction_seven_objects', 250], ['logical_deduction_three_objects', 250], ['movie_recommendation', 250],
  ['navigate', 250], ['object_counting', 250], ['penguins_in_a_table', 146], ['reasoning_about_colored_objects', 250],
  ['ruin_names', 250], ['salient_translation_error_detection', 250], ['snarks', 178], ['sports_understanding', 250],
  ['temporal_sequences', 250], ['tracking_shuffled_objects_five_objects', 250], ['tracking_shuffled_objects_seven_objects', 250],
  ['tracking_shuffled_objects_three_objects', 250], ['web_of_lies', 250],
];

const st = (list: [string, number][]): SubtaskCount[] => list.map(([name, items]) => ({ name, items }));
const sum = (list: readonly SubtaskCount[]): number => list.reduce((a, t) => a + t.items, 0);
const equalWeights = (n: number): number[] => new Array<number>(n).fill(1 / n);

const mmlu = st(MMLU_SUBJECTS);
const bbh = st(BBH_TASKS);
const math = st([['algebra', 307], ['counting_and_prob', 123], ['geometry', 132], ['intermediate_algebra', 280], ['num_theory', 154], ['prealgebra', 193], ['precalculus', 135]]);
const gpqa = st([['diamond', 198], ['extended', 546], ['main', 448]]);
const musr = st([['murder_mysteries', 250], ['object_placements', 256], ['team_allocation', 250]]);

export const OPEN_LLM_V1_COUNTS: readonly KnownBenchmark[] = [
  { benchmark: 'ARC', task: 'arc_challenge', items: 1172, seItems: 1172, aggregation: 'single', subtasks: null, citation: `${LMEVAL}/arc/arc_challenge.yaml (test split of allenai/ai2_arc ARC-Challenge: 1,172 questions)`, approximation: null },
  { benchmark: 'HellaSwag', task: 'hellaswag', items: 10042, seItems: 10042, aggregation: 'single', subtasks: null, citation: `${LMEVAL}/hellaswag/hellaswag.yaml (validation split of Rowan/hellaswag: 10,042 contexts)`, approximation: null },
  {
    benchmark: 'MMLU', task: 'hendrycksTest-* (57 subjects)', items: sum(mmlu), seItems: effectiveItems(mmlu, equalWeights(mmlu.length)), aggregation: 'mean_of_subtasks', subtasks: mmlu,
    citation: `${LMEVAL}/mmlu (test split of cais/mmlu, 57 subjects, 14,042 questions); the v1 leaderboard reports the unweighted mean of the 57 subject accuracies (maintainers in huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard/discussions/185)`,
    approximation: 'the table has no per-subject scores: binomial SE at the mean accuracy with K_eff = 57²/Σ(1/K_s) ≈ 9,528',
  },
  { benchmark: 'TruthfulQA', task: 'truthfulqa_mc2', items: 817, seItems: 817, aggregation: 'single', subtasks: null, citation: `${LMEVAL}/truthfulqa/truthfulqa_mc2.yaml (validation split of truthful_qa multiple_choice: 817 questions)`, approximation: 'mc2 is a probability in [0, 1] per question, not 0/1: the binomial variance p(1 − p) is an upper bound of its variance (Bhatia–Davis)' },
  { benchmark: 'Winogrande', task: 'winogrande', items: 1267, seItems: 1267, aggregation: 'single', subtasks: null, citation: `${LMEVAL}/winogrande/default.yaml (validation split of winogrande_xl: 1,267 sentences)`, approximation: null },
  { benchmark: 'GSM8K', task: 'gsm8k', items: 1319, seItems: 1319, aggregation: 'single', subtasks: null, citation: `${LMEVAL}/gsm8k/gsm8k.yaml (test split of openai/gsm8k: 1,319 problems)`, approximation: null },
];

export const OPEN_LLM_V2_COUNTS: readonly KnownBenchmark[] = [
  {
    benchmark: 'IFEval', task: 'leaderboard_ifeval', items: 541, seItems: 541, aggregation: 'mean_of_two_levels', subtasks: [{ name: 'prompt_level_strict', items: 541 }, { name: 'inst_level_strict', items: 834 }],
    citation: `${LMEVAL}/leaderboard/ifeval/ifeval.yaml (train split of wis-k/instruction-following-eval: 541 prompts with 834 instructions); Raw = mean of the prompt-level and instruction-level strict accuracies (checked on the v2 table)`,
    approximation: 'mean of two correlated accuracies over the same 541 prompts: binomial SE on the 541 prompts (conservative)',
  },
  {
    benchmark: 'BBH', task: 'leaderboard_bbh', items: sum(bbh), seItems: effectiveItems(bbh, equalWeights(bbh.length)), aggregation: 'mean_of_subtasks', subtasks: bbh,
    citation: `${LMEVAL}/leaderboard/bbh_mc/_leaderboard_bbh.yaml (24 tasks, 5,761 questions); the table's Raw is the unweighted mean of the 24 task accuracies (checked on the v2 table), not the harness group's size-weighted mean`,
    approximation: 'the table has no per-task scores: binomial SE at the mean accuracy with K_eff = 24²/Σ(1/K_s) ≈ 5,657',
  },
  {
    benchmark: 'MATH Lvl 5', task: 'leaderboard_math_hard', items: sum(math), seItems: sum(math), aggregation: 'pooled', subtasks: math,
    citation: `${LMEVAL}/leaderboard/math/_leaderboard_math.yaml (7 subjects, weight_by_size; level-5 test problems of MATH: 1,324 — Hugging Face blog "Fixing Open LLM Leaderboard with Math-Verify"); Raw × 1324 is an integer on all rows of the v2 table but one`,
    approximation: 'pooled over 7 subjects whose scores the table does not give: the binomial SE at the pooled accuracy is an upper bound (exact when the subjects are equally hard)',
  },
  {
    benchmark: 'GPQA', task: 'leaderboard_gpqa', items: sum(gpqa), seItems: 1192 ** 2 / (198 * 9 + 250 * 4 + 98), aggregation: 'pooled', subtasks: gpqa,
    citation: `${LMEVAL}/leaderboard/gpqa/_leaderboard_gpqa.yaml (diamond 198, extended 546, main 448, weight_by_size: 1,192 answers; GPQA paper, Rein et al. 2023); Raw × 1192 is an integer on all rows of the v2 table but one`,
    approximation: 'the three sets overlap (diamond ⊂ main ⊂ extended: 546 distinct questions, 198 answered three times, 250 twice): SE with K_eff = 1192²/Σ multiplicity² ≈ 493 (answers to a repeated question treated as identical; conservative)',
  },
  {
    benchmark: 'MUSR', task: 'leaderboard_musr', items: sum(musr), seItems: effectiveItems(musr, equalWeights(musr.length)), aggregation: 'mean_of_subtasks', subtasks: musr,
    citation: `${LMEVAL}/leaderboard/musr/_musr.yaml (murder_mysteries 250, object_placements 256, team_allocation 250; TAUR-Lab/MuSR); the table's Raw is the unweighted mean of the 3 (checked on the v2 table), not the harness group's size-weighted mean`,
    approximation: 'the table has no per-task scores: binomial SE at the mean accuracy with K_eff = 9/Σ(1/K_s) ≈ 756',
  },
  { benchmark: 'MMLU-PRO', task: 'leaderboard_mmlu_pro', items: 12032, seItems: 12032, aggregation: 'single', subtasks: null, citation: `${LMEVAL}/leaderboard/mmlu_pro/mmlu_pro.yaml (test split of TIGER-Lab/MMLU-Pro: 12,032 questions); Raw × 12032 is an integer on all rows of the v2 table but one`, approximation: null },
];

/** The built-in counts of a known table. */
export function knownCounts(version: 'v1' | 'v2'): readonly KnownBenchmark[] {
  return version === 'v1' ? OPEN_LLM_V1_COUNTS : OPEN_LLM_V2_COUNTS;
}
