# Ordinal items: WLSMV, DWLS and ULSMV (delta parameterization) on the Holzinger & Swineford
# (1939) items cut into 3, 4 and 5 ordered categories at their quantiles; one group (CFA and
# an SEM with regressions) and two schools (configural; equal thresholds and loadings).
# Run: Rscript ordinal.R <output-dir>  (writes ordinal_hs.csv, the data; ordinal_fit.csv,
# ordinal_params.csv, ordinal_sampstat.csv (thresholds and polychoric correlations of lavCor),
# ordinal_gamma.csv (lavaan's NACOV of the WLSMV CFA) and ordinal_lrt.csv)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))

hs <- HolzingerSwineford1939
cut_at <- function(x, k) {
  breaks <- quantile(x, probs = seq(0, 1, length.out = k + 1))
  as.integer(cut(x, breaks = unique(breaks), include.lowest = TRUE))
}
data <- data.frame(
  x1 = cut_at(hs$x1, 4), x2 = cut_at(hs$x2, 4), x3 = cut_at(hs$x3, 4),
  x4 = cut_at(hs$x4, 3), x5 = cut_at(hs$x5, 3), x6 = cut_at(hs$x6, 3),
  x7 = cut_at(hs$x7, 5), x8 = cut_at(hs$x8, 5), x9 = cut_at(hs$x9, 5),
  school = as.character(hs$school)
)
write.csv(data, file.path(out_dir(), "ordinal_hs.csv"), row.names = FALSE)
items <- paste0("x", 1:9)

cfa_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
sem_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
textual ~ visual
speed ~ textual"

fits <- list(
  cfa_wlsmv = cfa(cfa_model, data = data, ordered = items, estimator = "WLSMV"),
  cfa_dwls = cfa(cfa_model, data = data, ordered = items, estimator = "DWLS"),
  cfa_ulsmv = cfa(cfa_model, data = data, ordered = items, estimator = "ULSMV"),
  sem_wlsmv = sem(sem_model, data = data, ordered = items, estimator = "WLSMV"),
  configural_wlsmv = cfa(cfa_model, data = data, ordered = items, estimator = "WLSMV",
                         group = "school"),
  metric_wlsmv = cfa(cfa_model, data = data, ordered = items, estimator = "WLSMV",
                     group = "school", group.equal = "loadings"),
  equal_wlsmv = cfa(cfa_model, data = data, ordered = items, estimator = "WLSMV",
                    group = "school", group.equal = c("thresholds", "loadings")),
  # x1, x4, x7 made binary (category > 2): lavaan 0.6-14 frees their scale factors too
  binary_equal_wlsmv = cfa(cfa_model, data = transform(data, x1 = as.integer(x1 > 2),
                                                       x4 = as.integer(x4 > 2),
                                                       x7 = as.integer(x7 > 2)),
                           ordered = items, estimator = "WLSMV", group = "school",
                           group.equal = c("thresholds", "loadings"))
)
measures <- c("npar", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
              "chisq.scaling.factor", "chisq.shift.parameter", "baseline.chisq", "baseline.df",
              "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
              "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled", "rmsea.scaled",
              "cfi.robust", "tli.robust", "rmsea.robust", "srmr")
write_table(do.call(rbind, lapply(names(fits), function(n) fit_frame(fits[[n]], n, measures))),
            "ordinal_fit")
write_table(do.call(rbind, lapply(names(fits), function(n) params_frame(fits[[n]], n))),
            "ordinal_params")

# two-step thresholds and polychoric correlations (lavCor), long format
poly <- lavCor(data[, items], ordered = items, output = "fit")
stats <- lavInspect(poly, "sampstat")
cor <- stats$cov
rows <- which(lower.tri(cor), arr.ind = TRUE)
sampstat <- rbind(
  data.frame(kind = "threshold", lhs = sub("\\|.*", "", names(stats$th)),
             rhs = sub(".*\\|", "", names(stats$th)), value = as.numeric(stats$th)),
  data.frame(kind = "polychoric", lhs = rownames(cor)[rows[, 1]],
             rhs = colnames(cor)[rows[, 2]], value = cor[rows])
)
write_table(sampstat, "ordinal_sampstat")
gamma <- lavInspect(fits$cfa_wlsmv, "gamma")
write_table(data.frame(name = rownames(gamma), gamma, check.names = FALSE), "ordinal_gamma")

# scaled-shifted difference tests (lavTestLRT's default for WLSMV: Satorra 2000)
lrt <- function(a, b) {
  t <- lavTestLRT(fits[[a]], fits[[b]])
  data.frame(model = b, versus = a, chisq_diff = t[["Chisq diff"]][2],
             df_diff = t[["Df diff"]][2], pvalue = t[["Pr(>Chisq)"]][2])
}
write_table(rbind(lrt("configural_wlsmv", "equal_wlsmv"),
                  lrt("configural_wlsmv", "metric_wlsmv"),
                  lrt("metric_wlsmv", "equal_wlsmv")), "ordinal_lrt")
