# Reference values for tests/journey/test_reference.py, made with base R only:
#   Rscript tests/journey/reference/make_swiss_reference.R   (run from the repository root)
# Data: R's datasets::swiss (Mosteller & Tukey 1977), written to swiss.csv.
# LMG: the average increase in R^2 over all 5! orderings of the regressors, each R^2 from lm();
# relative weights: Johnson (2000) from eigen() of the predictor correlation matrix.
out <- "tests/journey/reference"
data(swiss)
write.csv(swiss, file.path(out, "swiss.csv"), row.names = FALSE)
x <- setdiff(names(swiss), "Fertility")
r2 <- function(vars) {
  if (length(vars) == 0) return(0)
  summary(lm(reformulate(vars, "Fertility"), data = swiss))$r.squared
}
perms <- function(v) {
  if (length(v) <= 1) return(list(v))
  out <- list()
  for (i in seq_along(v)) for (p in perms(v[-i])) out[[length(out) + 1]] <- c(v[i], p)
  out
}
lmg <- setNames(numeric(length(x)), x)
orders <- perms(x)
for (o in orders) {
  before <- 0
  for (k in seq_along(o)) {
    now <- r2(o[1:k])
    lmg[o[k]] <- lmg[o[k]] + now - before
    before <- now
  }
}
lmg <- lmg / length(orders)
rxx <- cor(swiss[, x])
rxy <- cor(swiss[, x], swiss$Fertility)
e <- eigen(rxx, symmetric = TRUE)
half <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
beta <- solve(half, rxy)
rw <- as.vector(half^2 %*% beta^2)
res <- data.frame(driver = x, lmg = lmg, relative_weight = rw, r2 = r2(x))
write.csv(format(res, digits = 17), file.path(out, "swiss_importance_r.csv"), row.names = FALSE)
