#include "stats/lmm.h"

#include <nlopt.h>

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <thread>

namespace exo::stats {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr int kMaxQ = 8;
constexpr int kMaxP = 64;
using MatQ = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxQ, kMaxQ>;
using MatQP = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxQ, kMaxP>;
using VecQ = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxQ, 1>;

// How one variable enters a fixed-effect term.
struct Coding {
  const Column* column = nullptr;
  std::vector<int32_t> levels;  // factor levels that get a column (all, or all but the reference)
};

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

struct Eval {
  double ldl2 = 0;   // log det of Lθ squared
  double ldrx2 = 0;  // log det of R_X squared
  double r2 = 0;     // penalised residual sum of squares
  VectorXd beta;
  MatrixXd xtx_adj;  // R_Xᵀ R_X
  bool ok = true;
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

struct Minimum {
  std::vector<double> x;
  double f = 0;
  int evaluations = 0;
  bool converged = false;
};

// BOBYQA (NLopt), the optimiser lme4 uses by default for lmer, with lme4's bounds: diagonal
// elements of Λ at least 0, the others free.
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

std::vector<std::string> FormulaColumns(const Formula& f) {
  std::vector<std::string> out = {f.response};
  const auto add = [&out](const std::string& v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& t : f.terms)
    for (const auto& v : t) add(v);
  add(f.group);
  for (const auto& r : f.random)
    for (const auto& s : r.slopes) add(s);
  return out;
}

Result<LmmFit> FitLmm(const DataTable& data, const Formula& f, const FitOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // Columns.
  std::vector<FieldError> errors;
  for (const auto& name : FormulaColumns(f))
    if (data.Find(name) == nullptr) errors.push_back({"column", "err.csv_no_column", {name}});
  if (!errors.empty()) return InvalidFields(std::move(errors));
  const Column* y = data.Find(f.response);
  if (!y->numeric) return Invalid("column", "err.lmm_not_numeric", {f.response});
  const Column* gcol = data.Find(f.group);
  Design d;
  d.n = data.rows;
  // Group codes: a numeric grouping column is a factor of its distinct values.
  std::vector<int32_t> gcodes;
  std::vector<std::string> glevels;
  if (gcol->numeric) {
    std::vector<double> u = gcol->values;
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
    for (double v : u) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", v);
      glevels.push_back(buf);
    }
    gcodes.reserve(d.n);
    for (double v : gcol->values)
      gcodes.push_back(static_cast<int32_t>(std::lower_bound(u.begin(), u.end(), v) - u.begin()));
  } else {
    glevels = gcol->levels;
    gcodes = gcol->codes;
  }
  // Random columns.
  for (size_t k = 0; k < f.random.size(); ++k) {
    if (f.random[k].intercept) {
      d.random_names.push_back("(Intercept)");
      d.part_of.push_back(static_cast<int>(k));
    }
    for (const auto& s : f.random[k].slopes) {
      const Column* c = data.Find(s);
      if (!c->numeric) return Invalid("column", "err.lmm_slope_factor", {s});
      d.random_names.push_back(s);
      d.part_of.push_back(static_cast<int>(k));
    }
  }
  d.q = d.random_names.size();
  if (d.q > static_cast<size_t>(kMaxQ)) return Invalid("formula", "err.lmm_too_many_random");
  // Fixed codings.
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
    // Column names: the first variable varies fastest, as model.matrix does.
    std::vector<std::string> names = {""};
    for (const auto& c : cs) {
      std::vector<std::string> next;
      if (c.column->numeric) {
        for (const auto& n : names)
          next.push_back(n.empty() ? c.column->name : n + ":" + c.column->name);
      } else {
        for (int32_t l : c.levels)
          for (const auto& n : names) {
            const std::string part = c.column->name + c.column->levels[static_cast<size_t>(l)];
            next.push_back(n.empty() ? part : n + ":" + part);
          }
        // Reorder so the earlier variables vary fastest.
        std::vector<std::string> reordered;
        for (size_t a = 0; a < names.size(); ++a)
          for (size_t b = 0; b < c.levels.size(); ++b)
            reordered.push_back(next[b * names.size() + a]);
        next.clear();
        for (size_t b = 0; b < c.levels.size(); ++b)
          for (size_t a = 0; a < names.size(); ++a)
            next.push_back(reordered[a * c.levels.size() + b]);
      }
      names = next;
    }
    for (auto& n : names) d.names.push_back(n);
    codings.push_back(cs);
  }
  d.p = d.names.size();
  if (d.p == 0) return Invalid("formula", "err.lmm_no_fixed");
  if (d.p > static_cast<size_t>(kMaxP)) return Invalid("formula", "err.lmm_too_many_fixed");
  // Rows: X, Z, y, g.
  d.groups = glevels.size();
  d.x.resize(d.n * d.p);
  d.z.resize(d.n * d.q);
  d.y = y->values;
  d.g = gcodes;
  for (size_t r = 0; r < d.n; ++r) {
    double* xr = &d.x[r * d.p];
    size_t col = 0;
    if (f.intercept) xr[col++] = 1.0;
    for (const auto& cs : codings) {
      // Product of the codings, first variable fastest.
      std::vector<double> vals = {1.0};
      for (const auto& c : cs) {
        std::vector<double> next;
        if (c.column->numeric) {
          for (double v : vals) next.push_back(v * c.column->values[r]);
        } else {
          const int32_t code = c.column->codes[r];
          for (int32_t l : c.levels)
            for (double v : vals) next.push_back(code == l ? v : 0.0);
        }
        vals = std::move(next);
      }
      for (double v : vals) xr[col++] = v;
    }
    double* zr = &d.z[r * d.q];
    size_t zc = 0;
    for (const auto& part : f.random) {
      if (part.intercept) zr[zc++] = 1.0;
      for (const auto& s : part.slopes) zr[zc++] = data.Find(s)->values[r];
    }
  }
  // Identifiability.
  if (d.groups < 2)
    return Invalid("column", "err.lmm_few_groups", {f.group, std::to_string(d.groups)});
  if (d.q * d.groups >= d.n)
    return Invalid("formula", "err.lmm_few_obs",
                   {std::to_string(d.n), std::to_string(d.q * d.groups), f.group});
  // Sufficient statistics.
  Stats st;
  st.ztz.assign(d.groups * d.q * d.q, 0.0);
  st.ztx.assign(d.groups * d.q * d.p, 0.0);
  st.zty.assign(d.groups * d.q, 0.0);
  st.xtx = MatrixXd::Zero(static_cast<long>(d.p), static_cast<long>(d.p));
  st.xty = VectorXd::Zero(static_cast<long>(d.p));
  double y_shift = 0;
  VectorXd shift_b1, yc;
  {
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> xm(
        d.x.data(), static_cast<long>(d.n), static_cast<long>(d.p));
    Eigen::Map<const VectorXd> ym(d.y.data(), static_cast<long>(d.n));
    st.xtx = xm.transpose() * xm;
    // y is centred when the constant is in the span of X (then only β moves, by ȳ·b1 where
    // X b1 = 1): the penalised residual sum of squares is a difference of squared norms, and
    // centring keeps that difference from cancelling most digits.
    const VectorXd ones_x = xm.transpose() * VectorXd::Ones(static_cast<long>(d.n));
    shift_b1 = st.xtx.ldlt().solve(ones_x);
    const double ones_residual = static_cast<double>(d.n) - ones_x.dot(shift_b1);
    if (std::abs(ones_residual) < 1e-9 * static_cast<double>(d.n)) y_shift = ym.mean();
    yc = ym.array() - y_shift;
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
  // Rank of X: pivoted QR of the scaled cross-product.
  {
    VectorXd scale = st.xtx.diagonal().cwiseSqrt();
    for (long k = 0; k < scale.size(); ++k)
      if (scale(k) == 0) scale(k) = 1;
    MatrixXd corr = scale.asDiagonal().inverse() * st.xtx * scale.asDiagonal().inverse();
    Eigen::ColPivHouseholderQR<MatrixXd> qr(corr);
    qr.setThreshold(1e-10);
    if (qr.rank() < static_cast<long>(d.p)) {
      std::string dropped;
      for (long k = qr.rank(); k < static_cast<long>(d.p); ++k)
        dropped += (dropped.empty() ? "" : ", ") +
                   d.names[static_cast<size_t>(qr.colsPermutation().indices()(k))];
      return Invalid("formula", "err.lmm_singular_design", {dropped});
    }
  }
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
  int evaluations = 0;
  Workspace ws;
  const auto objective = [&](const std::vector<double>& th) {
    ++evaluations;
    const double dev = Deviance(Evaluate(st, d, tm, th, ws), d.n, d.p, options.reml);
    if (options.progress && evaluations % 10 == 0) options.progress(evaluations, dev);
    return dev;
  };
  Minimum best = Bobyqa(objective, theta0, tm.diagonal);
  // Newton polish on the coordinates off the boundary (one step when BOBYQA converged).
  {
    const auto m = best.x.size();
    for (int it = 0; it < (best.converged ? 1 : 3); ++it) {
      std::vector<size_t> free;
      for (size_t k = 0; k < m; ++k)
        if (!tm.diagonal[k] || std::abs(best.x[k]) > 1e-5) free.push_back(k);
      if (free.empty()) break;
      const auto fv = [&](const VectorXd& v) {
        std::vector<double> th = best.x;
        for (size_t j = 0; j < free.size(); ++j) th[free[j]] = v(static_cast<long>(j));
        return Deviance(Evaluate(st, d, tm, th, ws), d.n, d.p, options.reml);
      };
      VectorXd v(static_cast<long>(free.size()));
      for (size_t j = 0; j < free.size(); ++j) v(static_cast<long>(j)) = best.x[free[j]];
      // Plain central differences: Newton only needs a good direction; the gradient's
      // truncation error (third derivative times h squared) sets the final accuracy.
      const long k = v.size();
      const double f0 = fv(v);
      VectorXd grad(k), step(k);
      MatrixXd h(k, k);
      for (long j = 0; j < k; ++j) step(j) = 1e-4 * std::max(std::abs(v(j)), 0.1);
      const auto at = [&](long i, double si, long j, double sj) {
        VectorXd w = v;
        w(i) += si * step(i);
        if (j >= 0) w(j) += sj * step(j);
        return fv(w);
      };
      for (long i = 0; i < k; ++i) {
        const double fp = at(i, 1, -1, 0), fm = at(i, -1, -1, 0);
        grad(i) = (fp - fm) / (2 * step(i));
        h(i, i) = (fp - 2 * f0 + fm) / (step(i) * step(i));
        for (long j = 0; j < i; ++j)
          h(i, j) = h(j, i) =
              (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) /
              (4 * step(i) * step(j));
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
  }
  // Column signs: make each diagonal element of Λ non-negative.
  {
    const MatQ l = tm.Lambda(best.x, static_cast<int>(d.q));
    for (int col = 0; col < static_cast<int>(d.q); ++col)
      if (l(col, col) < 0)
        for (size_t k = 0; k < tm.cells.size(); ++k)
          if (tm.cells[k].second == col) best.x[k] = -best.x[k];
  }
  Eval e = Evaluate(st, d, tm, best.x, ws);
  const VectorXd beta_centred = e.beta;  // for the conditional modes (centred y)
  if (y_shift != 0) e.beta += y_shift * shift_b1;
  LmmFit fit;
  fit.reml = options.reml;
  fit.theta = best.x;
  fit.evaluations = evaluations;
  fit.converged = best.converged;
  fit.n_obs = d.n;
  fit.n_groups = d.groups;
  fit.dropped_rows = data.dropped;
  fit.group = f.group;
  fit.group_levels = glevels;
  fit.random_terms = d.random_names;
  const double dof = options.reml ? static_cast<double>(d.n - d.p) : static_cast<double>(d.n);
  const double sigma2 = e.r2 / dof;
  const double sigma = std::sqrt(sigma2);
  fit.residual_sd = sigma;
  const double crit = Deviance(e, d.n, d.p, options.reml);
  const double k = static_cast<double>(d.p + best.x.size() + 1);
  if (options.reml)
    fit.reml_criterion = crit;
  else
    fit.deviance = crit;
  fit.loglik = -crit / 2;
  fit.aic = crit + 2 * k;
  fit.bic = crit + k * std::log(static_cast<double>(d.n));
  // Fixed effects, their covariance and Satterthwaite degrees of freedom.
  const MatrixXd vcov = sigma2 * e.xtx_adj.inverse();
  const int m = static_cast<int>(best.x.size());
  // Satterthwaite (lmerTest): the Hessian of the deviance in (θ, σ) and the Jacobian of
  // Var(β̂) = σ² M(θ). The σ parts are analytic; the θ parts come from second differences of
  // A(θ) = log|Lθ|² (+ log|R_X|² for REML) and r²(θ), refined by Richardson extrapolation.
  //   D = A + r²/σ² + ν log(2πσ²),  ν = n − p (REML) or n (ML)
  //   ∂²D/∂σ² = 6r²/σ⁴ − 2ν/σ²,  ∂²D/∂σ∂θ = −2/σ³ ∂r²/∂θ,  ∂²D/∂θ² = ∂²A/∂θ² + ∂²r²/∂θ²/σ²
  const double nu = options.reml ? static_cast<double>(d.n - d.p) : static_cast<double>(d.n);
  struct Parts {
    double a = 0, r2 = 0;
    MatrixXd m;  // (R_XᵀR_X)⁻¹
  };
  const auto parts = [&](const VectorXd& th) {
    const Eval ev = Evaluate(st, d, tm, std::vector<double>(th.data(), th.data() + m), ws);
    return Parts{ev.ldl2 + (options.reml ? ev.ldrx2 : 0.0), ev.r2, ev.xtx_adj.inverse()};
  };
  VectorXd th0(m);
  for (int j = 0; j < m; ++j) th0(j) = best.x[static_cast<size_t>(j)];
  const Parts p0 = parts(th0);
  VectorXd step0(m);
  for (int j = 0; j < m; ++j) step0(j) = 1e-2 * std::max(std::abs(th0(j)), 0.1);
  constexpr int kLevels = 3;  // step, step/2, step/4
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
          VectorXd up = th0, dn = th0;
          up(i) += hs(i);
          dn(i) -= hs(i);
          const Parts pu = parts(up), pd = parts(dn);
          const double h2 = hs(i) * hs(i);
          ta[r][0] = (pu.a - 2 * p0.a + pd.a) / h2;
          tr[r][0] = (pu.r2 - 2 * p0.r2 + pd.r2) / h2;
          tg[r][0] = (pu.r2 - pd.r2) / (2 * hs(i));
          tm_level[static_cast<size_t>(r)] = (pu.m - pd.m) / (2 * hs(i));
        } else {
          const auto at = [&](double si, double sj) {
            VectorXd z = th0;
            z(i) += si * hs(i);
            z(j) += sj * hs(j);
            return parts(z);
          };
          const Parts pp = at(1, 1), pm = at(1, -1), mp = at(-1, 1), mm = at(-1, -1);
          const double h2 = 4 * hs(i) * hs(j);
          ta[r][0] = (pp.a - pm.a - mp.a + mm.a) / h2;
          tr[r][0] = (pp.r2 - pm.r2 - mp.r2 + mm.r2) / h2;
        }
      }
      hess_a(i, j) = hess_a(j, i) = richardson(ta);
      hess_r(i, j) = hess_r(j, i) = richardson(tr);
      if (i == j) {
        grad_r(i) = richardson(tg);
        for (int k = 1; k < kLevels; ++k)
          for (int r = kLevels - 1; r >= k; --r)
            tm_level[static_cast<size_t>(r)] =
                (tm_level[static_cast<size_t>(r)] * std::pow(4.0, k) -
                 tm_level[static_cast<size_t>(r - 1)]) /
                (std::pow(4.0, k) - 1);
        jac_m[static_cast<size_t>(i)] = tm_level[kLevels - 1];
      }
    }
  }
  MatrixXd h(m + 1, m + 1);
  h.topLeftCorner(m, m) = hess_a + hess_r / sigma2;
  for (int i = 0; i < m; ++i) h(i, m) = h(m, i) = -2.0 / (sigma2 * sigma) * grad_r(i);
  h(m, m) = 6.0 * p0.r2 / (sigma2 * sigma2) - 2.0 * nu / sigma2;
  Eigen::FullPivLU<MatrixXd> hlu(h);
  const bool h_ok = hlu.isInvertible();
  const MatrixXd a = h_ok ? MatrixXd(2.0 * hlu.inverse()) : MatrixXd();
  std::vector<MatrixXd> jac(static_cast<size_t>(m + 1));
  for (int i = 0; i < m; ++i) jac[static_cast<size_t>(i)] = sigma2 * jac_m[static_cast<size_t>(i)];
  jac[static_cast<size_t>(m)] = 2.0 * sigma * p0.m;
  const double z975 = 1.959963984540054;
  for (size_t j = 0; j < d.p; ++j) {
    FixedEffect fe;
    fe.term = d.names[j];
    fe.estimate = e.beta(static_cast<long>(j));
    fe.std_error = std::sqrt(vcov(static_cast<long>(j), static_cast<long>(j)));
    fe.t = fe.estimate / fe.std_error;
    fe.ci_low = fe.estimate - z975 * fe.std_error;
    fe.ci_high = fe.estimate + z975 * fe.std_error;
    fe.df = std::numeric_limits<double>::quiet_NaN();
    fe.p = std::numeric_limits<double>::quiet_NaN();
    if (h_ok) {
      VectorXd g(m + 1);
      for (int i = 0; i <= m; ++i)
        g(i) = jac[static_cast<size_t>(i)](static_cast<long>(j), static_cast<long>(j));
      const double v = vcov(static_cast<long>(j), static_cast<long>(j));
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
  // Variance components: σ² ΛΛᵀ per part.
  const MatQ lambda = tm.Lambda(best.x, static_cast<int>(d.q));
  const MatrixXd sigma_b = sigma2 * lambda * lambda.transpose();
  bool singular = false;
  for (size_t kx = 0; kx < best.x.size(); ++kx)
    if (tm.diagonal[kx] && best.x[kx] < 1e-4) singular = true;
  for (size_t col = 0; col < d.q; ++col) {
    const int part = d.part_of[col];
    const std::string group = part == 0 ? f.group : f.group + "." + std::to_string(part);
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
  if (singular) fit.warnings.push_back("boundary (singular) fit: see help('isSingular')");
  if (!best.converged) fit.warnings.push_back("the optimizer did not converge");
  if (!h_ok)
    fit.warnings.push_back("Satterthwaite degrees of freedom unavailable: the Hessian is singular");
  // Conditional modes b = Λu, u = L⁻ᵀ(cu − RZX β).
  fit.ranef.assign(d.groups, std::vector<double>(d.q));
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
      for (int kx = 0; kx < q; ++kx) fit.ranef[i][static_cast<size_t>(kx)] = b(kx);
    }
  }
  fit.fit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
      for (size_t j = 0; j < d.p; ++j) v += d.x[r * d.p + j] * e.beta(static_cast<long>(j));
      const auto& b = fit.ranef[static_cast<size_t>(d.g[r])];
      for (size_t c = 0; c < d.q; ++c) v += d.z[r * d.q + c] * b[c];
      fit.fitted[r] = v;
      fit.residuals[r] = d.y[r] - v;
      fit.row_time[r] = slope_col < d.q ? d.z[r * d.q + slope_col] : static_cast<double>(r);
    }
  }
  return fit;
}

}  // namespace exo::stats
