// One evaluation of the crossed/nested mixed model's profiled deviance: the per-level blocks of
// the largest factor (on two threads for many levels), then the Schur complement S of the other
// factors, sparse, split or dense (src/stats/lmm_crossed.cc explains the method).
#include <cmath>
#include <system_error>
#include <thread>
#include <type_traits>

#include "stats/internal/lmm_crossed_model.h"

namespace exo::stats::internal::crossed {

namespace {

using Eigen::MatrixXd;

// Λ_rᵀ G Λ_r for the other factors' block-diagonal Λ_r, in place on a q_r × q_r matrix, and
// Λ_rᵀ B on a q_r × k matrix.
void ApplyOtherLambda(const Model& m, const std::vector<Small>& lambdas, MatrixXd& g,
                      bool both_sides) {
  for (size_t t = 0; t < m.terms.size(); ++t) {
    const Term& term = m.terms[t];
    if (term.block) continue;
    const long s = static_cast<long>(term.size);
    const Small lt = lambdas[t].transpose();
    const size_t end = term.offset + term.levels * term.size;
    for (size_t c = term.offset; c < end; c += term.size) {
      const long cl = static_cast<long>(c);
      if (s == 1) {
        const double l = lt(0, 0);
        g.row(cl) *= l;
        if (both_sides) g.col(cl) *= l;
      } else {
        g.middleRows(cl, s) = (lt * g.middleRows(cl, s)).eval();
        if (both_sides) g.middleCols(cl, s) = (g.middleCols(cl, s) * lt.transpose()).eval();
      }
    }
  }
}

// Cholesky factor of a small symmetric positive definite block (ΛᵀAΛ + I always is), and
// solves with it, written out for a size known at compile time: Eigen's general triangular
// solver costs more than the arithmetic for 1 × 1 and 2 × 2 blocks.
template <int Q, class Block>
Block SmallCholesky(const Block& a) {
  Block l = Block::Zero(a.rows(), a.cols());
  const long q = Q == Eigen::Dynamic ? a.rows() : Q;
  for (long j = 0; j < q; ++j) {
    double d = a(j, j);
    for (long k = 0; k < j; ++k) d -= l(j, k) * l(j, k);
    l(j, j) = std::sqrt(d);
    for (long i = j + 1; i < q; ++i) {
      double v = a(i, j);
      for (long k = 0; k < j; ++k) v -= l(i, k) * l(j, k);
      l(i, j) = v / l(j, j);
    }
  }
  return l;
}

// x ← L⁻¹ x for every column of x.
template <int Q, class Block, class Wide>
void SolveLowerInPlace(const Block& l, Wide& x) {
  const long q = Q == Eigen::Dynamic ? l.rows() : Q;
  for (long j = 0; j < x.cols(); ++j)
    for (long i = 0; i < q; ++i) {
      double v = x(i, j);
      for (long k = 0; k < i; ++k) v -= l(i, k) * x(k, j);
      x(i, j) = v / l(i, i);
    }
}

// What the per-level loop of an evaluation reads, and where it adds its sums.
struct LevelInputs {
  const std::vector<Small>& lambdas;
  const Small& l1;
};
struct LevelSums {
  MatrixXd* c;        // [X y]ᵀ[X y] − Σ vᵢᵀvᵢ
  double* ldl2;       // + Σ log det(A₁₁ᵢ)
  double* s_values;   // sparse S: values, − Σ WᵢᵀWᵢ scattered
  MatrixXd* s_dense;  // dense S (lower triangle)
  MatrixXd* rhs;      // − Σ Wᵢᵀ vᵢ
};

// Levels [begin, end) of the block factor with q₁ = Q known at compile time (Eigen::Dynamic:
// any q₁ up to kMaxBlock): fixed-size blocks let Eigen unroll the 1 × 1 and 2 × 2 cases that a
// random intercept, or an intercept and one slope, give.
template <int Q>
void EvaluateLevelsOf(const Model& m, const LevelInputs& in, size_t begin, size_t end,
                      Workspace& ws, const LevelSums& out) {
  using Block = std::conditional_t<Q == Eigen::Dynamic, Small, Eigen::Matrix<double, Q, Q>>;
  using Wide = Eigen::Matrix<double, Q, Eigen::Dynamic>;
  using Stored = std::conditional_t<Q == Eigen::Dynamic, MatrixXd, Block>;  // as mapped
  const long q1 = static_cast<long>(m.q1), pa = static_cast<long>(m.pa);
  const Block l1 = in.l1;
  const Block l1t = l1.transpose();
  MatrixXd& c = *out.c;
  double* sv = out.s_values;
  double ldl2 = 0, det = 1.0;
  int pending = 0;
  for (size_t i = begin; i < end; ++i) {
    Eigen::Map<const Stored> a(&m.a1[i * m.q1 * m.q1], q1, q1);
    Eigen::Map<const Wide> b(&m.b1[i * m.q1 * m.pa], q1, pa);
    Block mm = l1t * a * l1;
    mm.diagonal().array() += 1.0;
    const Block lf = SmallCholesky<Q>(mm);
    for (long k = 0; k < q1; ++k) det *= lf(k, k) * lf(k, k);
    if (++pending == 8) {
      ldl2 += std::log(det);
      det = 1.0;
      pending = 0;
    }
    Eigen::Map<Wide> v(&ws.v1[i * m.q1 * m.pa], q1, pa);
    v.noalias() = l1t * b;
    SolveLowerInPlace<Q>(lf, v);
    c.noalias() -= v.transpose() * v;
    const long mi = static_cast<long>((m.h_start[i + 1] - m.h_start[i]) / m.q1);
    if (mi == 0) continue;
    Eigen::Map<const Wide> h(&m.h[m.h_start[i]], q1, mi);
    Eigen::Map<Wide> w(&ws.w[m.h_start[i]], q1, mi);
    w.noalias() = l1t * h;
    for (size_t k = m.touch_start[i]; k < m.touch_start[i + 1]; ++k) {
      const Touch& t = m.touches[k];
      const long s = static_cast<long>(m.terms[t.term].size), loc = static_cast<long>(t.local);
      if (s == 1)
        w.col(loc) *= in.lambdas[t.term](0, 0);
      else
        w.middleCols(loc, s) = (w.middleCols(loc, s) * in.lambdas[t.term]).eval();
    }
    SolveLowerInPlace<Q>(lf, w);
    // S[touched, touched] −= WᵀW (lower triangle), v2[touched] −= Wᵀ v.
    const size_t* cols = &m.touched_column[m.h_start[i] / m.q1];
    const int* scatter = sv != nullptr ? &m.scatter[m.scatter_start[i]] : nullptr;
    for (long b2 = 0; b2 < mi; ++b2) {
      const long gb = static_cast<long>(cols[b2]);
      for (long a2 = 0; a2 < mi; ++a2) {
        const long ga = static_cast<long>(cols[a2]);
        if (ga < gb) continue;
        const double d = w.col(a2).dot(w.col(b2));
        if (scatter != nullptr)
          sv[*scatter++] -= d;
        else
          (*out.s_dense)(ga, gb) -= d;
      }
      out.rhs->row(gb).noalias() -= w.col(b2).transpose() * v;
    }
  }
  *out.ldl2 += ldl2 + std::log(det);
}

void EvaluateLevels(const Model& m, const LevelInputs& in, size_t begin, size_t end, Workspace& ws,
                    const LevelSums& out) {
  switch (m.q1) {
    case 1:
      return EvaluateLevelsOf<1>(m, in, begin, end, ws, out);
    case 2:
      return EvaluateLevelsOf<2>(m, in, begin, end, ws, out);
    default:
      return EvaluateLevelsOf<Eigen::Dynamic>(m, in, begin, end, ws, out);
  }
}

}  // namespace

Eval Evaluate(const Model& m, const std::vector<double>& theta, Workspace& ws, bool split) {
  const long pa = static_cast<long>(m.pa);
  std::vector<Small> lambdas(m.terms.size());
  for (size_t t = 0; t < m.terms.size(); ++t) lambdas[t] = m.Lambda(theta, t);
  const Small l1 = m.BlockLambda(theta);
  double* sv = nullptr;
  if (m.sparse) {
    if (ws.s_sparse.rows() == 0) ws.s_sparse = m.s_pattern;
    sv = ws.s_sparse.valuePtr();
    std::vector<double> lam(m.qr);
    for (size_t c = 0; c < m.qr; ++c) lam[c] = theta[m.terms[m.column_term[c]].theta_start];
    for (size_t k = 0; k < m.g22_values.size(); ++k) {
      const size_t r = static_cast<size_t>(m.nz_row[k]), cc = static_cast<size_t>(m.nz_col[k]);
      sv[k] = lam[r] * lam[cc] * m.g22_values[k] + (r == cc ? 1.0 : 0.0);
    }
  } else {
    ws.s = m.g22;
    ApplyOtherLambda(m, lambdas, ws.s, true);
    ws.s.diagonal().array() += 1.0;
  }
  ws.rhs = m.b2;
  ApplyOtherLambda(m, lambdas, ws.rhs, false);
  ws.w.resize(m.h.size());
  ws.v1.resize(m.levels1 * m.q1 * m.pa);
  MatrixXd c = m.c0;
  double ldl2 = 0;
  const LevelInputs in{lambdas, l1};
  const LevelSums first{&c, &ldl2, sv, m.sparse ? nullptr : &ws.s, &ws.rhs};
  if (split) {
    const size_t mid = m.levels1 / 2;
    ws.c_half.setZero(pa, pa);
    ws.ldl2_half = 0;
    ws.rhs_half.setZero(static_cast<long>(m.qr), pa);
    if (m.sparse)
      ws.s_half.assign(static_cast<size_t>(ws.s_sparse.nonZeros()), 0.0);
    else
      ws.s_dense_half.setZero(static_cast<long>(m.qr), static_cast<long>(m.qr));
    const LevelSums second{&ws.c_half, &ws.ldl2_half, m.sparse ? ws.s_half.data() : nullptr,
                           m.sparse ? nullptr : &ws.s_dense_half, &ws.rhs_half};
    std::thread worker;
    try {
      worker = std::thread([&] { EvaluateLevels(m, in, mid, m.levels1, ws, second); });
    } catch (const std::system_error&) {
      split = false;  // no thread to be had: all levels here
    }
    if (split) {
      EvaluateLevels(m, in, 0, mid, ws, first);
      worker.join();
      c += ws.c_half;
      ldl2 += ws.ldl2_half;
      ws.rhs += ws.rhs_half;
      if (m.sparse)
        for (size_t k = 0; k < ws.s_half.size(); ++k) sv[k] += ws.s_half[k];
      else
        ws.s += ws.s_dense_half;
    }
  }
  if (!split) EvaluateLevels(m, in, 0, m.levels1, ws, first);
  Eval bad;
  bad.ok = false;
  if (m.split_schur) {
    const long qa = static_cast<long>(m.qa), qt = static_cast<long>(m.qt);
    if (ws.a_sparse.rows() == 0) ws.a_sparse = m.a_pattern;
    ws.b_dense.setZero(qt, qa);
    ws.c_dense.setZero(qt, qt);
    double* av = ws.a_sparse.valuePtr();
    for (size_t k = 0; k < m.part_of.size(); ++k) {
      const int at = m.index_in_part[k];
      if (m.part_of[k] == 0)
        av[at] = sv[k];
      else if (m.part_of[k] == 1)
        ws.b_dense.data()[at] = sv[k];
      else
        ws.c_dense.data()[at] = sv[k];
    }
    if (!ws.analysed) ws.l2_sparse.analyzePattern(ws.a_sparse);
    ws.analysed = true;
    ws.qa = m.qa;
    ws.l2_sparse.factorize(ws.a_sparse);
    if (ws.l2_sparse.info() != Eigen::Success) return bad;
    const auto& l = ws.l2_sparse.matrixL().nestedExpression();  // diagonal first per column
    for (long k = 0; k < l.outerSize(); ++k)
      ldl2 += 2.0 * std::log(l.valuePtr()[l.outerIndexPtr()[k]]);
    ws.x = ws.l2_sparse.permutationP() * ws.b_dense.transpose();
    ws.l2_sparse.matrixL().solveInPlace(ws.x);
    ws.c_dense.selfadjointView<Eigen::Lower>().rankUpdate(ws.x.transpose(), -1.0);
    ws.l_c.compute(ws.c_dense);
    if (ws.l_c.info() != Eigen::Success) return bad;
    const MatrixXd& lc = ws.l_c.matrixLLT();
    for (long k = 0; k < lc.rows(); ++k) ldl2 += 2.0 * std::log(lc(k, k));
  } else if (m.sparse) {
    if (!ws.analysed) ws.l2_sparse.analyzePattern(ws.s_sparse);
    ws.analysed = true;
    ws.l2_sparse.factorize(ws.s_sparse);
    if (ws.l2_sparse.info() != Eigen::Success) return bad;
    const auto& l = ws.l2_sparse.matrixL().nestedExpression();  // diagonal first per column
    for (long k = 0; k < l.outerSize(); ++k)
      ldl2 += 2.0 * std::log(l.valuePtr()[l.outerIndexPtr()[k]]);
  } else {
    ws.l2.compute(ws.s);
    if (ws.l2.info() != Eigen::Success) return bad;
    const MatrixXd& l2 = ws.l2.matrixLLT();
    for (long k = 0; k < l2.rows(); ++k) ldl2 += 2.0 * std::log(l2(k, k));
  }
  c.noalias() -= ws.rhs.transpose() * ws.Solve(ws.rhs);
  return EvalFromCrossProduct(c, ldl2);
}

}  // namespace exo::stats::internal::crossed
