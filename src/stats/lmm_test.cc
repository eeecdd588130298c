#include "stats/lmm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/messages.h"
#include "stats/internal/lmm_engine.h"
#include "stats/summary.h"

namespace exo::stats {
namespace {

// Generated data with a known truth: the estimates land near it.
std::string Simulate(int patients, double slope, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n01(0, 1);
  std::string csv = "patient,time,y,route\n";
  for (int i = 0; i < patients; ++i) {
    const double b0 = 3 * n01(rng), b1 = 0.5 * n01(rng);
    const std::string route = i % 2 ? "iv" : "topical";
    for (int t = 0; t < 6; ++t) {
      const double y = 20 + (route == "iv" ? 2 : 0) + b0 + (slope + b1) * t + n01(rng);
      csv += "p" + std::to_string(i) + "," + std::to_string(t) + "," + std::to_string(y) + "," +
             route + "\n";
    }
  }
  return csv;
}

LmmFit Fit(const std::string& csv, const std::string& formula, const FitOptions& o = {}) {
  auto f = ParseFormula(formula);
  EXPECT_TRUE(f.has_value());
  auto d = ParseCsv(csv, {});
  EXPECT_TRUE(d.has_value());
  auto fit = FitLmm(*d, *f, o);
  EXPECT_TRUE(fit.has_value()) << (fit ? "" : fit.error().message_id);
  return *fit;
}

TEST(Lmm, RecoversAKnownTruth) {
  const LmmFit fit = Fit(Simulate(400, 1.25, 7), "y ~ time + route + (1 + time | patient)");
  ASSERT_EQ(fit.fixed.size(), 3u);
  EXPECT_EQ(fit.fixed[2].term, "routetopical");
  EXPECT_NEAR(fit.fixed[0].estimate, 22, 0.6);
  EXPECT_NEAR(fit.fixed[1].estimate, 1.25, 0.1);
  EXPECT_NEAR(fit.fixed[2].estimate, -2, 0.7);
  EXPECT_NEAR(fit.random[0].sd, 3, 0.4);
  EXPECT_NEAR(fit.random[1].sd, 0.5, 0.1);
  EXPECT_NEAR(fit.residual_sd, 1, 0.1);
  EXPECT_TRUE(fit.converged);
  EXPECT_EQ(fit.ranef.size(), 400u);
  // The JSON has the documented keys.
  const auto j = SummaryJson(fit);
  for (const char* key :
       {"fixed_effects", "random_effects", "correlations", "residual_sd", "reml_criterion", "aic",
        "bic", "n_obs", "n_groups", "converged", "warnings"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_NE(SummaryText(fit).find("REML criterion at convergence"), std::string::npos);
}

TEST(Lmm, ReferenceLevelIsSelectable) {
  FitOptions o;
  o.reference["route"] = "topical";
  const LmmFit fit = Fit(Simulate(60, 1, 3), "y ~ time + route + (1 | patient)", o);
  EXPECT_EQ(fit.fixed[2].term, "routeiv");
  EXPECT_GT(fit.fixed[2].estimate, 0);
}

TEST(Lmm, ClearErrors) {
  const std::string csv = Simulate(10, 1, 1);
  auto d = ParseCsv(csv + "", {});
  // Collinear columns: time and a copy of it.
  auto dup = ParseCsv(
      "patient,time,time2,y\na,0,0,1\na,1,1,2\nb,0,0,1.5\nb,1,1,2.7\nc,0,0,1\nc,1,1,3\n", {});
  auto e = FitLmm(*dup, *ParseFormula("y ~ time + time2 + (1 | patient)"), {});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().fields[0].message_id, "err.lmm_singular_design");
  auto missing = FitLmm(*d, *ParseFormula("y ~ dose + (1 | patient)"), {});
  EXPECT_EQ(missing.error().fields[0].args[0], "dose");
  auto factor_slope = FitLmm(*d, *ParseFormula("y ~ time + (1 + route | patient)"), {});
  EXPECT_EQ(factor_slope.error().fields[0].message_id, "err.lmm_slope_factor");
  EXPECT_EQ(factor_slope.error().fields[0].args,
            (std::vector<std::string>{"(1 + route | patient)", "route"}));
  auto few = ParseCsv("g,y,t\na,1,0\na,2,1\nb,1,0\n", {});
  EXPECT_EQ(FitLmm(*few, *ParseFormula("y ~ t + (1 + t | g)"), {}).error().fields[0].message_id,
            "err.lmm_few_obs");
  auto one = ParseCsv("g,y,t\na,1,0\na,2,1\na,1,0\n", {});
  EXPECT_EQ(FitLmm(*one, *ParseFormula("y ~ t + (1 | g)"), {}).error().fields[0].message_id,
            "err.lmm_few_groups");
}

TEST(Lmm, SingularFitIsAWarning) {
  // No patient variation in the slope at all: the slope variance sits on the boundary.
  std::mt19937 rng(5);
  std::normal_distribution<double> n01(0, 1);
  std::string csv = "patient,time,y\n";
  for (int i = 0; i < 30; ++i) {
    const double b0 = 2 * n01(rng);
    for (int t = 0; t < 4; ++t)
      csv += "p" + std::to_string(i) + "," + std::to_string(t) + "," +
             std::to_string(10 + b0 + t + n01(rng)) + "\n";
  }
  const LmmFit fit = Fit(csv, "y ~ time + (1 + time || patient)");
  ASSERT_FALSE(fit.warnings.empty());
  EXPECT_NE(fit.warnings[0].find("singular"), std::string::npos);
}

// Patients nested in clinics, each visit from a lot in use (lots crossed with patients).
std::string Registry(int patients, double lot_sd, unsigned seed, int clinics = 6, int lots = 20) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n01(0, 1);
  std::vector<double> clinic_effect(static_cast<size_t>(clinics)),
      lot_effect(static_cast<size_t>(lots));
  for (auto& c : clinic_effect) c = 2 * n01(rng);
  for (auto& l : lot_effect) l = lot_sd * n01(rng);
  std::string csv = "patient,clinic,lot,weeks,x1,y\n";
  for (int i = 0; i < patients; ++i) {
    const int c = i % clinics, first = (i * 7) % lots;
    const double b0 = 3 * n01(rng), b1 = 0.1 * n01(rng);
    for (int v = 0; v < 4 + i % 5; ++v) {
      const int l = (first + v / 2) % lots;
      const double x1 = n01(rng), weeks = 4.0 * v;
      const double y = 40 + b0 + clinic_effect[static_cast<size_t>(c)] +
                       lot_effect[static_cast<size_t>(l)] + (0.3 + b1) * weeks + 0.5 * x1 +
                       n01(rng);
      csv += "p" + std::to_string(i) + ",c" + std::to_string(c) + ",L" + std::to_string(l) + "," +
             std::to_string(weeks) + "," + std::to_string(x1) + "," + std::to_string(y) + "\n";
    }
  }
  return csv;
}

TEST(LmmCrossed, LotAndClinicVariancesNearTheTruthWithModesAndShares) {
  const LmmFit fit = Fit(Registry(300, 1.5, 11),
                         "y ~ weeks + x1 + (1 + weeks | patient) + (1 | lot) + (1 | clinic)");
  ASSERT_EQ(fit.random.size(), 4u);
  EXPECT_EQ(fit.random[2].group, "lot");
  EXPECT_EQ(fit.random[3].group, "clinic");
  EXPECT_NEAR(fit.random[0].sd, 3, 0.5);
  EXPECT_NEAR(fit.random[2].sd, 1.5, 0.6);
  EXPECT_NEAR(fit.residual_sd, 1, 0.1);
  EXPECT_NEAR(fit.fixed[2].estimate, 0.5, 0.1);
  ASSERT_EQ(fit.modes.size(), 3u);
  EXPECT_EQ(fit.modes[1].group, "lot");
  EXPECT_EQ(fit.modes[1].levels.size(), 20u);
  for (size_t l = 0; l < fit.modes[1].levels.size(); ++l) EXPECT_GT(fit.modes[1].sd[l][0], 0);
  // Shares: patient, lot, clinic intercepts and the residual, summing to 1.
  ASSERT_EQ(fit.shares.size(), 4u);
  double total = 0;
  for (const auto& s : fit.shares) total += s.share;
  EXPECT_NEAR(total, 1, 1e-12);
  EXPECT_EQ(fit.shares[1].group, "lot");
  EXPECT_NEAR(fit.shares[1].variance, fit.random[2].sd * fit.random[2].sd, 1e-12);
  const std::string text = SummaryText(fit);
  EXPECT_NE(text.find("groups:  patient, 300; lot, 20; clinic, 6"), std::string::npos) << text;
  EXPECT_NE(text.find("Share of variance"), std::string::npos);
  const auto j = SummaryJson(fit, true);
  EXPECT_EQ(j["groups"].size(), 3u);
  EXPECT_EQ(j["random_effect_modes"][1]["group"], "lot");
  EXPECT_EQ(j["random_effect_modes"][1]["levels"].size(), 20u);
  EXPECT_LT(j["random_effect_modes"][1]["levels"][0]["ci_low"][0].get<double>(),
            j["random_effect_modes"][1]["levels"][0]["ci_high"][0].get<double>());
}

TEST(LmmCrossed, TermsAreOrderedAsLme4OrdersThemWhateverTheWrittenOrder) {
  // lme4 puts the terms by decreasing number of levels when they are not already so ordered.
  const std::string csv = Registry(80, 1.0, 3, 4, 10);
  const LmmFit a = Fit(csv, "y ~ weeks + (1 + weeks | patient) + (1 | lot) + (1 | clinic)");
  const LmmFit b = Fit(csv, "y ~ weeks + (1 | clinic) + (1 | lot) + (1 + weeks | patient)");
  ASSERT_EQ(a.random.size(), b.random.size());
  for (size_t k = 0; k < a.random.size(); ++k) {
    EXPECT_EQ(a.random[k].group, b.random[k].group);
    EXPECT_NEAR(a.random[k].sd, b.random[k].sd, 1e-6 * a.residual_sd);
  }
  EXPECT_NEAR(a.reml_criterion, b.reml_criterion, 1e-8);
  ASSERT_EQ(b.modes.size(), 3u);
  EXPECT_EQ(b.modes[0].group, "patient");
  EXPECT_EQ(b.modes[2].group, "clinic");
}

TEST(LmmCrossed, BadInputNamesTheTerm) {
  auto data = ParseCsv(Registry(30, 1, 5, 3, 6), {});
  ASSERT_TRUE(data.has_value());
  // A term that names no column.
  auto missing = FitLmm(*data, *ParseFormula("y ~ weeks + (1 | patient) + (1 | batch)"), {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().fields[0].message_id, "err.lmm_term_no_column");
  EXPECT_EQ(missing.error().fields[0].args, (std::vector<std::string>{"(1 | batch)", "batch"}));
  // A grouping factor with one level.
  auto one =
      ParseCsv("patient,site,y,t\na,s,1,0\na,s,2,1\nb,s,1,0\nb,s,3,1\nc,s,2,0\nc,s,2,1\n", {});
  auto single = FitLmm(*one, *ParseFormula("y ~ t + (1 | patient) + (1 | site)"), {});
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error().fields[0].message_id, "err.lmm_few_groups");
  EXPECT_EQ(single.error().fields[0].args, (std::vector<std::string>{"(1 | site)", "site", "1"}));
  // A random slope that does not vary within any level of its group.
  auto constant =
      ParseCsv("patient,age,y,t\na,30,1,0\na,30,2,1\nb,40,1,0\nb,40,3,1\nc,50,2,0\nc,50,2,1\n", {});
  auto slope = FitLmm(*constant, *ParseFormula("y ~ t + (1 + age | patient)"), {});
  ASSERT_FALSE(slope.has_value());
  EXPECT_EQ(slope.error().fields[0].message_id, "err.lmm_slope_constant");
  EXPECT_EQ(slope.error().fields[0].args,
            (std::vector<std::string>{"(1 + age | patient)", "age", "patient"}));
  // More random effects than observations for a term: one level per row.
  auto rows = ParseCsv("row,g,y,t\n1,a,1,0\n2,a,2,1\n3,b,1,0\n4,b,3,1\n5,c,2,0\n6,c,2,2\n", {});
  auto many = FitLmm(*rows, *ParseFormula("y ~ t + (1 | g) + (1 | row)"), {});
  ASSERT_FALSE(many.has_value());
  EXPECT_EQ(many.error().fields[0].message_id, "err.lmm_few_obs");
  EXPECT_EQ(many.error().fields[0].args[2], "(1 | row)");
  // The texts exist in both languages and carry the term.
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    EXPECT_NE(Message("err.lmm_slope_constant", lang, slope.error().fields[0].args)
                  .find("(1 + age | patient)"),
              std::string::npos);
    EXPECT_NE(
        Message("err.lmm_term_no_column", lang, missing.error().fields[0].args).find("(1 | batch)"),
        std::string::npos);
  }
  EXPECT_NE(Message("err.lmm_slope_constant", Lang::kJa, {"a", "b", "c"}),
            Message("err.lmm_slope_constant", Lang::kEn, {"a", "b", "c"}));
}

TEST(LmmInference, AFailedEvaluationNearTheOptimumLeavesTheDfUnavailable) {
  // The Satterthwaite differences evaluate the deviance around θ̂; an evaluation that fails
  // there (no R_X) must not be differenced as if it had one.
  internal::FixedDesign d;
  d.n = 12;
  d.p = 2;
  d.names = {"(Intercept)", "t"};
  internal::Eval at;
  at.ldl2 = 1.5;
  at.r2 = 7.0;
  at.beta = Eigen::Vector2d(2.0, 0.5);
  at.xtx_adj = (Eigen::Matrix2d() << 12, 3, 3, 5).finished();
  Eigen::LLT<Eigen::MatrixXd> rx(at.xtx_adj);
  at.ldrx2 = 2 * std::log(rx.matrixLLT()(0, 0)) + 2 * std::log(rx.matrixLLT()(1, 1));
  const std::vector<double> theta{0.8};
  const internal::EvalFn fails_off_optimum = [&](const std::vector<double>& th) {
    if (th == theta) return at;
    internal::Eval bad;
    bad.ok = false;
    return bad;
  };
  LmmFit fit;
  internal::FixedEffectInference(fails_off_optimum, at, at.beta, theta, d, true, fit);
  ASSERT_EQ(fit.fixed.size(), 2u);
  EXPECT_TRUE(std::isnan(fit.fixed[1].df));
  EXPECT_GT(fit.fixed[1].std_error, 0);
  ASSERT_FALSE(fit.warnings.empty());
  EXPECT_NE(fit.warnings.back().find("could not be evaluated"), std::string::npos);
  // The same inference with evaluations that succeed has finite df.
  const internal::EvalFn smooth = [&](const std::vector<double>& th) {
    internal::Eval e = at;
    e.ldl2 = at.ldl2 + (th[0] - theta[0]) * (th[0] - theta[0]);
    e.r2 = at.r2 * (1 + 0.1 * (th[0] - theta[0]) * (th[0] - theta[0]));
    e.xtx_adj = at.xtx_adj * (1 + 0.2 * th[0]);
    return e;
  };
  LmmFit ok;
  internal::FixedEffectInference(smooth, at, at.beta, theta, d, true, ok);
  EXPECT_TRUE(std::isfinite(ok.fixed[1].df));
}

TEST(LmmCrossed, NearZeroLotVarianceIsASingularFit) {
  const LmmFit fit =
      Fit(Registry(120, 0.0, 9), "y ~ weeks + (1 + weeks | patient) + (1 | lot) + (1 | clinic)");
  EXPECT_TRUE(fit.singular);
  ASSERT_FALSE(fit.warnings.empty());
  EXPECT_NE(fit.warnings[0].find("singular"), std::string::npos);
  EXPECT_LT(fit.random[2].sd, 0.05);
}

}  // namespace
}  // namespace exo::stats
