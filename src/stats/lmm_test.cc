#include "stats/lmm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

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

LmmFit Fit(const std::string& csv, const std::string& formula, FitOptions o = {}) {
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

}  // namespace
}  // namespace exo::stats
