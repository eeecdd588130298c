// Pieces shared by the two ways of fitting a linear mixed model (lmm.cc: one grouping factor,
// a dense block per group; lmm_crossed.cc: several grouping factors, a sparse factor): the
// fixed-effect design, grouping factors as codes, the profiled deviance, the optimiser and the
// inference on the fixed effects (standard errors, Satterthwaite df). Internal to exo_stats.
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "stats/data.h"
#include "stats/formula.h"
#include "stats/lmm.h"

namespace exo::stats::internal {

constexpr size_t kMaxFixed = 64;  // fixed-effect columns

// How one variable enters a fixed-effect term.
struct Coding {
  const Column* column = nullptr;
  std::vector<int32_t> levels;  // factor levels that get a column (all, or all but the reference)
};

// The fixed-effect model matrix with lme4's column names: its rows computed on demand from the
// data table (which must outlive it), or all of them row-major n × p in `x` after Materialize.
struct FixedDesign {
  size_t n = 0, p = 0;
  std::vector<std::string> names;
  std::vector<double> x;  // empty until Materialize
  bool intercept = false;
  std::vector<std::vector<Coding>> terms;
  // Row r of X into out[0, p).
  void Row(size_t r, double* out) const;
  void Materialize();
};
Result<FixedDesign> BuildFixedDesign(const DataTable& data, const Formula& f,
                                     const FitOptions& options);

// Collinear fixed-effect columns are an error naming them (pivoted QR of the scaled XᵀX).
Status CheckFullRank(const Eigen::MatrixXd& xtx, const std::vector<std::string>& names);

// A grouping factor as codes 0..levels-1: a factor column, the distinct values of a numeric
// column (in numeric order), or the interaction "b:a" of several (first variable slowest, only
// the combinations that occur, as lme4 drops unused levels).
struct GroupCodes {
  std::string name;
  std::vector<int32_t> codes;
  std::vector<std::string> levels;
};
GroupCodes MakeGroupCodes(const DataTable& data, const std::string& group);

// y is centred when the constant lies in the span of X: then only β moves, by shift·b1 (X b1 =
// 1), and the penalised residual sum of squares does not cancel most of its digits.
struct Centring {
  double shift = 0;
  Eigen::VectorXd b1;
};
Centring CentreResponse(const Eigen::MatrixXd& xtx, const Eigen::VectorXd& xt_ones, double n,
                        double y_mean);

// One evaluation of the profiled deviance at θ.
struct Eval {
  double ldl2 = 0;   // log det of Lθ squared
  double ldrx2 = 0;  // log det of R_X squared
  double r2 = 0;     // penalised residual sum of squares
  Eigen::VectorXd beta;
  Eigen::MatrixXd xtx_adj;  // R_Xᵀ R_X
  bool ok = true;
};
using EvalFn = std::function<Eval(const std::vector<double>& theta)>;
// Evaluations at several θ (result i at thetas[i]), e.g. in parallel; absent: one by one.
using EvalManyFn = std::function<std::vector<Eval>(const std::vector<std::vector<double>>& thetas)>;

// From the cross-product C = [X y]ᵀ[X y] − (the rows L⁻¹ΛᵀZᵀ[X y])ᵀ(...), (p+1) × (p+1):
// R_X, β and r², with ldl2 given.
Eval EvalFromCrossProduct(const Eigen::MatrixXd& c, double ldl2);

double Deviance(const Eval& e, size_t n, size_t p, bool reml);

struct Minimum {
  std::vector<double> x;
  double f = 0;
  int evaluations = 0;
  bool converged = false;
};
// BOBYQA (NLopt, lme4's default for lmer) with lme4's bounds (diagonal elements of Λ ≥ 0), then
// Newton steps on central differences for the coordinates off the boundary. `diagonal` marks
// θ elements on the diagonal of Λ.
Minimum MinimiseDeviance(const EvalFn& eval, const std::vector<double>& theta0,
                         const std::vector<bool>& diagonal, size_t n, size_t p,
                         const FitOptions& options, const EvalManyFn& eval_many = nullptr);

// The fit record's start: REML or ML, θ at the minimum, its evaluations and convergence, n.
LmmFit StartFit(const FitOptions& options, const Minimum& best, size_t n_obs);

// Fills fit.fixed (estimates, SEs, t, Satterthwaite df and p, Wald intervals), fit.vcov and the
// criterion, log-likelihood, AIC and BIC; adds a warning when the df are unavailable.
void FixedEffectInference(const EvalFn& eval, const Eval& at_optimum, const Eigen::VectorXd& beta,
                          const std::vector<double>& theta, const FixedDesign& d, bool reml,
                          LmmFit& fit, const EvalManyFn& eval_many = nullptr);

// The singular-fit verdict as lme4's isSingular: a diagonal element of Λ below 1e-4.
bool IsSingular(const std::vector<double>& theta, const std::vector<bool>& diagonal);

// Several grouping factors (lmm_crossed.cc). `factors` are the distinct grouping factors of the
// random parts, checked by FitLmm.
Result<LmmFit> FitCrossed(const DataTable& data, const Formula& f, const FitOptions& options,
                          const FixedDesign& fixed, const std::vector<GroupCodes>& factors);

}  // namespace exo::stats::internal
