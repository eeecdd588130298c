// The crossed/nested mixed model's data structures (src/stats/lmm_crossed.cc explains the
// method): the model built once per fit, the scratch of one evaluation, and the three steps
// FitCrossed uses. Internal to exo_stats.
#pragma once

#include <Eigen/Dense>
#include <Eigen/SparseCholesky>
#include <string>
#include <vector>

#include "stats/internal/lmm_engine.h"

namespace exo::stats::internal::crossed {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr int kMaxBlock = 8;
// The Schur complement is dense: q_r columns cost q_r² doubles twice and q_r³/3 per evaluation.
constexpr size_t kMaxOtherColumns = 5000;
// From this many levels of the largest factor the per-level work of an evaluation is split over
// two threads (each sums its half of the levels; the halves are added). Below it a thread's
// start costs more than it saves. A dense Schur complement is split only while a second copy of
// it is small.
constexpr size_t kParallelLevels = 1000;
constexpr size_t kParallelDenseColumns = 300;
using Small =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxBlock, kMaxBlock>;
using SmallVec = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxBlock, 1>;

// One random part, in lme4's order (by decreasing number of levels).
struct Term {
  std::string name;  // as VarCorr names it: the group, "group.1" for its second part
  size_t factor = 0;
  bool intercept = true;
  std::vector<std::string> columns;  // (Intercept), slopes
  std::vector<const Column*> slopes;
  size_t size = 0;
  size_t theta_start = 0;
  bool block = false;  // of the factor with the most levels
  size_t offset = 0;   // block terms: within a level's block; others: first column
  size_t levels = 0;
  double Z(size_t c, size_t row) const {
    return intercept && c == 0 ? 1.0 : slopes[c - (intercept ? 1 : 0)]->values[row];
  }
};

// A touched block of the other factors' columns at one level of the block factor.
struct Touch {
  size_t column;  // first column among the other factors' columns
  size_t term;
  size_t local;  // first column in the level's Hᵢ
};

struct Model {
  size_t n = 0, p = 0, pa = 0;  // pa = p + 1: [X y]
  std::vector<Term> terms;
  size_t block_factor = 0, levels1 = 0, q1 = 0, qr = 0;
  std::vector<int32_t> level_of_row;
  // Per level of the block factor: A1 (q1 × q1), B1 (q1 × pa); Hᵢ = Z₁ᵢᵀZ_r (q1 × mᵢ).
  std::vector<double> a1, b1, h;
  std::vector<size_t> h_start, touch_start;  // per level, size levels1 + 1
  std::vector<Touch> touches;
  std::vector<size_t> touched_column;  // per local column of every level: its column
  MatrixXd g22, b2, c0;                // Z_rᵀZ_r, Z_rᵀ[X y], [X y]ᵀ[X y]
  // The Schur complement as a sparse matrix (when every other term is a scalar and S is
  // sparse, e.g. lots used one after another): its lower pattern with Z_rᵀZ_r's values, the
  // row and column of each stored entry, and for every level the entry each pair (a ≥ b) of
  // its touched columns updates, in loop order.
  bool sparse = false;
  Eigen::SparseMatrix<double> s_pattern;
  std::vector<double> g22_values;
  std::vector<int> nz_row, nz_col, scatter;
  std::vector<size_t> scatter_start;             // per level
  std::vector<size_t> column_term;               // per column of the other factors
  std::vector<std::pair<int, int>> theta_cells;  // (row, col) within its term
  std::vector<size_t> theta_term;
  std::vector<bool> diagonal;
  bool parallel = false;  // evaluate the levels in two halves at once (kParallelLevels)
  // Sparse S split in two (SplitSchur): S = [A Bᵀ; B C] with A the columns of the first other
  // term (the lots: sparse), C the remaining qt columns (the clinics: few, and dense once the
  // lots are eliminated). Per entry of S's pattern: its part (0 A, 1 B, 2 C) and its index there
  // (A's values; B as qt × qa and C as qt × qt, column-major).
  bool split_schur = false;
  size_t qa = 0, qt = 0;
  Eigen::SparseMatrix<double> a_pattern;
  std::vector<unsigned char> part_of;
  std::vector<int> index_in_part;

  Small Lambda(const std::vector<double>& theta, size_t t) const {
    const Term& term = terms[t];
    Small l = Small::Zero(static_cast<long>(term.size), static_cast<long>(term.size));
    for (size_t k = term.theta_start; k < theta.size() && theta_term[k] == t; ++k)
      l(theta_cells[k].first, theta_cells[k].second) = theta[k];
    return l;
  }
  Small BlockLambda(const std::vector<double>& theta) const {
    Small l = Small::Zero(static_cast<long>(q1), static_cast<long>(q1));
    for (size_t t = 0; t < terms.size(); ++t)
      if (terms[t].block) {
        const long o = static_cast<long>(terms[t].offset), s = static_cast<long>(terms[t].size);
        l.block(o, o, s, s) = Lambda(theta, t);
      }
    return l;
  }
};

// Scratch of one evaluation, kept for the conditional modes.
struct Workspace {
  std::vector<double> w;   // Wᵢ = L₁ᵢ⁻¹ A₁₂ᵢ, laid out as Model::h
  std::vector<double> v1;  // L₁ᵢ⁻¹ Λ₁ᵀ B1ᵢ, q1 × pa per level
  MatrixXd s;              // S (dense)
  Eigen::SparseMatrix<double> s_sparse;
  MatrixXd rhs;  // Λ_rᵀB2 − Σ Wᵢᵀ v1ᵢ, q_r × pa
  Eigen::LLT<MatrixXd> l2;
  Eigen::SimplicialLLT<Eigen::SparseMatrix<double>, Eigen::Lower> l2_sparse;
  bool analysed = false;
  // Split S (Model::split_schur): A = PᵀL_A L_AᵀP sparse, X = L_A⁻¹ P Bᵀ, C − XᵀX = L_C L_Cᵀ.
  size_t qa = 0;  // > 0 when split
  Eigen::SparseMatrix<double> a_sparse;
  MatrixXd b_dense, c_dense, x;
  Eigen::LLT<MatrixXd> l_c;
  // The second half's sums when the levels are split over two threads.
  MatrixXd c_half, s_dense_half, rhs_half;
  std::vector<double> s_half;
  double ldl2_half = 0;
  MatrixXd Solve(const MatrixXd& b) const {
    if (qa > 0) {
      const long na = static_cast<long>(qa), nt = b.rows() - na;
      MatrixXd y1 = l2_sparse.permutationP() * b.topRows(na);
      l2_sparse.matrixL().solveInPlace(y1);
      const MatrixXd x2 = l_c.solve(b.bottomRows(nt) - x.transpose() * y1);
      y1.noalias() -= x * x2;
      l2_sparse.matrixU().solveInPlace(y1);
      MatrixXd out(b.rows(), b.cols());
      out.topRows(na) = l2_sparse.permutationPinv() * y1;
      out.bottomRows(nt) = x2;
      return out;
    }
    return s_sparse.rows() > 0 ? MatrixXd(l2_sparse.solve(b)) : MatrixXd(l2.solve(b));
  }
  size_t FactorNonZeros(size_t qr) const {
    if (s_sparse.rows() == 0) return qr * (qr + 1) / 2;
    const size_t la = static_cast<size_t>(l2_sparse.matrixL().nestedExpression().nonZeros());
    const size_t qt = qr - qa;
    return qa > 0 ? la + qa * qt + qt * (qt + 1) / 2 : la;
  }
};

// Sums the per-level pieces of the model (one pass over the rows).
Result<Model> BuildModel(const DataTable& data, const Formula& f, const FixedDesign& fd,
                         const std::vector<GroupCodes>& factors, Centring& centring);
// Chooses the sparse Schur complement, and its split by blocks, when they pay.
void PlanSchur(Model& m);
// The profiled deviance's pieces at θ; `split`: the levels on two threads (Model::parallel).
Eval Evaluate(const Model& m, const std::vector<double>& theta, Workspace& ws, bool split);

}  // namespace exo::stats::internal::crossed
