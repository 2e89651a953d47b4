# MLR with missing values (FIML): Huber-White SEs from the observed information and the
# Yuan-Bentler scaled test (lavaan's "yuan.bentler.mplus"), one and two groups.
# The data are HolzingerSwineford1939 with 10% of x1-x9 deleted at random (seed 20261202),
# stored as robust_missing_data.csv so the Python tests read the same values.
# Run: Rscript robust_missing.R <output-dir>  (writes robust_missing_data.csv,
# robust_missing_fit.csv, robust_missing_params.csv)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))

hs_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
items <- paste0("x", 1:9)
hs <- HolzingerSwineford1939[, c("school", items)]
set.seed(20261202)
hole <- matrix(runif(nrow(hs) * 9) < 0.10, ncol = 9)
for (j in seq_along(items)) hs[hole[, j], items[j]] <- NA
hs <- hs[rowSums(is.na(hs[, items])) < 9, ]
write.csv(hs, file.path(out_dir(), "robust_missing_data.csv"), row.names = FALSE)

fits <- list(
  hs_fiml_mlr = cfa(hs_model, data = hs, estimator = "MLR", missing = "ml"),
  hs_fiml_ml = cfa(hs_model, data = hs, estimator = "ML", missing = "ml"),
  hs_fiml_configural_mlr = cfa(hs_model, data = hs, group = "school", estimator = "MLR",
                               missing = "ml")
)
measures <- c("chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
              "chisq.scaling.factor", "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled",
              "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust", "baseline.chisq",
              "baseline.chisq.scaled", "baseline.chisq.scaling.factor", "srmr", "logl",
              "aic", "bic")
write_table(do.call(rbind, lapply(names(fits), function(n) fit_frame(fits[[n]], n, measures))),
            "robust_missing_fit")
write_table(do.call(rbind, lapply(names(fits), function(n) params_frame(fits[[n]], n))),
            "robust_missing_params")
