// Linear mixed-effects models with any number of grouping factors (crossed or nested), fitted by
// REML or ML as lme4 does it (Bates et al. 2015, "Fitting linear mixed-effects models using
// lme4", J Stat Softw 67(1)): the profiled deviance over the relative covariance factor θ. With
// one grouping factor the factor is a small dense Cholesky block per group; with several, the
// factor with the most levels keeps its blocks and the others form a Schur complement
// (lmm_crossed.cc).
// Satterthwaite degrees of freedom as lmerTest computes them (Kuznetsova et al. 2017).
// The header is free of Eigen; the implementation uses Eigen and Boost.Math.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "stats/data.h"
#include "stats/formula.h"

namespace exo::stats {

struct FitOptions {
  bool reml = true;
  std::map<std::string, std::string> reference;  // factor -> reference level
  bool keep_fitted = true;                       // fitted values and residuals per row
  std::function<void(int iteration, double deviance)> progress;
};

struct FixedEffect {
  std::string term;  // as lme4 names it: (Intercept), time, routeiv, x1:x2
  double estimate = 0, std_error = 0, t = 0, df = 0, p = 0, ci_low = 0, ci_high = 0;
};

struct RandomSd {
  std::string group;  // "patient", or "patient.1" for the second uncorrelated part
  std::string term;
  double sd = 0;
};

struct RandomCorr {
  std::string group;
  std::string term1, term2;
  double corr = 0;
};

// Conditional modes (BLUPs) of one grouping factor with their conditional SDs, as lme4's
// ranef(condVar = TRUE): sd = sqrt of the diagonal of σ²Λ(ΛᵀZᵀZΛ + I)⁻¹Λᵀ (β held fixed).
struct GroupModes {
  std::string group;               // "patient", "lot", "cask:batch"
  std::vector<std::string> terms;  // (Intercept), weeks, ...
  std::vector<std::string> levels;
  std::vector<std::vector<double>> mode, sd;  // [level][term]
};

// The share of variance of each grouping factor's random intercept (intraclass correlation):
// σ²_g / (Σ_h σ²_h + σ²_residual) over the random intercepts h, evaluated where the random
// slopes' covariates are 0 (docs/analysis.md).
struct VarianceShare {
  std::string group;  // a grouping factor, or "Residual"
  double variance = 0, share = 0;
};

struct LmmFit {
  std::string formula;
  bool reml = true;
  std::vector<FixedEffect> fixed;
  std::vector<RandomSd> random;
  std::vector<RandomCorr> correlations;
  double residual_sd = 0;
  double reml_criterion = 0;  // REML fits
  double deviance = 0;        // ML fits: -2 log-likelihood
  double loglik = 0, aic = 0, bic = 0;
  size_t n_obs = 0, n_groups = 0, dropped_rows = 0;
  // The first grouping factor (the one with the most levels) as one grouping factor fits report
  // it; `modes` has every factor.
  std::string group;
  std::vector<std::string> random_terms;                    // per group: (Intercept), time, ...
  std::vector<std::string> group_levels;                    // level of each group
  std::vector<std::vector<double>> ranef;                   // conditional modes per group
  std::vector<GroupModes> modes;                            // per grouping factor, in lme4's order
  std::vector<std::pair<std::string, size_t>> group_sizes;  // levels per grouping factor
  std::vector<VarianceShare> shares;
  bool singular = false;
  std::vector<std::vector<double>> vcov;  // of the fixed effects
  std::vector<double> theta;
  bool converged = false;
  int evaluations = 0;
  double fit_seconds = 0;   // wall time of FitLmm (design, optimisation, df), not reading
  double read_seconds = 0;  // wall time of reading the CSV text into a table, when it was read
  // The mean wall time of one deviance evaluation during the optimisation. Several grouping
  // factors: the stored entries of the Cholesky factor L (blocks, Wᵢ and the Schur
  // complement's factor).
  size_t factor_nonzeros = 0;
  double evaluation_seconds = 0;
  std::vector<std::string> warnings;
  // Per used row (when FitOptions::keep_fitted): group index, x of the first slope (time),
  // observed, fitted (with random effects), residual.
  std::vector<int32_t> row_group;
  std::vector<double> row_time, observed, fitted, residuals;
};

// Errors name the column or formula term: missing columns, non-numeric responses or slopes,
// factors with one level, collinear fixed effects ("singular design"), a grouping factor with
// one level, a random slope that does not vary within any level of its group, more random
// effects than observations.
Result<LmmFit> FitLmm(const DataTable& data, const Formula& formula, const FitOptions& options);

// The columns a formula uses (for reading only those).
std::vector<std::string> FormulaColumns(const Formula& formula);

}  // namespace exo::stats
