# Generates the datasets of the lme4 agreement test and fits each with lme4 (and lmerTest for
# the Satterthwaite degrees of freedom). Writes <out>/<case>.csv and <out>/manifest.json.
# Run by ctest before tests/lme4_agreement_test.cc; never pasted into the repository.
# Usage: Rscript tests/stats/lme4_reference.R OUTDIR
suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "lme4-reference"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(20261124)

# Patients with visits, a random intercept and slope, covariates.
simulate <- function(n_patients, visits, slope_sd = 0.8, cor = -0.3) {
  rows <- list()
  routes <- c("iv", "topical", "microneedle")
  sources <- c("umbilical_cord", "adipose", "dental_pulp", "bone_marrow")
  for (i in seq_len(n_patients)) {
    k <- visits(i)
    t <- sort(c(0, sample(1:24, k - 1)))[seq_len(k)]
    b0 <- rnorm(1, 0, 4)
    b1 <- cor * b0 / 4 * slope_sd + sqrt(1 - cor^2) * rnorm(1, 0, slope_sd)
    route <- sample(routes, 1)
    source <- sample(sources, 1)
    age <- round(runif(1, 25, 70))
    sleep <- round(rnorm(1, 6.5, 1), 1)
    x1 <- rnorm(1)
    x2 <- rnorm(1)
    route_eff <- c(iv = 1.5, topical = 0, microneedle = 0.7)[route]
    src_eff <- c(umbilical_cord = 0.5, adipose = 0, dental_pulp = -0.4, bone_marrow = 1)[source]
    y <- 50 + b0 + route_eff + src_eff + 0.05 * age + 0.8 * sleep + 0.6 * x1 - 0.3 * x2 +
      0.4 * x1 * x2 + (0.3 + b1 + 0.1 * (route == "iv")) * t + rnorm(k, 0, 2)
    rows[[i]] <- data.frame(patient = sprintf("p%04d", i), time = t, y = round(y, 4),
                            route = route, source = source, age = age, sleep = sleep,
                            x1 = round(x1, 5), x2 = round(x2, 5))
  }
  do.call(rbind, rows)
}

cases <- list()
# `tight`: lme4's NLopt BOBYQA run to absolute tolerances, for designs whose deviance is so flat
# in one θ direction (few clinics) that minqa's rhoend stops ~1e-5 short in that SD.
add <- function(name, data, formula, reml = TRUE, tight = FALSE) {
  path <- file.path(out, paste0(name, ".csv"))
  write.csv(data, path, row.names = FALSE)
  control <- if (tight) {
    lmerControl(optimizer = "nloptwrap",
                optCtrl = list(algorithm = "NLOPT_LN_BOBYQA", xtol_abs = 1e-12, ftol_abs = 1e-14,
                               xtol_rel = 0, ftol_rel = 0, maxeval = 1e5))
  } else {
    lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-10, maxfun = 1e5))
  }
  fit <- lmerTest::lmer(as.formula(formula), data = data, REML = reml, control = control)
  co <- summary(fit)$coefficients
  vc <- as.data.frame(VarCorr(fit))
  fixed <- lapply(seq_len(nrow(co)), function(j) list(
    term = rownames(co)[j], estimate = co[j, "Estimate"], std_error = co[j, "Std. Error"],
    df = co[j, "df"], t = co[j, "t value"], p = co[j, "Pr(>|t|)"]))
  sds <- vc[is.na(vc$var2) & vc$grp != "Residual", ]
  cors <- vc[!is.na(vc$var2), ]
  rr <- ranef(fit, condVar = TRUE)
  modes <- lapply(names(rr), function(g) {
    r <- rr[[g]]
    pv <- attr(r, "postVar")
    # One array per term when a factor has several terms (`||`), else one array.
    pvs <- if (is.list(pv)) pv else list(pv)
    sd <- do.call(cbind, lapply(pvs, function(a) {
      t(vapply(seq_len(dim(a)[3]), function(i) sqrt(diag(matrix(a[, , i], dim(a)[1]))),
               numeric(dim(a)[1])))
    }))
    if (ncol(r) == 1) sd <- matrix(sd, ncol = 1)
    list(group = g, levels = rownames(r), terms = colnames(r),
         values = unname(as.matrix(r)), sd = unname(matrix(sd, nrow = nrow(r))))
  })
  cases[[length(cases) + 1]] <<- list(
    name = name, csv = paste0(name, ".csv"), formula = formula, reml = reml,
    fixed = fixed,
    random = lapply(seq_len(nrow(sds)), function(j) list(group = sds$grp[j], term = sds$var1[j],
                                                         sd = sds$sdcor[j])),
    correlations = lapply(seq_len(nrow(cors)), function(j) list(group = cors$grp[j],
                                                                corr = cors$sdcor[j])),
    residual_sd = sigma(fit),
    criterion = if (reml) REMLcrit(fit) else deviance(fit),
    loglik = as.numeric(logLik(fit)), aic = AIC(fit), bic = BIC(fit),
    singular = isSingular(fit), n_obs = nobs(fit),
    ranef_level = rownames(ranef(fit)[[1]])[1],
    ranef_first = I(unname(unlist(lapply(ranef(fit), function(r) r[1, , drop = FALSE])))),
    fitted_first = unname(fitted(fit)[1]), modes = modes,
    fitted = if (nobs(fit) <= 2000) unname(fitted(fit)) else NULL)
}

data("sleepstudy", package = "lme4")
add("sleepstudy", sleepstudy, "Reaction ~ Days + (Days | Subject)")
add("sleepstudy_ml_uncorrelated", sleepstudy, "Reaction ~ Days + (Days || Subject)", reml = FALSE)
balanced <- simulate(40, function(i) 6)
add("balanced", balanced, "y ~ time + route + age + sleep + (1 + time | patient)")
unbalanced <- simulate(60, function(i) sample(2:10, 1))
unbalanced$y[sample(nrow(unbalanced), 10)] <- NA  # missing values are left out, as na.omit
add("unbalanced_missing", unbalanced, "y ~ time + sleep + (1 + time | patient)")
single <- simulate(50, function(i) if (i %% 3 == 0) 1 else sample(3:8, 1))
add("single_visits", single, "y ~ time + age + (1 | patient)")
add("factor_4_levels", simulate(45, function(i) sample(4:7, 1)),
    "y ~ time + source + (1 + time | patient)")
add("near_singular_slope", simulate(40, function(i) 5, slope_sd = 0.0005, cor = 0),
    "y ~ time + (1 + time | patient)")
add("interaction", simulate(50, function(i) sample(4:8, 1)),
    "y ~ time * route + x1 * x2 + (1 + time | patient)")
add("no_intercept_slope_only", simulate(30, function(i) 6), "y ~ 0 + route + time + (0 + time | patient)")

# Several grouping factors: lme4's classic crossed and nested data, and generated registries.
data("Penicillin", package = "lme4")
add("penicillin_crossed", Penicillin, "diameter ~ 1 + (1|plate) + (1|sample)")
data("Pastes", package = "lme4")
add("pastes_nested", Pastes[, c("strength", "batch", "cask")], "strength ~ 1 + (1|batch/cask)")
data("cake", package = "lme4")
add("cake_nested_interaction", cake[, c("angle", "recipe", "replicate", "temp")],
    "angle ~ recipe + temp + (1|replicate) + (1|recipe:replicate)")

# Patients nested in clinics, lots crossed with patients: each visit gets a lot in use at the
# time; unbalanced visits. Options make a lot seen by one patient, a clinic with one patient,
# and a lot variance near zero.
registry <- function(n_clinics, n_lots, n_patients, lot_sd = 1.5, clinic_sd = 2,
                     lone_lot = FALSE, lone_clinic = FALSE) {
  rows <- list()
  clinic_eff <- rnorm(n_clinics, 0, clinic_sd)
  lot_eff <- rnorm(n_lots + 1, 0, lot_sd)
  clinics <- sample(n_clinics, n_patients, replace = TRUE)
  if (lone_clinic) clinics[clinics == n_clinics] <- 1
  if (lone_clinic) clinics[n_patients] <- n_clinics
  for (i in seq_len(n_patients)) {
    k <- sample(2:9, 1)
    weeks <- sort(sample(0:30, k))
    start <- sample(n_lots, 1)
    lots <- ((start + seq_len(k) %/% 3 - 1) %% n_lots) + 1
    if (lone_lot && i == 1) lots[1] <- n_lots + 1
    b0 <- rnorm(1, 0, 3)
    b1 <- rnorm(1, 0, 0.15)
    x1 <- round(rnorm(k), 4)
    y <- 40 + b0 + (0.25 + b1) * weeks + 0.6 * x1 + clinic_eff[clinics[i]] + lot_eff[lots] +
      rnorm(k, 0, 1.5)
    rows[[i]] <- data.frame(patient = sprintf("p%04d", i), clinic = sprintf("c%02d", clinics[i]),
                            lot = sprintf("L%03d", lots), weeks = weeks, x1 = x1,
                            y = round(y, 4))
  }
  do.call(rbind, rows)
}
crossed <- "y ~ weeks + x1 + (1 + weeks | patient) + (1 | lot) + (1 | clinic)"
add("registry_crossed", registry(8, 40, 150), crossed)
add("registry_lone_lot", registry(6, 25, 90, lone_lot = TRUE), crossed)
add("registry_lone_clinic", registry(7, 30, 100, lone_clinic = TRUE), crossed)
add("registry_near_singular_lot", registry(6, 30, 120, lot_sd = 0.002), crossed)
add("registry_ml_uncorrelated", registry(6, 20, 80),
    "y ~ weeks + x1 + (1 + weeks || patient) + (1 | lot) + (1 | clinic)", reml = FALSE)
add("registry_nested_syntax", registry(5, 20, 60), "y ~ weeks + x1 + (1 | clinic/patient) + (1 | lot)")
# Many lots met one after another by many patients: the lot and clinic part S is sparse, so the
# engine factors it with a sparse Cholesky (docs/analysis.md) instead of the dense one above,
# by blocks (300 lot columns sparse, then 30 clinic columns dense), and with 1,200 patients
# (>= 1,000) splits the per-level work of an evaluation over two threads on a multi-core machine.
# With minqa's defaults lme4 stopped at a REML criterion 8e-9 above the engine's, its clinic SD
# 1.3e-5 off (relative); run to tight tolerances it reaches the same minimum.
add("registry_sparse_schur", registry(30, 300, 1200), crossed, tight = TRUE)

writeLines(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(out, "manifest.json"))
cat(sprintf("lme4 %s, lmerTest %s: %d cases written to %s\n", packageVersion("lme4"),
            packageVersion("lmerTest"), length(cases), out))
