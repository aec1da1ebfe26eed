// Plain-language definitions of every term the report uses; the report lists the whole glossary (the
// terms are few and a reader jumping into one section should find all of them).
import type { AuditReport } from './types.js';

export const GLOSSARY: { term: string; definition: string }[] = [
  { term: 'Item', definition: 'One question of a benchmark, scored 0 (wrong) or 1 (right) for each model.' },
  { term: 'Proportion correct', definition: 'The share of a benchmark’s items a model answered correctly: its benchmark score.' },
  { term: 'Wilson interval', definition: 'A 95 % interval for a proportion correct that treats the items as a sample from a larger pool of similar items.' },
  { term: 'MMD (minimum meaningful difference)', definition: 'The smallest gap in proportion correct between two models that a two-sided test at the chosen level calls real; smaller gaps may be noise.' },
  { term: 'Saturated benchmark', definition: 'A benchmark on which the median model already scores at or above the saturation threshold: it no longer separates good models.' },
  { term: 'Tetrachoric correlation', definition: 'The correlation of two 0/1 items as if each were a cut of an underlying continuous ability; the input of the factor models.' },
  { term: 'WLSMV', definition: 'Weighted least squares, mean- and variance-adjusted: the standard estimator for factor models of 0/1 items (as lavaan’s), with robust standard errors and a scaled χ² test.' },
  { term: 'Structure', definition: 'A hypothesis about what the items measure: independent benchmark factors, one general factor, a second-order factor, correlated benchmark factors, a bifactor (general plus benchmark-specific), or a bifactor with correlated specifics.' },
  { term: 'Scaled RMSEA', definition: 'Root mean square error of approximation of the scaled χ²: misfit per degree of freedom; below 0.05 is close fit. Shown with its 90 % interval.' },
  { term: 'CFI', definition: 'Comparative fit index: how much better the structure fits than a model of uncorrelated items, 0–1; above 0.95 is good.' },
  { term: 'Difference test', definition: 'A scaled χ² test of a structure against a more general one it is nested in; a small p says the restriction costs real fit.' },
  { term: 'Loading (standardized)', definition: 'The correlation-like weight of an item on a factor; near 0 means the item barely reflects that factor, negative means it runs against it.' },
  { term: 'ECV', definition: 'Explained common variance: the share of the common variance of the items that the general factor carries.' },
  { term: 'ω_h (omega hierarchical)', definition: 'The share of the variance of the total score that the general factor explains; with ω_h ≥ 0.8 a total score mostly measures one general ability. ECV alone does not tell this.' },
  { term: 'MI / SEPC', definition: 'Modification index: how much the χ² would drop if two items were allowed an extra residual correlation (local dependence); SEPC is that correlation’s expected size. A flag says the structure under-explains the pair, not why.' },
  { term: 'Cross-benchmark pair', definition: 'Two items from different benchmarks; local dependence between them suggests shared content or contamination across benchmarks.' },
  { term: 'Floor / ceiling item', definition: 'An item almost no model (< 5 %) or almost every model (> 95 %) answers correctly: it carries little information about differences between models.' },
  { term: 'REML', definition: 'Restricted maximum likelihood: the standard estimator of variance components in mixed models (as lme4’s).' },
  { term: 'Variance share', definition: 'A variance component as a percentage of the total variance of the benchmark scores.' },
  { term: 'G / Φ', definition: 'Generalizability coefficients: how reliably the mean over the benchmarks ranks models relative to each other (G, Eρ²) or places them on an absolute scale (Φ), 0–1.' },
  { term: 'IRT', definition: 'Item response theory: a model of the probability that a model answers an item correctly, from the model’s latent abilities and the item’s difficulty and discrimination.' },
  { term: 'Bifactor IRT', definition: 'An IRT model with a general ability (g) behind every item and one specific ability per benchmark.' },
  { term: 'EAP', definition: 'Expected a posteriori: a model’s latent ability estimate as the posterior mean given its answers; shrunken toward the average, more so with fewer or less informative items.' },
  { term: 'Plausible values', definition: 'Random draws of each model’s latent ability from its posterior under a model that includes size; regressions on them are not attenuated by measurement error.' },
  { term: 'Scaling vector', definition: 'The slope of each factor on log10 parameters: how much a tenfold larger model differs, factor by factor.' },
  { term: 'Slope reliability', definition: 'R = β̄²/(β̄² + s²): how stable a slope is across control specifications and item resamples; near 1 it holds, below about 0.8 it moves.' },
  { term: 'Latent rank / rank interval', definition: 'A model’s rank by its precision-weighted latent ability, with the 95 % interval of ranks over posterior draws.' },
  { term: 'Retention', definition: 'The share of the raw top 1 %, top 10 % or bottom 1 % that stays in that set under the latent ranking.' },
];

export function glossaryFor(_report: AuditReport): { term: string; definition: string }[] {
  return GLOSSARY.map((g) => ({ ...g }));
}
