# Latent growth curve models (lavaan's growth()): Demo.growth.
# Run: Rscript growth.R <output-dir>  (writes growth_fit.csv, growth_params.csv,
# demo_growth.csv: the data, shipped so that the tests need no R)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))

linear <- "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4"
covariates <- "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4
s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4
i ~ x1 + x2
s ~ x1 + x2"
fits <- list(
  linear = growth(linear, data = Demo.growth),
  linear_mlr = growth(linear, data = Demo.growth, estimator = "MLR")
)
measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "logl", "aic", "bic",
              "chisq.scaled", "chisq.scaling.factor", "cfi.robust", "rmsea.robust")
write_table(do.call(rbind, lapply(names(fits), function(n) fit_frame(fits[[n]], n, measures))),
            "growth_fit")
write_table(do.call(rbind, lapply(names(fits), function(n) params_frame(fits[[n]], n))),
            "growth_params")
data <- Demo.growth
data$lavaan_version <- NULL
write.csv(data, file.path(out_dir(), "demo_growth.csv"), row.names = FALSE)
