#include "stats/internal/lmm_engine.h"

#include <nlopt.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace exo::stats::internal {

using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Column names of a term: the first variable varies fastest, as model.matrix does.
std::vector<std::string> TermNames(const std::vector<Coding>& cs) {
  std::vector<std::string> names = {""};
  for (const auto& c : cs) {
    std::vector<std::string> next;
    if (c.column->numeric) {
      for (const auto& n : names)
        next.push_back(n.empty() ? c.column->name : n + ":" + c.column->name);
    } else {
      for (const auto& n : names)
        for (int32_t l : c.levels) {
          const std::string part = c.column->name + c.column->levels[static_cast<size_t>(l)];
          next.push_back(n.empty() ? part : n + ":");
          if (!n.empty()) next.back() += part;
        }
      // Earlier variables vary fastest.
      std::vector<std::string> reordered;
      for (size_t b = 0; b < c.levels.size(); ++b)
        for (size_t a = 0; a < names.size(); ++a)
          reordered.push_back(next[a * c.levels.size() + b]);
      next = std::move(reordered);
    }
    names = std::move(next);
  }
  return names;
}

}  // namespace

Result<FixedDesign> BuildFixedDesign(const DataTable& data, const Formula& f,
                                     const FitOptions& options) {
  FixedDesign d;
  d.n = data.rows;
  const auto has_term = [&f](std::vector<std::string> t) {
    if (t.empty()) return f.intercept;
    std::sort(t.begin(), t.end());
    for (auto u : f.terms) {
      std::sort(u.begin(), u.end());
      if (u == t) return true;
    }
    return false;
  };
  std::vector<std::vector<Coding>> codings;
  if (f.intercept) d.names.push_back("(Intercept)");
  for (const auto& term : f.terms) {
    std::vector<Coding> cs;
    for (const auto& v : term) {
      Coding c;
      c.column = data.Find(v);
      if (!c.column->numeric) {
        const size_t k = c.column->levels.size();
        if (k < 2) return Invalid("column", "err.lmm_one_level", {v});
        std::vector<std::string> rest;
        for (const auto& u : term)
          if (u != v) rest.push_back(u);
        int32_t ref = 0;
        if (auto it = options.reference.find(v); it != options.reference.end()) {
          auto lv = std::find(c.column->levels.begin(), c.column->levels.end(), it->second);
          if (lv == c.column->levels.end())
            return Invalid("reference", "err.lmm_unknown_level", {it->second, v});
          ref = static_cast<int32_t>(lv - c.column->levels.begin());
        }
        const bool contrasts = has_term(rest);
        for (int32_t l = 0; l < static_cast<int32_t>(k); ++l)
          if (!contrasts || l != ref) c.levels.push_back(l);
      }
      cs.push_back(c);
    }
    for (auto& n : TermNames(cs)) d.names.push_back(n);
    codings.push_back(cs);
  }
  d.p = d.names.size();
  if (d.p == 0) return Invalid("formula", "err.lmm_no_fixed");
  if (d.p > kMaxFixed) return Invalid("formula", "err.lmm_too_many_fixed");
  d.intercept = f.intercept;
  d.terms = std::move(codings);
  return d;
}

void FixedDesign::Row(size_t r, double* out) const {
  size_t col = 0;
  if (intercept) out[col++] = 1.0;
  for (const auto& cs : terms) {
    if (cs.size() == 1) {  // one variable: its value, or its indicator columns
      const Coding& c = cs[0];
      if (c.column->numeric) {
        out[col++] = c.column->values[r];
      } else {
        const int32_t code = c.column->codes[r];
        for (const int32_t l : c.levels) out[col++] = code == l ? 1.0 : 0.0;
      }
      continue;
    }
    // Product of the codings, first variable fastest.
    double vals[kMaxFixed], next[kMaxFixed];
    size_t count = 1;
    vals[0] = 1.0;
    for (const auto& c : cs) {
      size_t m = 0;
      if (c.column->numeric) {
        for (size_t k = 0; k < count; ++k) next[m++] = vals[k] * c.column->values[r];
      } else {
        const int32_t code = c.column->codes[r];
        for (const int32_t l : c.levels)
          for (size_t k = 0; k < count; ++k) next[m++] = code == l ? vals[k] : 0.0;
      }
      std::copy(next, next + m, vals);
      count = m;
    }
    for (size_t k = 0; k < count; ++k) out[col++] = vals[k];
  }
}

void FixedDesign::Materialize() {
  x.resize(n * p);
  for (size_t r = 0; r < n; ++r) Row(r, &x[r * p]);
}

Status CheckFullRank(const MatrixXd& xtx, const std::vector<std::string>& names) {
  VectorXd scale = xtx.diagonal().cwiseSqrt();
  for (long k = 0; k < scale.size(); ++k)
    if (scale(k) == 0) scale(k) = 1;
  const MatrixXd corr = scale.asDiagonal().inverse() * xtx * scale.asDiagonal().inverse();
  Eigen::ColPivHouseholderQR<MatrixXd> qr(corr);
  qr.setThreshold(1e-10);
  if (qr.rank() < static_cast<long>(names.size())) {
    std::string dropped;
    for (long k = qr.rank(); k < static_cast<long>(names.size()); ++k)
      dropped += (dropped.empty() ? "" : ", ") +
                 names[static_cast<size_t>(qr.colsPermutation().indices()(k))];
    return Invalid("formula", "err.lmm_singular_design", {dropped});
  }
  return OkStatus();
}

namespace {

// One variable as codes: a factor as it is, a numeric column by its distinct values.
GroupCodes VariableCodes(const Column& col) {
  GroupCodes g;
  g.name = col.name;
  if (!col.numeric) {
    g.codes = col.codes;
    g.levels = col.levels;
    return g;
  }
  std::vector<double> u = col.values;
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  for (double v : u) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    g.levels.push_back(buf);
  }
  g.codes.reserve(col.values.size());
  for (double v : col.values)
    g.codes.push_back(static_cast<int32_t>(std::lower_bound(u.begin(), u.end(), v) - u.begin()));
  return g;
}

}  // namespace

GroupCodes MakeGroupCodes(const DataTable& data, const std::string& group) {
  const auto vars = GroupVariables(group);
  GroupCodes g = VariableCodes(*data.Find(vars.back()));
  // Fold from the innermost: "c:(b:a)" is c (slowest) by (b by a).
  for (size_t k = vars.size() - 1; k-- > 0;) {
    const GroupCodes outer = VariableCodes(*data.Find(vars[k]));
    const int64_t inner_levels = static_cast<int64_t>(g.levels.size());
    std::vector<int64_t> combined(data.rows);
    for (size_t r = 0; r < data.rows; ++r)
      combined[r] = static_cast<int64_t>(outer.codes[r]) * inner_levels + g.codes[r];
    std::vector<int64_t> used = combined;
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    GroupCodes next;
    for (int64_t c : used)
      next.levels.push_back(outer.levels[static_cast<size_t>(c / inner_levels)] + ":" +
                            g.levels[static_cast<size_t>(c % inner_levels)]);
    next.codes.resize(data.rows);
    for (size_t r = 0; r < data.rows; ++r)
      next.codes[r] = static_cast<int32_t>(std::lower_bound(used.begin(), used.end(), combined[r]) -
                                           used.begin());
    g = std::move(next);
  }
  g.name = group;
  return g;
}

Centring CentreResponse(const MatrixXd& xtx, const VectorXd& xt_ones, double n, double y_mean) {
  Centring c;
  c.b1 = xtx.ldlt().solve(xt_ones);
  const double ones_residual = n - xt_ones.dot(c.b1);
  if (std::abs(ones_residual) < 1e-9 * n) c.shift = y_mean;
  return c;
}

Eval EvalFromCrossProduct(const MatrixXd& c, double ldl2) {
  const long p = c.rows() - 1;
  Eval e;
  e.ldl2 = ldl2;
  e.xtx_adj = c.topLeftCorner(p, p);
  Eigen::LLT<MatrixXd> rx(e.xtx_adj);
  if (rx.info() != Eigen::Success) {
    e.ok = false;
    return e;
  }
  const MatrixXd& lx = rx.matrixLLT();
  for (long k = 0; k < p; ++k) e.ldrx2 += 2.0 * std::log(lx(k, k));
  const VectorXd cb = rx.matrixL().solve(c.col(p).head(p));
  e.beta = rx.matrixU().solve(cb);
  e.r2 = c(p, p) - cb.squaredNorm();
  return e;
}

double Deviance(const Eval& e, size_t n, size_t p, bool reml) {
  if (!e.ok || !(e.r2 > 0)) return std::numeric_limits<double>::infinity();
  const double two_pi = 2.0 * M_PI;
  if (reml) {
    const double np = static_cast<double>(n - p);
    return e.ldl2 + e.ldrx2 + np * (1.0 + std::log(two_pi * e.r2 / np));
  }
  const double nn = static_cast<double>(n);
  return e.ldl2 + nn * (1.0 + std::log(two_pi * e.r2 / nn));
}

namespace {

Minimum Bobyqa(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
               const std::vector<bool>& diagonal) {
  struct Ctx {
    const std::function<double(const std::vector<double>&)>* f;
    int evaluations = 0;
  } ctx{&f};
  const unsigned m = static_cast<unsigned>(x0.size());
  nlopt_opt opt = nlopt_create(NLOPT_LN_BOBYQA, m);
  std::vector<double> lower(m);
  for (unsigned k = 0; k < m; ++k) lower[k] = diagonal[k] ? 0.0 : -HUGE_VAL;
  nlopt_set_lower_bounds(opt, lower.data());
  nlopt_set_min_objective(
      opt,
      [](unsigned n, const double* x, double*, void* data) {
        auto* c = static_cast<Ctx*>(data);
        ++c->evaluations;
        return (*c->f)(std::vector<double>(x, x + n));
      },
      &ctx);
  nlopt_set_ftol_rel(opt, 1e-12);
  nlopt_set_xtol_abs1(opt, 1e-9);
  nlopt_set_maxeval(opt, 100000);
  double fmin = 0;
  const nlopt_result r = nlopt_optimize(opt, x0.data(), &fmin);
  nlopt_destroy(opt);
  return {x0, fmin, ctx.evaluations, r > 0};
}

}  // namespace

LmmFit StartFit(const FitOptions& options, const Minimum& best, size_t n_obs) {
  LmmFit fit;
  fit.reml = options.reml;
  fit.theta = best.x;
  fit.evaluations = best.evaluations;
  fit.converged = best.converged;
  fit.n_obs = n_obs;
  return fit;
}

std::vector<Eval> EvalAll(const EvalFn& eval, const EvalManyFn& eval_many,
                          const std::vector<std::vector<double>>& thetas) {
  if (eval_many) return eval_many(thetas);
  std::vector<Eval> out;
  out.reserve(thetas.size());
  for (const auto& th : thetas) out.push_back(eval(th));
  return out;
}

Minimum MinimiseDeviance(const EvalFn& eval, const std::vector<double>& theta0,
                         const std::vector<bool>& diagonal, size_t n, size_t p,
                         const FitOptions& options, const EvalManyFn& eval_many) {
  int evaluations = 0;
  const auto objective = [&](const std::vector<double>& th) {
    ++evaluations;
    const double dev = Deviance(eval(th), n, p, options.reml);
    if (options.progress && evaluations % 10 == 0) options.progress(evaluations, dev);
    return dev;
  };
  Minimum best = Bobyqa(objective, theta0, diagonal);
  // Newton polish on the coordinates off the boundary (one step when BOBYQA converged).
  const auto m = best.x.size();
  for (int it = 0; it < (best.converged ? 1 : 3); ++it) {
    std::vector<size_t> free;
    for (size_t k = 0; k < m; ++k)
      if (!diagonal[k] || std::abs(best.x[k]) > 1e-5) free.push_back(k);
    if (free.empty()) break;
    const auto theta_at = [&](const VectorXd& v) {
      std::vector<double> th = best.x;
      for (size_t j = 0; j < free.size(); ++j) th[free[j]] = v(static_cast<long>(j));
      return th;
    };
    const auto fv = [&](const VectorXd& v) {
      ++evaluations;
      return Deviance(eval(theta_at(v)), n, p, options.reml);
    };
    VectorXd v(static_cast<long>(free.size()));
    for (size_t j = 0; j < free.size(); ++j) v(static_cast<long>(j)) = best.x[free[j]];
    // Plain central differences: Newton only needs a good direction; the gradient's
    // truncation error (third derivative times h squared) sets the final accuracy. An
    // off-diagonal second derivative comes from f(+i+j) and f(−i−j) with the points already
    // there (1 + 2k + k(k−1) points in all: 13 for k = 3, not 19). The points do not depend on
    // each other: they are evaluated as one batch.
    const long k = v.size();
    VectorXd grad(k), step(k);
    MatrixXd h(k, k);
    for (long j = 0; j < k; ++j) step(j) = 1e-4 * std::max(std::abs(v(j)), 0.1);
    std::vector<std::vector<double>> points = {theta_at(v)};
    const auto add = [&](long i, double si, long j, double sj) {
      VectorXd w = v;
      w(i) += si * step(i);
      if (j >= 0) w(j) += sj * step(j);
      points.push_back(theta_at(w));
    };
    for (long i = 0; i < k; ++i) {
      add(i, 1, -1, 0);
      add(i, -1, -1, 0);
    }
    for (long i = 0; i < k; ++i)
      for (long j = 0; j < i; ++j) {
        add(i, 1, j, 1);
        add(i, -1, j, -1);
      }
    std::vector<double> dev;
    for (const auto& e : EvalAll(eval, eval_many, points))
      dev.push_back(Deviance(e, n, p, options.reml));
    evaluations += static_cast<int>(points.size());
    const double f0 = dev[0];
    const auto plus = [&](long i) { return dev[static_cast<size_t>(1 + 2 * i)]; };
    const auto minus = [&](long i) { return dev[static_cast<size_t>(2 + 2 * i)]; };
    for (long i = 0; i < k; ++i) {
      grad(i) = (plus(i) - minus(i)) / (2 * step(i));
      h(i, i) = (plus(i) - 2 * f0 + minus(i)) / (step(i) * step(i));
    }
    for (long i = 0, at = 1 + 2 * k; i < k; ++i)
      for (long j = 0; j < i; ++j, at += 2) {
        const double pp = dev[static_cast<size_t>(at)], mm = dev[static_cast<size_t>(at + 1)];
        h(i, j) = h(j, i) =
            (pp + mm - plus(i) - minus(i) - plus(j) - minus(j) + 2 * f0) / (2 * step(i) * step(j));
      }
    Eigen::LDLT<MatrixXd> ldlt(h);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) break;
    const VectorXd next = v - ldlt.solve(grad);
    const double fn = fv(next);
    if (!(fn <= best.f)) break;
    const bool small = (next - v).cwiseAbs().maxCoeff() < 1e-10;
    for (size_t j = 0; j < free.size(); ++j) best.x[free[j]] = next(static_cast<long>(j));
    best.f = fn;
    if (small) break;
  }
  best.evaluations = evaluations;
  return best;
}

bool IsSingular(const std::vector<double>& theta, const std::vector<bool>& diagonal) {
  for (size_t k = 0; k < theta.size(); ++k)
    if (diagonal[k] && theta[k] < 1e-4) return true;
  return false;
}

void FixedEffectInference(const EvalFn& eval, const Eval& e, const VectorXd& beta,
                          const std::vector<double>& theta, const FixedDesign& d, bool reml,
                          LmmFit& fit, const EvalManyFn& eval_many) {
  const double dof = reml ? static_cast<double>(d.n - d.p) : static_cast<double>(d.n);
  const double sigma2 = e.r2 / dof;
  const double sigma = std::sqrt(sigma2);
  fit.residual_sd = sigma;
  const double crit = Deviance(e, d.n, d.p, reml);
  const double k = static_cast<double>(d.p + theta.size() + 1);
  if (reml)
    fit.reml_criterion = crit;
  else
    fit.deviance = crit;
  fit.loglik = -crit / 2;
  fit.aic = crit + 2 * k;
  fit.bic = crit + k * std::log(static_cast<double>(d.n));
  const MatrixXd vcov = sigma2 * e.xtx_adj.inverse();
  const int m = static_cast<int>(theta.size());
  // Satterthwaite (lmerTest): the Hessian of the deviance in (θ, σ) and the Jacobian of
  // Var(β̂) = σ² M(θ). The σ parts are analytic; the θ parts come from second differences of
  // A(θ) = log|Lθ|² (+ log|R_X|² for REML) and r²(θ), refined by Richardson extrapolation.
  //   D = A + r²/σ² + ν log(2πσ²),  ν = n − p (REML) or n (ML)
  //   ∂²D/∂σ² = 6r²/σ⁴ − 2ν/σ²,  ∂²D/∂σ∂θ = −2/σ³ ∂r²/∂θ,  ∂²D/∂θ² = ∂²A/∂θ² + ∂²r²/∂θ²/σ²
  const double nu = dof;
  struct Parts {
    double a = 0, r2 = 0;
    MatrixXd m;  // (R_XᵀR_X)⁻¹
  };
  // An evaluation that fails (a Cholesky factor not positive definite at a perturbed θ) has
  // no R_X: its parts stand in as NaN of the right size, and the df are then unavailable
  // instead of differencing matrices of different sizes.
  bool all_evaluated = true;
  const long pl = static_cast<long>(d.p);
  const auto to_parts = [&](const Eval& ev) {
    if (!ev.ok || ev.xtx_adj.rows() != pl) {
      all_evaluated = false;
      const double nan = std::numeric_limits<double>::quiet_NaN();
      return Parts{nan, nan, MatrixXd::Constant(pl, pl, nan)};
    }
    return Parts{ev.ldl2 + (reml ? ev.ldrx2 : 0.0), ev.r2, ev.xtx_adj.inverse()};
  };
  VectorXd th0(m);
  for (int j = 0; j < m; ++j) th0(j) = theta[static_cast<size_t>(j)];
  VectorXd step0(m);
  for (int j = 0; j < m; ++j) step0(j) = 1e-2 * std::max(std::abs(th0(j)), 0.1);
  // step and step/2: one Richardson level leaves the df within 1e-6 of three levels' on the
  // benchmark data (1e5 rows) and every lme4/lmerTest case of the test suite, with 37 evaluations
  // instead of 55 (issue #17). One level alone is 1e-4 off.
  constexpr int kLevels = 2;
  // Every point first (they do not depend on each other), evaluated as one batch; then the
  // differences read them back in the same order.
  std::vector<std::vector<double>> points = {theta};
  const auto add = [&](int i, double si, int j, double sj, const VectorXd& hs) {
    std::vector<double> z = theta;
    z[static_cast<size_t>(i)] += si * hs(i);
    if (j >= 0) z[static_cast<size_t>(j)] += sj * hs(j);
    points.push_back(std::move(z));
  };
  for (int i = 0; i < m; ++i)
    for (int j = 0; j <= i; ++j) {
      VectorXd hs = step0;
      for (int r = 0; r < kLevels; ++r, hs /= 2) {
        if (i == j) {
          add(i, 1, -1, 0, hs);
          add(i, -1, -1, 0, hs);
        } else {
          add(i, 1, j, 1, hs);
          add(i, 1, j, -1, hs);
          add(i, -1, j, 1, hs);
          add(i, -1, j, -1, hs);
        }
      }
    }
  std::vector<Parts> evaluated;
  evaluated.reserve(points.size());
  for (const Eval& ev : EvalAll(eval, eval_many, points)) evaluated.push_back(to_parts(ev));
  size_t next_point = 1;
  const auto parts = [&]() -> const Parts& { return evaluated[next_point++]; };
  const Parts& p0 = evaluated[0];
  const auto richardson = [](double(&a)[kLevels][kLevels]) {
    for (int k = 1; k < kLevels; ++k)
      for (int r = k; r < kLevels; ++r)
        a[r][k] = (a[r][k - 1] * std::pow(4.0, k) - a[r - 1][k - 1]) / (std::pow(4.0, k) - 1);
    return a[kLevels - 1][kLevels - 1];
  };
  MatrixXd hess_a(m, m), hess_r(m, m);
  VectorXd grad_r(m);
  std::vector<MatrixXd> jac_m(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j <= i; ++j) {
      double ta[kLevels][kLevels], tr[kLevels][kLevels], tg[kLevels][kLevels];
      std::vector<MatrixXd> tm_level(kLevels);
      VectorXd hs = step0;
      for (int r = 0; r < kLevels; ++r, hs /= 2) {
        if (i == j) {
          const Parts& pu = parts();
          const Parts& pd = parts();
          const double h2 = hs(i) * hs(i);
          ta[r][0] = (pu.a - 2 * p0.a + pd.a) / h2;
          tr[r][0] = (pu.r2 - 2 * p0.r2 + pd.r2) / h2;
          tg[r][0] = (pu.r2 - pd.r2) / (2 * hs(i));
          tm_level[static_cast<size_t>(r)] = (pu.m - pd.m) / (2 * hs(i));
        } else {
          const Parts& pp = parts();
          const Parts& pm = parts();
          const Parts& mp = parts();
          const Parts& mm = parts();
          const double h2 = 4 * hs(i) * hs(j);
          ta[r][0] = (pp.a - pm.a - mp.a + mm.a) / h2;
          tr[r][0] = (pp.r2 - pm.r2 - mp.r2 + mm.r2) / h2;
        }
      }
      hess_a(i, j) = hess_a(j, i) = richardson(ta);
      hess_r(i, j) = hess_r(j, i) = richardson(tr);
      if (i == j) {
        grad_r(i) = richardson(tg);
        for (int k2 = 1; k2 < kLevels; ++k2)
          for (int r = kLevels - 1; r >= k2; --r)
            tm_level[static_cast<size_t>(r)] =
                (tm_level[static_cast<size_t>(r)] * std::pow(4.0, k2) -
                 tm_level[static_cast<size_t>(r - 1)]) /
                (std::pow(4.0, k2) - 1);
        jac_m[static_cast<size_t>(i)] = tm_level[kLevels - 1];
      }
    }
  }
  MatrixXd h(m + 1, m + 1);
  h.topLeftCorner(m, m) = hess_a + hess_r / sigma2;
  for (int i = 0; i < m; ++i) h(i, m) = h(m, i) = -2.0 / (sigma2 * sigma) * grad_r(i);
  h(m, m) = 6.0 * p0.r2 / (sigma2 * sigma2) - 2.0 * nu / sigma2;
  Eigen::FullPivLU<MatrixXd> hlu(h);
  const bool h_ok = all_evaluated && h.allFinite() && hlu.isInvertible();
  const MatrixXd a = h_ok ? MatrixXd(2.0 * hlu.inverse()) : MatrixXd();
  std::vector<MatrixXd> jac(static_cast<size_t>(m + 1));
  for (int i = 0; i < m; ++i) jac[static_cast<size_t>(i)] = sigma2 * jac_m[static_cast<size_t>(i)];
  jac[static_cast<size_t>(m)] = 2.0 * sigma * p0.m;
  const double z975 = 1.959963984540054;
  for (size_t j = 0; j < d.p; ++j) {
    const long jj = static_cast<long>(j);
    FixedEffect fe;
    fe.term = d.names[j];
    fe.estimate = beta(jj);
    fe.std_error = std::sqrt(vcov(jj, jj));
    fe.t = fe.estimate / fe.std_error;
    fe.ci_low = fe.estimate - z975 * fe.std_error;
    fe.ci_high = fe.estimate + z975 * fe.std_error;
    fe.df = std::numeric_limits<double>::quiet_NaN();
    fe.p = std::numeric_limits<double>::quiet_NaN();
    if (h_ok) {
      VectorXd g(m + 1);
      for (int i = 0; i <= m; ++i) g(i) = jac[static_cast<size_t>(i)](jj, jj);
      const double v = vcov(jj, jj);
      const double denom = g.dot(a * g);
      if (denom > 0) {
        fe.df = 2 * v * v / denom;
        boost::math::students_t dist(fe.df);
        fe.p = 2 * boost::math::cdf(boost::math::complement(dist, std::abs(fe.t)));
      }
    }
    fit.fixed.push_back(fe);
  }
  fit.vcov.assign(d.p, std::vector<double>(d.p));
  for (size_t i = 0; i < d.p; ++i)
    for (size_t j = 0; j < d.p; ++j)
      fit.vcov[i][j] = vcov(static_cast<long>(i), static_cast<long>(j));
  if (!all_evaluated)
    fit.warnings.push_back(
        "Satterthwaite degrees of freedom unavailable: the deviance could not be evaluated "
        "near the estimates");
  else if (!h_ok)
    fit.warnings.push_back("Satterthwaite degrees of freedom unavailable: the Hessian is singular");
}

}  // namespace exo::stats::internal
