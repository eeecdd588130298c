#include "stats/lmm.h"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "stats/internal/lmm_engine.h"

namespace exo::stats {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using internal::Eval;
constexpr int kMaxQ = 8;
constexpr int kMaxP = 64;
using MatQ = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxQ, kMaxQ>;
using MatQP = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxQ, kMaxP>;
using VecQ = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxQ, 1>;

struct Design {
  size_t n = 0, p = 0, q = 0, groups = 0;
  std::vector<std::string> names;         // fixed-effect columns
  std::vector<std::string> random_names;  // random columns
  std::vector<int> part_of;               // random column -> part index
  std::vector<double> x;                  // n × p, row-major
  std::vector<double> z;                  // n × q, row-major
  std::vector<double> y;
  std::vector<int32_t> g;
};

// The pieces of the model that do not depend on θ: per group ZᵢᵀZᵢ, ZᵢᵀXᵢ, Zᵢᵀyᵢ; XᵀX, Xᵀy, yᵀy.
struct Stats {
  std::vector<double> ztz, ztx, zty;
  MatrixXd xtx;
  VectorXd xty;
  double yty = 0;
};

// Λ (q × q, lower triangular, block diagonal by part) from θ.
struct ThetaMap {
  std::vector<std::pair<int, int>> cells;  // (row, col) for each θ, lme4's column-major order
  std::vector<bool> diagonal;
  MatQ Lambda(const std::vector<double>& theta, int q) const {
    MatQ l = MatQ::Zero(q, q);
    for (size_t k = 0; k < cells.size(); ++k) l(cells[k].first, cells[k].second) = theta[k];
    return l;
  }
};

// Scratch space reused by every evaluation: the rows L⁻¹ΛᵀZᵢᵀXᵢ of all groups stacked (W)
// and L⁻¹ΛᵀZᵢᵀyᵢ (cu), so the p × p downdate is one matrix product.
struct Workspace {
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> w;
  VectorXd cu;
};

// Groups [g0, g1): fills their rows of W and cu; returns (log det part, ‖cu‖² part).
template <int Q>
std::pair<double, double> EvaluateGroups(const Stats& st, const Design& d, const MatQ& lambda_dyn,
                                         Workspace& ws, size_t g0, size_t g1) {
  const int q = static_cast<int>(d.q), p = static_cast<int>(d.p);
  using M = Eigen::Matrix<double, Q, Q>;
  using V = Eigen::Matrix<double, Q, 1>;
  const M lambda = lambda_dyn.topLeftCorner(q, q);
  double ldl2 = 0, cu2 = 0, det = 1.0;
  int pending = 0;
  for (size_t i = g0; i < g1; ++i) {
    Eigen::Map<const M> a(&st.ztz[i * d.q * d.q], q, q);
    Eigen::Map<const Eigen::Matrix<double, Q, Eigen::Dynamic>> b(&st.ztx[i * d.q * d.p], q, p);
    Eigen::Map<const V> c(&st.zty[i * d.q], q);
    M m = lambda.transpose() * a * lambda;
    m.diagonal().array() += 1.0;
    Eigen::LLT<M> llt(m);
    const M& l = llt.matrixLLT();
    // log det = 2 Σ log Lkk; every factor is at least 1 (M ≥ I), so products of 8 groups
    // cannot overflow, and one log per 8 groups is much cheaper than one per element.
    for (int k = 0; k < q; ++k) det *= l(k, k) * l(k, k);
    if (++pending == 8) {
      ldl2 += std::log(det);
      det = 1.0;
      pending = 0;
    }
    auto rows = ws.w.middleRows(static_cast<long>(i * d.q), q);
    rows.noalias() = lambda.transpose() * b;
    llt.matrixL().solveInPlace(rows);
    V cu = lambda.transpose() * c;
    llt.matrixL().solveInPlace(cu);
    ws.cu.segment(static_cast<long>(i * d.q), q) = cu;
    cu2 += cu.squaredNorm();
  }
  return {ldl2 + std::log(det), cu2};
}

template <int Q>
std::pair<double, double> EvaluateAll(const Stats& st, const Design& d, const MatQ& lambda,
                                      Workspace& ws) {
  // Two halves on two threads when there are many groups (the machine has 2 cores).
  if (d.groups < 20000) return EvaluateGroups<Q>(st, d, lambda, ws, 0, d.groups);
  const size_t mid = d.groups / 2;
  std::pair<double, double> second;
  std::thread t([&] { second = EvaluateGroups<Q>(st, d, lambda, ws, mid, d.groups); });
  const auto first = EvaluateGroups<Q>(st, d, lambda, ws, 0, mid);
  t.join();
  return {first.first + second.first, first.second + second.second};
}

Eval Evaluate(const Stats& st, const Design& d, const ThetaMap& tm,
              const std::vector<double>& theta, Workspace& ws) {
  const int q = static_cast<int>(d.q), p = static_cast<int>(d.p);
  const MatQ lambda = tm.Lambda(theta, q);
  if (ws.w.rows() != static_cast<long>(d.groups * d.q)) {
    ws.w.resize(static_cast<long>(d.groups * d.q), p);
    ws.cu.resize(static_cast<long>(d.groups * d.q));
  }
  const auto [ldl2, cu2] = q == 1   ? EvaluateAll<1>(st, d, lambda, ws)
                           : q == 2 ? EvaluateAll<2>(st, d, lambda, ws)
                           : q == 3 ? EvaluateAll<3>(st, d, lambda, ws)
                                    : EvaluateAll<Eigen::Dynamic>(st, d, lambda, ws);
  Eval e;
  e.ldl2 = ldl2;
  e.xtx_adj = st.xtx;
  e.xtx_adj.selfadjointView<Eigen::Lower>().rankUpdate(ws.w.transpose(), -1.0);
  e.xtx_adj.triangularView<Eigen::StrictlyUpper>() = e.xtx_adj.transpose();
  const VectorXd xty = st.xty - ws.w.transpose() * ws.cu;
  Eigen::LLT<MatrixXd> rx(e.xtx_adj);
  if (rx.info() != Eigen::Success) {
    e.ok = false;
    return e;
  }
  const MatrixXd& lx = rx.matrixLLT();
  for (int k = 0; k < p; ++k) e.ldrx2 += 2.0 * std::log(lx(k, k));
  VectorXd cb = rx.matrixL().solve(xty);
  e.beta = rx.matrixU().solve(cb);
  e.r2 = st.yty - cu2 - cb.squaredNorm();
  return e;
}

}  // namespace

std::vector<std::string> FormulaColumns(const Formula& f) {
  std::vector<std::string> out = {f.response};
  const auto add = [&out](const std::string& v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& t : f.terms)
    for (const auto& v : t) add(v);
  for (const auto& r : f.random) {
    for (const auto& s : r.slopes) add(s);
    for (const auto& v : GroupVariables(r.group)) add(v);
  }
  return out;
}

namespace {

// One grouping factor: a dense q × q Cholesky block per group (the parts of `||` share it).
Result<LmmFit> FitOneFactor(const DataTable& data, const Formula& f, const FitOptions& options,
                            internal::FixedDesign fd, internal::GroupCodes gc) {
  Design d;
  d.n = data.rows;
  d.names = std::move(fd.names);
  d.p = fd.p;
  d.x = std::move(fd.x);
  for (size_t k = 0; k < f.random.size(); ++k) {
    if (f.random[k].intercept) {
      d.random_names.push_back("(Intercept)");
      d.part_of.push_back(static_cast<int>(k));
    }
    for (const auto& s : f.random[k].slopes) {
      d.random_names.push_back(s);
      d.part_of.push_back(static_cast<int>(k));
    }
  }
  d.q = d.random_names.size();
  if (d.q > static_cast<size_t>(kMaxQ)) return Invalid("formula", "err.lmm_too_many_random");
  d.groups = gc.levels.size();
  d.z.resize(d.n * d.q);
  d.y = data.Find(f.response)->values;
  d.g = std::move(gc.codes);
  for (size_t r = 0; r < d.n; ++r) {
    double* zr = &d.z[r * d.q];
    size_t zc = 0;
    for (const auto& part : f.random) {
      if (part.intercept) zr[zc++] = 1.0;
      for (const auto& s : part.slopes) zr[zc++] = data.Find(s)->values[r];
    }
  }
  // Sufficient statistics.
  Stats st;
  st.ztz.assign(d.groups * d.q * d.q, 0.0);
  st.ztx.assign(d.groups * d.q * d.p, 0.0);
  st.zty.assign(d.groups * d.q, 0.0);
  internal::Centring centring;
  {
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> xm(
        d.x.data(), static_cast<long>(d.n), static_cast<long>(d.p));
    Eigen::Map<const VectorXd> ym(d.y.data(), static_cast<long>(d.n));
    st.xtx = xm.transpose() * xm;
    const VectorXd ones_x = xm.transpose() * VectorXd::Ones(static_cast<long>(d.n));
    centring = internal::CentreResponse(st.xtx, ones_x, static_cast<double>(d.n), ym.mean());
    const VectorXd yc = ym.array() - centring.shift;
    st.xty = xm.transpose() * yc;
    st.yty = yc.squaredNorm();
    for (size_t r = 0; r < d.n; ++r) {
      const size_t gi = static_cast<size_t>(d.g[r]);
      const double* zr = &d.z[r * d.q];
      const double* xr = &d.x[r * d.p];
      double* a = &st.ztz[gi * d.q * d.q];
      double* b = &st.ztx[gi * d.q * d.p];
      double* c = &st.zty[gi * d.q];
      for (size_t j = 0; j < d.q; ++j) {
        for (size_t i = 0; i < d.q; ++i) a[j * d.q + i] += zr[i] * zr[j];
        for (size_t k = 0; k < d.p; ++k) b[k * d.q + j] += zr[j] * xr[k];
        c[j] += zr[j] * yc(static_cast<long>(r));
      }
    }
  }
  if (auto rank = internal::CheckFullRank(st.xtx, d.names); !rank) return rank.error();
  // θ layout: lme4's column-major lower triangle per correlated part.
  ThetaMap tm;
  std::vector<double> theta0;
  {
    size_t start = 0;
    for (size_t k = 0; k < f.random.size(); ++k) {
      const size_t size = (f.random[k].intercept ? 1 : 0) + f.random[k].slopes.size();
      for (size_t col = 0; col < size; ++col)
        for (size_t row = col; row < size; ++row) {
          tm.cells.push_back({static_cast<int>(start + row), static_cast<int>(start + col)});
          tm.diagonal.push_back(row == col);
          theta0.push_back(row == col ? 1.0 : 0.0);
        }
      start += size;
    }
  }
  Workspace ws;
  const internal::EvalFn eval = [&](const std::vector<double>& th) {
    return Evaluate(st, d, tm, th, ws);
  };
  internal::Minimum best = internal::MinimiseDeviance(eval, theta0, tm.diagonal, d.n, d.p, options);
  // Column signs: make each diagonal element of Λ non-negative.
  {
    const MatQ l = tm.Lambda(best.x, static_cast<int>(d.q));
    for (int col = 0; col < static_cast<int>(d.q); ++col)
      if (l(col, col) < 0)
        for (size_t k = 0; k < tm.cells.size(); ++k)
          if (tm.cells[k].second == col) best.x[k] = -best.x[k];
  }
  const Eval e = Evaluate(st, d, tm, best.x, ws);
  if (!e.ok || !(e.r2 > 0)) return Invalid("formula", "err.lmm_no_estimate");
  const VectorXd beta_centred = e.beta;  // for the conditional modes (centred y)
  VectorXd beta = e.beta;
  if (centring.shift != 0) beta += centring.shift * centring.b1;
  LmmFit fit = internal::StartFit(options, best, d.n);
  fit.n_groups = d.groups;
  fit.group = f.random[0].group;
  fit.group_levels = gc.levels;
  fit.random_terms = d.random_names;
  fit.singular = internal::IsSingular(best.x, tm.diagonal);
  if (fit.singular) fit.warnings.push_back("boundary (singular) fit: see help('isSingular')");
  if (!best.converged) fit.warnings.push_back("the optimizer did not converge");
  internal::FixedDesign fixed_view;
  fixed_view.n = d.n;
  fixed_view.p = d.p;
  fixed_view.names = d.names;
  internal::FixedEffectInference(eval, e, beta, best.x, fixed_view, options.reml, fit);
  const double sigma2 = fit.residual_sd * fit.residual_sd;
  // Variance components: σ² ΛΛᵀ per part.
  const MatQ lambda = tm.Lambda(best.x, static_cast<int>(d.q));
  const MatrixXd sigma_b = sigma2 * lambda * lambda.transpose();
  for (size_t col = 0; col < d.q; ++col) {
    const int part = d.part_of[col];
    const std::string group = part == 0 ? fit.group : fit.group + "." + std::to_string(part);
    fit.random.push_back({group, d.random_names[col],
                          std::sqrt(sigma_b(static_cast<long>(col), static_cast<long>(col)))});
    for (size_t c2 = col + 1; c2 < d.q; ++c2)
      if (d.part_of[c2] == part) {
        const double den = std::sqrt(sigma_b(static_cast<long>(col), static_cast<long>(col)) *
                                     sigma_b(static_cast<long>(c2), static_cast<long>(c2)));
        fit.correlations.push_back(
            {group, d.random_names[col], d.random_names[c2],
             den > 0 ? sigma_b(static_cast<long>(col), static_cast<long>(c2)) / den
                     : std::numeric_limits<double>::quiet_NaN()});
      }
  }
  // Conditional modes b = Λu, u = L⁻ᵀ(cu − RZX β), and their conditional variances
  // σ² Λ (LLᵀ)⁻¹ Λᵀ.
  fit.ranef.assign(d.groups, std::vector<double>(d.q));
  GroupModes modes;
  modes.group = fit.group;
  modes.terms = d.random_names;
  modes.levels = fit.group_levels;
  modes.sd.assign(d.groups, std::vector<double>(d.q));
  {
    const int q = static_cast<int>(d.q), p = static_cast<int>(d.p);
    for (size_t i = 0; i < d.groups; ++i) {
      Eigen::Map<const MatrixXd> am(&st.ztz[i * d.q * d.q], q, q);
      Eigen::Map<const MatrixXd> bm(&st.ztx[i * d.q * d.p], q, p);
      Eigen::Map<const VectorXd> cm(&st.zty[i * d.q], q);
      MatQ mm = lambda.transpose() * am * lambda;
      mm.diagonal().array() += 1.0;
      Eigen::LLT<MatQ> llt(mm);
      MatQP rzx = lambda.transpose() * bm;
      llt.matrixL().solveInPlace(rzx);
      VecQ cu = lambda.transpose() * cm;
      llt.matrixL().solveInPlace(cu);
      VecQ u = cu - rzx * beta_centred;
      llt.matrixU().solveInPlace(u);
      const VecQ b = lambda * u;
      MatQ linv_lt = lambda.transpose();  // L⁻¹Λᵀ: its column norms are the variances
      llt.matrixL().solveInPlace(linv_lt);
      for (int kx = 0; kx < q; ++kx) {
        fit.ranef[i][static_cast<size_t>(kx)] = b(kx);
        modes.sd[i][static_cast<size_t>(kx)] = std::sqrt(sigma2 * linv_lt.col(kx).squaredNorm());
      }
    }
  }
  modes.mode = fit.ranef;
  fit.modes.push_back(std::move(modes));
  if (options.keep_fitted) {
    fit.row_group = d.g;
    fit.observed = d.y;
    fit.fitted.resize(d.n);
    fit.residuals.resize(d.n);
    fit.row_time.resize(d.n);
    size_t slope_col = d.q;
    for (size_t c = 0; c < d.q; ++c)
      if (d.random_names[c] != "(Intercept)") {
        slope_col = c;
        break;
      }
    for (size_t r = 0; r < d.n; ++r) {
      double v = 0;
      for (size_t j = 0; j < d.p; ++j) v += d.x[r * d.p + j] * beta(static_cast<long>(j));
      const auto& b = fit.ranef[static_cast<size_t>(d.g[r])];
      for (size_t c = 0; c < d.q; ++c) v += d.z[r * d.q + c] * b[c];
      fit.fitted[r] = v;
      fit.residuals[r] = d.y[r] - v;
      fit.row_time[r] = slope_col < d.q ? d.z[r * d.q + slope_col] : static_cast<double>(r);
    }
  }
  return fit;
}

// Checks lme4 makes before fitting, per random term, in our words and naming the term.
Status CheckRandomTerms(const DataTable& data, const Formula& f,
                        const std::vector<internal::GroupCodes>& factors) {
  const auto codes_of = [&factors](const std::string& group) -> const internal::GroupCodes& {
    for (const auto& g : factors)
      if (g.name == group) return g;
    return factors.front();
  };
  for (const auto& part : f.random) {
    const auto& g = codes_of(part.group);
    if (g.levels.size() < 2)
      return Invalid("formula", "err.lmm_few_groups",
                     {part.text, part.group, std::to_string(g.levels.size())});
    for (const auto& s : part.slopes) {
      // A slope that is constant within every level is confounded with the intercept.
      const auto& values = data.Find(s)->values;
      std::vector<double> first(g.levels.size(), std::numeric_limits<double>::quiet_NaN());
      bool varies = false;
      for (size_t r = 0; r < data.rows && !varies; ++r) {
        double& v0 = first[static_cast<size_t>(g.codes[r])];
        if (std::isnan(v0))
          v0 = values[r];
        else if (values[r] != v0)
          varies = true;
      }
      if (!varies) return Invalid("formula", "err.lmm_slope_constant", {part.text, s, part.group});
    }
    const size_t q = g.levels.size() * ((part.intercept ? 1 : 0) + part.slopes.size());
    if (q >= data.rows)
      return Invalid("formula", "err.lmm_few_obs",
                     {std::to_string(data.rows), std::to_string(q), part.text});
  }
  return OkStatus();
}

// The variance share of each grouping factor's random intercept (docs/analysis.md).
std::vector<VarianceShare> Shares(const LmmFit& fit) {
  std::vector<VarianceShare> out;
  double total = fit.residual_sd * fit.residual_sd;
  for (const auto& r : fit.random)
    if (r.term == "(Intercept)") {
      std::string group = r.group;
      out.push_back({group, r.sd * r.sd, 0});
      total += r.sd * r.sd;
    }
  out.push_back({"Residual", fit.residual_sd * fit.residual_sd, 0});
  for (auto& s : out) s.share = total > 0 ? s.variance / total : 0;
  return out;
}

}  // namespace

Result<LmmFit> FitLmm(const DataTable& data, const Formula& f, const FitOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // Columns: a missing one is named, with the random term that uses it.
  std::vector<FieldError> errors;
  std::vector<std::string> named;
  const auto need = [&](const std::string& column, const std::string* term) {
    if (data.Find(column) != nullptr ||
        std::find(named.begin(), named.end(), column) != named.end())
      return;
    named.push_back(column);
    if (term == nullptr)
      errors.push_back({"column", "err.csv_no_column", {column}});
    else
      errors.push_back({"formula", "err.lmm_term_no_column", {*term, column}});
  };
  need(f.response, nullptr);
  for (const auto& t : f.terms)
    for (const auto& v : t) need(v, nullptr);
  for (const auto& part : f.random) {
    for (const auto& s : part.slopes) need(s, &part.text);
    for (const auto& v : GroupVariables(part.group)) need(v, &part.text);
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (!data.Find(f.response)->numeric)
    return Invalid("column", "err.lmm_not_numeric", {f.response});
  for (const auto& part : f.random)
    for (const auto& s : part.slopes)
      if (!data.Find(s)->numeric) return Invalid("formula", "err.lmm_slope_factor", {part.text, s});
  std::vector<internal::GroupCodes> factors;
  for (const auto& g : GroupingFactors(f)) factors.push_back(internal::MakeGroupCodes(data, g));
  if (auto ok = CheckRandomTerms(data, f, factors); !ok) return ok.error();
  auto fixed = internal::BuildFixedDesign(data, f, options);
  if (!fixed) return fixed.error();
  auto fit = factors.size() == 1
                 ? FitOneFactor(data, f, options, std::move(*fixed), std::move(factors[0]))
                 : internal::FitCrossed(data, f, options, *fixed, factors);
  if (!fit) return fit.error();
  fit->dropped_rows = data.dropped;
  fit->shares = Shares(*fit);
  fit->group_sizes.clear();
  for (const auto& m : fit->modes) fit->group_sizes.push_back({m.group, m.levels.size()});
  fit->fit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return fit;
}

}  // namespace exo::stats
