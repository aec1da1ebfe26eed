# lme4 + lmerTest side of bench/gtheory.mjs: the four G-theory models on the table written by
# bench/gtheory-fit.mjs, lmerTest::lmer with lme4's default control (what a user gets) and summary()
# (Satterthwaite t tests). Prints one JSON line. Usage: Rscript bench/gtheory.R TABLE.csv
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(jsonlite) })
d <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE)
f <- list(
  pxb = score ~ 1 + (1|benchmark) + (1|model_id),
  facets = score ~ 1 + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id),
  covariate = score ~ 1 + log10_params_c + (1|benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id),
  covariate_slopes = score ~ 1 + log10_params_c + (1 + log10_params_c || benchmark) + (1|architecture) + (1|contributor) + (1|deployment) + (1|model_id))
fits <- list()
t0 <- proc.time()[["elapsed"]]
for (nm in names(f)) {
  t1 <- proc.time()[["elapsed"]]
  m <- lmerTest::lmer(f[[nm]], data = d, REML = TRUE)
  co <- summary(m)$coefficients
  fits[[nm]] <- list(seconds = proc.time()[["elapsed"]] - t1, criterion = REMLcrit(m), df = unname(co[, "df"]))
}
cat(toJSON(list(rows = nrow(d), seconds = proc.time()[["elapsed"]] - t0, fits = fits), auto_unbox = TRUE, digits = NA), "\n")
