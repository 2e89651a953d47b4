# Robust ML: MLM (Satorra-Bentler) and MLR (Huber-White SEs, Yuan-Bentler test), one and two
# groups, and the Satorra-Bentler (2001) scaled difference test.
# Run: Rscript robust.R <output-dir>  (writes robust_fit.csv, robust_params.csv,
# robust_lrt.csv)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))

hs_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
pd_model <- "ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8"
hs <- HolzingerSwineford1939

fits <- list(
  hs_mlm = cfa(hs_model, data = hs, estimator = "MLM"),
  hs_mlr = cfa(hs_model, data = hs, estimator = "MLR"),
  pd_mlm = sem(pd_model, data = PoliticalDemocracy, estimator = "MLM"),
  pd_mlr = sem(pd_model, data = PoliticalDemocracy, estimator = "MLR"),
  hs_configural_mlm = cfa(hs_model, data = hs, group = "school", estimator = "MLM"),
  hs_metric_mlm = cfa(hs_model, data = hs, group = "school", estimator = "MLM",
                      group.equal = "loadings"),
  hs_configural_mlr = cfa(hs_model, data = hs, group = "school", estimator = "MLR"),
  hs_metric_mlr = cfa(hs_model, data = hs, group = "school", estimator = "MLR",
                      group.equal = "loadings")
)
measures <- c("chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
              "chisq.scaling.factor", "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled",
              "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
              "baseline.chisq.scaled", "baseline.chisq.scaling.factor", "srmr")
write_table(do.call(rbind, lapply(names(fits), function(n) fit_frame(fits[[n]], n, measures))),
            "robust_fit")
write_table(do.call(rbind, lapply(names(fits), function(n) params_frame(fits[[n]], n))),
            "robust_params")
lrt <- function(a, b) {
  t <- lavTestLRT(fits[[a]], fits[[b]], method = "satorra.bentler.2001")
  data.frame(model = b, versus = a, chisq_diff = t[["Chisq diff"]][2],
             df_diff = t[["Df diff"]][2], pvalue = t[["Pr(>Chisq)"]][2])
}
write_table(rbind(lrt("hs_configural_mlm", "hs_metric_mlm"),
                  lrt("hs_configural_mlr", "hs_metric_mlr")), "robust_lrt")
