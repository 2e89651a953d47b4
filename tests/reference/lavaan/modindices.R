# Modification indices and defined parameters.
# Run: Rscript modindices.R <output-dir>  (writes modindices.csv, defined_params.csv,
# defined_fit.csv)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))

hs_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
pd_model <- "ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60
dem65 ~ c*ind60 + b*dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
ind := a*b
tot := c + a*b"
pd_constrained <- "ind60 =~ x1 + x2 + x3
dem60 =~ y1 + l2*y2 + l3*y3 + l4*y4
dem65 =~ y5 + l2*y6 + l3*y7 + l4*y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8"
pd_eq <- "ind60 =~ x1 + x2 + x3
dem60 =~ y1 + a2*y2 + a3*y3 + y4
dem65 =~ y5 + b2*y6 + b3*y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
a2 == b2
a3 == b3"

fits <- list(
  hs = cfa(hs_model, data = HolzingerSwineford1939),
  hs_metric = cfa(hs_model, data = HolzingerSwineford1939, group = "school",
                  group.equal = "loadings"),
  pd = sem(pd_model, data = PoliticalDemocracy),
  pd_labels = sem(pd_constrained, data = PoliticalDemocracy),
  pd_eq = sem(pd_eq, data = PoliticalDemocracy)
)

mi_frame <- function(n) {
  mi <- modindices(fits[[n]], sort. = TRUE)
  if (!"group" %in% names(mi)) mi$group <- 1L
  data.frame(model = n, lhs = mi$lhs, op = mi$op, rhs = mi$rhs, group = mi$group,
             mi = mi$mi, epc = mi$epc, sepc_all = mi$sepc.all)
}
write_table(do.call(rbind, lapply(c("hs", "hs_metric", "pd"), mi_frame)), "modindices")
write_table(do.call(rbind, lapply(c("pd", "pd_labels", "pd_eq"),
                                  function(n) params_frame(fits[[n]], n))), "defined_params")
write_table(do.call(rbind, lapply(c("pd", "pd_labels", "pd_eq"),
                                  function(n) fit_frame(fits[[n]], n,
                                                        c("chisq", "df", "cfi", "rmsea")))),
            "defined_fit")
