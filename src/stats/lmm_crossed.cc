// Linear mixed models with several grouping factors, crossed or nested (lme4's general case).
//
// lme4 factors ΛᵀZᵀZΛ + I with a general sparse Cholesky (CHOLMOD). Here the structure is used
// directly: the columns of one grouping factor never meet each other in a row, so its part of
// ΛᵀZᵀZΛ + I is block diagonal. The factor with the most levels (the patients) keeps a q₁ × q₁
// block per level, eliminated first; the columns of the other factors (lots, clinics: q_r of
// them) form the Schur complement S = A₂₂ − Σᵢ A₂₁ᵢ A₁₁ᵢ⁻¹ A₁₂ᵢ, factored densely. The sparse
// factor is then
//     L = [ L₁  0  ]    L₁ = blockdiag(chol(A₁₁ᵢ)),  Wᵢ = L₁ᵢ⁻¹ A₁₂ᵢ (only the columns of the
//         [ Wᵀ  L₂ ]    other factors that level i meets),  L₂ = chol(S),
// the elimination order a sparse Cholesky with a minimum-degree ordering chooses for this
// pattern. One evaluation costs O(Σᵢ q₁ mᵢ (q₁ + mᵢ) + q_r³ / 3) with mᵢ the columns level i
// meets: the per-level blocks are linear in the data, the dense part depends only on the
// number of levels of the smaller factors.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <system_error>
#include <thread>

#include "stats/internal/lmm_crossed_model.h"

namespace exo::stats::internal {

using crossed::kParallelDenseColumns;
using crossed::kParallelLevels;
using crossed::Model;
using crossed::Small;
using crossed::SmallVec;
using crossed::Term;
using crossed::Workspace;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Result<LmmFit> FitCrossed(const DataTable& data, const Formula& f, const FitOptions& options,
                          const FixedDesign& fd, const std::vector<GroupCodes>& factors) {
  Centring centring;
  auto built = crossed::BuildModel(data, f, fd, factors, centring);
  if (!built) return built.error();
  crossed::PlanSchur(*built);
  built->parallel = std::thread::hardware_concurrency() > 1 && built->levels1 >= kParallelLevels &&
                    (built->sparse || built->qr <= kParallelDenseColumns);
  const Model& m = *built;
  std::vector<double> theta0;
  for (bool d : m.diagonal) theta0.push_back(d ? 1.0 : 0.0);
  Workspace ws, ws2;
  const EvalFn eval = [&](const std::vector<double>& th) {
    return crossed::Evaluate(m, th, ws, m.parallel);
  };
  // A batch of θ (the Newton polish, the Satterthwaite differences): two evaluations at once,
  // each on one thread, which also runs the sparse factorisation of S in parallel.
  EvalManyFn eval_many;
  if (std::thread::hardware_concurrency() > 1)
    eval_many = [&](const std::vector<std::vector<double>>& thetas) {
      std::vector<Eval> out(thetas.size());
      std::atomic<size_t> next{0};
      const auto work = [&](Workspace& w) {
        for (size_t k = next++; k < thetas.size(); k = next++)
          out[k] = crossed::Evaluate(m, thetas[k], w, false);
      };
      std::thread helper;
      try {
        if (thetas.size() > 1) helper = std::thread([&] { work(ws2); });
      } catch (const std::system_error&) {
      }
      work(ws);
      if (helper.joinable()) helper.join();
      return out;
    };
  const auto started = std::chrono::steady_clock::now();
  Minimum best = MinimiseDeviance(eval, theta0, m.diagonal, m.n, m.p, options, eval_many);
  const double optimise_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Column signs: each diagonal element of Λ non-negative.
  for (size_t k = 0; k < best.x.size(); ++k)
    if (m.diagonal[k] && best.x[k] < 0) {
      const size_t t = m.theta_term[k];
      const int col = m.theta_cells[k].second;
      for (size_t j = m.terms[t].theta_start; j < best.x.size() && m.theta_term[j] == t; ++j)
        if (m.theta_cells[j].second == col) best.x[j] = -best.x[j];
    }
  const Eval e = crossed::Evaluate(m, best.x, ws, m.parallel);
  if (!e.ok || !(e.r2 > 0)) return Invalid("formula", "err.lmm_no_estimate");
  VectorXd beta = e.beta;
  if (centring.shift != 0) beta += centring.shift * centring.b1;
  LmmFit fit = StartFit(options, best, m.n);
  fit.evaluation_seconds = optimise_seconds / std::max(1, best.evaluations);
  fit.factor_nonzeros = m.levels1 * m.q1 * (m.q1 + 1) / 2 + m.h.size() + ws.FactorNonZeros(m.qr);
  fit.singular = IsSingular(best.x, m.diagonal);
  if (fit.singular) fit.warnings.push_back("boundary (singular) fit: see help('isSingular')");
  if (!best.converged) fit.warnings.push_back("the optimizer did not converge");
  FixedEffectInference(eval, e, beta, best.x, fd, options.reml, fit, eval_many);
  const double sigma2 = fit.residual_sd * fit.residual_sd;
  // Variance components and correlations per term.
  std::vector<Small> lambdas(m.terms.size());
  for (size_t t = 0; t < m.terms.size(); ++t) {
    const Term& term = m.terms[t];
    lambdas[t] = m.Lambda(best.x, t);
    const Small cov = sigma2 * lambdas[t] * lambdas[t].transpose();
    for (long a = 0; a < static_cast<long>(term.size); ++a) {
      fit.random.push_back({term.name, term.columns[static_cast<size_t>(a)], std::sqrt(cov(a, a))});
      for (long b = a + 1; b < static_cast<long>(term.size); ++b) {
        const double den = std::sqrt(cov(a, a) * cov(b, b));
        fit.correlations.push_back(
            {term.name, term.columns[static_cast<size_t>(a)], term.columns[static_cast<size_t>(b)],
             den > 0 ? cov(a, b) / den : std::numeric_limits<double>::quiet_NaN()});
      }
    }
  }
  // Conditional modes: u = L⁻ᵀ(cu − RZX β) from the factor at the optimum.
  crossed::Evaluate(m, best.x, ws, m.parallel);
  const long q1 = static_cast<long>(m.q1), p = static_cast<long>(m.p), pa = static_cast<long>(m.pa);
  const VectorXd& beta_c = e.beta;
  const VectorXd u2 = ws.Solve(ws.rhs.col(p) - ws.rhs.leftCols(p) * beta_c);
  const long qr = static_cast<long>(m.qr);
  const MatrixXd s_inv = ws.Solve(MatrixXd::Identity(qr, qr));
  const Small l1 = m.BlockLambda(best.x);
  std::vector<std::vector<double>> b1(m.levels1, std::vector<double>(m.q1)),
      sd1(m.levels1, std::vector<double>(m.q1));
  for (size_t i = 0; i < m.levels1; ++i) {
    Eigen::Map<const MatrixXd> a(&m.a1[i * m.q1 * m.q1], q1, q1);
    Small mm = l1.transpose() * a * l1;
    mm.diagonal().array() += 1.0;
    const Eigen::LLT<Small> llt(mm);
    Eigen::Map<const MatrixXd> v(&ws.v1[i * m.q1 * m.pa], q1, pa);
    const long mi = static_cast<long>((m.h_start[i + 1] - m.h_start[i]) / m.q1);
    Eigen::Map<const MatrixXd> w(ws.w.data() + m.h_start[i], q1, mi);
    const size_t* cols = mi > 0 ? &m.touched_column[m.h_start[i] / m.q1] : nullptr;
    VectorXd u2i(mi);
    MatrixXd s_sub(mi, mi);
    for (long a2 = 0; a2 < mi; ++a2) {
      u2i(a2) = u2(static_cast<long>(cols[a2]));
      for (long b2 = 0; b2 < mi; ++b2)
        s_sub(a2, b2) = s_inv(static_cast<long>(cols[a2]), static_cast<long>(cols[b2]));
    }
    SmallVec r = v.col(p) - v.leftCols(p) * beta_c - w * u2i;
    llt.matrixU().solveInPlace(r);
    const SmallVec bi = l1 * r;
    // (M⁻¹)₁₁ = A⁻¹ + (L₁⁻ᵀW) S⁻¹ (L₁⁻ᵀW)ᵀ, then σ²Λ₁(·)Λ₁ᵀ.
    MatrixXd lw = w;
    llt.matrixU().solveInPlace(lw);
    Small ainv = llt.solve(Small::Identity(q1, q1));
    const MatrixXd mi11 = MatrixXd(ainv) + lw * s_sub * lw.transpose();
    const MatrixXd var = sigma2 * MatrixXd(l1) * mi11 * MatrixXd(l1).transpose();
    for (long k = 0; k < q1; ++k) {
      b1[i][static_cast<size_t>(k)] = bi(k);
      sd1[i][static_cast<size_t>(k)] = std::sqrt(var(k, k));
    }
  }
  // Per grouping factor, in lme4's order: its terms' columns side by side.
  std::vector<size_t> factor_order;
  for (const auto& t : m.terms)
    if (std::find(factor_order.begin(), factor_order.end(), t.factor) == factor_order.end())
      factor_order.push_back(t.factor);
  for (size_t g : factor_order) {
    GroupModes gm;
    gm.group = factors[g].name;
    gm.levels = factors[g].levels;
    const size_t levels = gm.levels.size();
    for (const auto& t : m.terms)
      if (t.factor == g) gm.terms.insert(gm.terms.end(), t.columns.begin(), t.columns.end());
    if (g == m.block_factor) {
      gm.mode = b1;
      gm.sd = sd1;
    } else {
      gm.mode.assign(levels, {});
      gm.sd.assign(levels, {});
      for (size_t t = 0; t < m.terms.size(); ++t) {
        const Term& term = m.terms[t];
        if (term.factor != g) continue;
        const long s = static_cast<long>(term.size);
        for (size_t l = 0; l < levels; ++l) {
          const long base = static_cast<long>(term.offset + l * term.size);
          const SmallVec bl = lambdas[t] * u2.segment(base, s);
          const Small var =
              sigma2 * lambdas[t] * s_inv.block(base, base, s, s) * lambdas[t].transpose();
          for (long k = 0; k < s; ++k) {
            gm.mode[l].push_back(bl(k));
            gm.sd[l].push_back(std::sqrt(var(k, k)));
          }
        }
      }
    }
    fit.modes.push_back(std::move(gm));
  }
  // The block factor as the one-factor fields (trajectories are drawn per its level).
  const GroupModes& first = fit.modes[0];
  fit.group = first.group;
  fit.group_levels = first.levels;
  fit.random_terms = first.terms;
  fit.ranef = first.mode;
  fit.n_groups = first.levels.size();
  if (options.keep_fitted) {
    fit.row_group = m.level_of_row;
    fit.observed = data.Find(f.response)->values;
    fit.fitted.resize(m.n);
    fit.residuals.resize(m.n);
    fit.row_time.resize(m.n);
    const Term* slope_term = nullptr;
    for (const auto& t : m.terms)
      if (t.block && !t.slopes.empty() && slope_term == nullptr) slope_term = &t;
    VectorXd b_rest(static_cast<long>(m.qr));
    for (size_t t = 0; t < m.terms.size(); ++t) {
      const Term& term = m.terms[t];
      if (term.block) continue;
      const long sz = static_cast<long>(term.size);
      for (size_t l = 0; l < term.levels; ++l) {
        const long base = static_cast<long>(term.offset + l * term.size);
        b_rest.segment(base, sz) = lambdas[t] * u2.segment(base, sz);
      }
    }
    for (size_t r = 0; r < m.n; ++r) {
      double v = 0;
      for (size_t j = 0; j < m.p; ++j) v += fd.x[r * m.p + j] * beta(static_cast<long>(j));
      for (const Term& term : m.terms) {
        const size_t level = static_cast<size_t>(factors[term.factor].codes[r]);
        for (size_t c = 0; c < term.size; ++c)
          v += term.Z(c, r) *
               (term.block ? b1[level][term.offset + c]
                           : b_rest(static_cast<long>(term.offset + level * term.size + c)));
      }
      fit.fitted[r] = v;
      fit.residuals[r] = fit.observed[r] - v;
      fit.row_time[r] =
          slope_term != nullptr ? slope_term->slopes[0]->values[r] : static_cast<double>(r);
    }
  }
  return fit;
}

}  // namespace exo::stats::internal
