# lavaan's side of bench/tetrachoric.sh: the sample-statistics step of a WLSMV fit (thresholds,
# tetrachorics, NACOV/WLS.V) on a wide 0/1 CSV, timed by lavaan itself (fit@timing$SampleStats) and
# by system.time() around the call. Usage: Rscript tetrachoric-lavaan.R responses_wide.csv out.json
suppressPackageStartupMessages({ library(lavaan); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dat <- read.csv(args[1], check.names = FALSE)
Y <- dat[, -1]
items <- colnames(Y)
model <- paste("g =~", paste(items, collapse = " + "))
st <- system.time(fit <- cfa(model, data = Y, ordered = items, estimator = "WLSMV", std.lv = TRUE, do.fit = FALSE))
out <- list(lavaan = as.character(packageVersion("lavaan")), models = nrow(Y), items = length(items),
            sample_stats_seconds = unname(fit@timing$SampleStats), call_elapsed_seconds = unname(st[["elapsed"]]))
write(toJSON(out, auto_unbox = TRUE, digits = NA), args[2])
cat(sprintf("lavaan %s: SampleStats %.2f s (call %.2f s) on %d x %d\n", out$lavaan, out$sample_stats_seconds, out$call_elapsed_seconds, out$models, out$items))
