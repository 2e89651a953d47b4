# Cross-lagged panel models (CLPM, RI-CLPM of Hamaker, Kuiper & Grasman 2015) on a simulated
# two-construct, three-wave panel (panel_data.csv, written by the package's test suite once and
# stored). Run: Rscript panel.R <output-dir>  (writes panel_fit.csv, panel_params.csv)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "common.R"))
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE)))
data <- read.csv(file.path(here, "panel_data.csv"))
ri_clpm <- "ri_value =~ 1*value1 + 1*value2 + 1*value3
ri_loyalty =~ 1*loyalty1 + 1*loyalty2 + 1*loyalty3
w_value1 =~ 1*value1
value1 ~~ 0*value1
w_value2 =~ 1*value2
value2 ~~ 0*value2
w_value3 =~ 1*value3
value3 ~~ 0*value3
w_loyalty1 =~ 1*loyalty1
loyalty1 ~~ 0*loyalty1
w_loyalty2 =~ 1*loyalty2
loyalty2 ~~ 0*loyalty2
w_loyalty3 =~ 1*loyalty3
loyalty3 ~~ 0*loyalty3
ri_value ~~ 0*w_value1
ri_value ~~ 0*w_loyalty1
ri_loyalty ~~ 0*w_value1
ri_loyalty ~~ 0*w_loyalty1
w_value2 ~ value_value_2*w_value1 + value_loyalty_2*w_loyalty1
w_loyalty2 ~ loyalty_value_2*w_value1 + loyalty_loyalty_2*w_loyalty1
w_value2 ~~ w_loyalty2
w_value3 ~ value_value_3*w_value2 + value_loyalty_3*w_loyalty2
w_loyalty3 ~ loyalty_value_3*w_value2 + loyalty_loyalty_3*w_loyalty2
w_value3 ~~ w_loyalty3"
fit <- sem(ri_clpm, data = data)
write_table(fit_frame(fit, "ri_clpm", c("chisq", "df", "cfi", "rmsea", "srmr")), "panel_fit")
write_table(params_frame(fit, "ri_clpm"), "panel_params")
