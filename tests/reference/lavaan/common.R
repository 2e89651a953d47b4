# Shared helpers of the lavaan reference scripts: write estimates and fit measures as CSV,
# every file carrying the lavaan version that produced it.
suppressPackageStartupMessages(library(lavaan))
LAVAAN_VERSION <- as.character(packageVersion("lavaan"))

out_dir <- function() {
  args <- commandArgs(trailingOnly = TRUE)
  if (length(args) > 0) args[1] else "."
}

write_table <- function(frame, name) {
  frame$lavaan_version <- LAVAAN_VERSION
  write.csv(frame, file.path(out_dir(), paste0(name, ".csv")), row.names = FALSE)
}

params_frame <- function(fit, model_name) {
  pe <- parameterEstimates(fit, standardized = TRUE)
  if (!"group" %in% names(pe)) pe$group <- 1L
  keep <- c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "std.all")
  for (col in setdiff(keep, names(pe))) pe[[col]] <- if (col == "label") "" else NA
  pe <- pe[, keep]
  pe$model <- model_name
  pe
}

fit_frame <- function(fit, model_name, measures = NULL) {
  fm <- fitMeasures(fit)
  if (!is.null(measures)) fm <- fm[intersect(measures, names(fm))]
  data.frame(model = model_name, measure = names(fm), value = as.numeric(fm))
}
