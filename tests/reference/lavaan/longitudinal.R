# Longitudinal measurement invariance: one construct (loyalty, 3 items) measured at three
# survey waves, the ladder configural / metric (loadings) / scalar (intercepts) / strict
# (residuals) over waves, with the residuals of the same item correlated across waves and the
# latent mean fixed at wave 1 and free later once intercepts are equal. The syntax of each
# level is written by semTools::measEq.syntax(longFacNames = ...) with marker-item
# identification (ID.fac = "UL"); the data are simulated here (seed 20261202) and stored as
# longitudinal_data.csv.
# Run: Rscript longitudinal.R <output-dir>  (writes longitudinal_data.csv,
# longitudinal_fit.csv, longitudinal_syntax.txt)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))
suppressPackageStartupMessages(library(semTools))

set.seed(20261202)
n <- 600
waves <- 1:3
eta <- matrix(0, n, 3)
eta[, 1] <- rnorm(n)
eta[, 2] <- 0.2 + 0.6 * eta[, 1] + rnorm(n, sd = 0.8)
eta[, 3] <- 0.35 + 0.6 * eta[, 2] + rnorm(n, sd = 0.8)
loadings <- c(1.0, 0.8, 1.2)
intercepts <- c(4.0, 3.5, 4.2)
item_effect <- matrix(rnorm(n * 3, sd = 0.4), n, 3)  # same item over waves: correlated errors
data <- data.frame(row.names = seq_len(n))
for (t in waves) {
  for (j in 1:3) {
    shift <- if (t == 3 && j == 3) 0.25 else 0  # item 3 drifts at wave 3 (scalar misfit)
    data[[paste0("loy", j, "_w", t)]] <- intercepts[j] + shift + loadings[j] * eta[, t] +
      item_effect[, j] + rnorm(n, sd = 0.6)
  }
}
write.csv(round(data, 4), file.path(out_dir(), "longitudinal_data.csv"), row.names = FALSE)
data <- read.csv(file.path(out_dir(), "longitudinal_data.csv"))

config <- "loyalty_w1 =~ loy1_w1 + loy2_w1 + loy3_w1
loyalty_w2 =~ loy1_w2 + loy2_w2 + loy3_w2
loyalty_w3 =~ loy1_w3 + loy2_w3 + loy3_w3"
long_fac <- list(loyalty = c("loyalty_w1", "loyalty_w2", "loyalty_w3"))
levels <- list(configural = "", metric = "loadings",
               scalar = c("loadings", "intercepts"),
               strict = c("loadings", "intercepts", "residuals"))
rows <- list()
syntax_text <- character()
for (level in names(levels)) {
  eq <- levels[[level]]
  syntax <- measEq.syntax(configural.model = config, data = data, ID.fac = "UL",
                          longFacNames = long_fac, long.equal = if (level == "configural") "" else eq,
                          meanstructure = TRUE)
  fit <- cfa(as.character(syntax), data = data, meanstructure = TRUE)
  syntax_text <- c(syntax_text, paste0("## ", level), as.character(syntax))
  frame <- fit_frame(fit, level, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr",
                                   "aic", "bic"))
  rows[[level]] <- frame
}
write_table(do.call(rbind, rows), "longitudinal_fit")
writeLines(syntax_text, file.path(out_dir(), "longitudinal_syntax.txt"))
