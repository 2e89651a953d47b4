# Multiple groups and measurement invariance: Holzinger & Swineford (1939) by school.
# Run: Rscript groups.R <output-dir>   (writes groups_fit.csv, groups_params.csv,
# groups_chi2_group.csv, groups_lrt.csv, groups_score.csv)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))

hs_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
data <- HolzingerSwineford1939

fits <- list(
  configural = cfa(hs_model, data = data, group = "school"),
  metric = cfa(hs_model, data = data, group = "school", group.equal = "loadings"),
  scalar = cfa(hs_model, data = data, group = "school",
               group.equal = c("loadings", "intercepts")),
  strict = cfa(hs_model, data = data, group = "school",
               group.equal = c("loadings", "intercepts", "residuals")),
  partial = cfa(hs_model, data = data, group = "school",
                group.equal = c("loadings", "intercepts"), group.partial = c("x3~1", "x7~1")),
  labels = cfa("visual =~ x1 + c(a1, a2)*x2 + c(b, b)*x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9", data = data, group = "school"),
  lvequal = cfa(hs_model, data = data, group = "school",
                group.equal = c("loadings", "intercepts", "means", "lv.variances",
                                "lv.covariances"))
)

measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "srmr", "logl", "unrestricted.logl", "aic", "bic", "bic2",
              "npar", "baseline.chisq", "baseline.df")
write_table(do.call(rbind, lapply(names(fits), function(n) fit_frame(fits[[n]], n, measures))),
            "groups_fit")
write_table(do.call(rbind, lapply(names(fits), function(n) params_frame(fits[[n]], n))),
            "groups_params")
write_table(do.call(rbind, lapply(names(fits), function(n) {
  t <- lavInspect(fits[[n]], "test")$standard
  data.frame(model = n, group = seq_along(t$stat.group), chisq = t$stat.group)
})), "groups_chi2_group")

ladder <- function(a, b) {
  t <- lavTestLRT(fits[[a]], fits[[b]])
  data.frame(model = b, versus = a, chisq_diff = t[["Chisq diff"]][2],
             df_diff = t[["Df diff"]][2], pvalue = t[["Pr(>Chisq)"]][2])
}
write_table(rbind(ladder("configural", "metric"), ladder("metric", "scalar"),
                  ladder("scalar", "strict")), "groups_lrt")

score_frame <- function(n) {
  s <- lavTestScore(fits[[n]])
  pt <- parTable(fits[[n]])
  uni <- s$uni
  name_of <- function(plabel) {
    row <- pt[pt$plabel == plabel, ]
    paste0(row$lhs, row$op, row$rhs, "@", row$group)
  }
  data.frame(model = n, lhs = sapply(uni$lhs, name_of), rhs = sapply(uni$rhs, name_of),
             x2 = uni$X2, df = uni$df, pvalue = uni$p.value,
             total_x2 = s$test$X2, total_df = s$test$df)
}
write_table(rbind(score_frame("metric"), score_frame("scalar")), "groups_score")
