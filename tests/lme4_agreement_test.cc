// The mixed-model engine against R's lme4 and lmerTest on the same data: the references are
// produced by tests/stats/lme4_reference.R in this test run (ctest fixture), not pasted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stats/data.h"
#include "stats/formula.h"
#include "stats/lmm.h"

namespace exo::stats {
namespace {

using nlohmann::json;

const std::string kDir = std::string(EXO_BINARY_DIR) + "/tests/lme4-reference";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Agreement to 5 significant digits: relative 1e-5, or absolute for values near zero.
void Near(double ours, double theirs, double abs_floor, const std::string& what) {
  EXPECT_LE(std::abs(ours - theirs), std::max(1e-5 * std::abs(theirs), abs_floor))
      << what << ": exoclinic " << ours << " vs lme4 " << theirs;
}

class Lme4Agreement : public ::testing::TestWithParam<int> {};

json Manifest() {
  const std::string text = Read(kDir + "/manifest.json");
  return json::parse(text, nullptr, false);
}

TEST(Lme4Reference, ManifestHasTheLme4DatasetsAndGeneratedRegistries) {
  const json m = Manifest();
  ASSERT_TRUE(m.is_array()) << "run tests/stats/lme4_reference.R first (ctest does)";
  EXPECT_GE(m.size(), 18u);
  std::vector<std::string> names;
  for (const auto& c : m) names.push_back(c["name"].get<std::string>());
  for (const char* want :
       {"sleepstudy", "penicillin_crossed", "pastes_nested", "cake_nested_interaction",
        "registry_crossed", "registry_lone_lot", "registry_lone_clinic",
        "registry_near_singular_lot", "registry_sparse_schur"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
}

TEST_P(Lme4Agreement, SameFitAsLme4) {
  const json m = Manifest();
  ASSERT_TRUE(m.is_array());
  const size_t i = static_cast<size_t>(GetParam());
  if (i >= m.size()) GTEST_SKIP() << "no case " << i;
  const json& c = m[i];
  SCOPED_TRACE(c["name"].get<std::string>() + ": " + c["formula"].get<std::string>());
  auto formula = ParseFormula(c["formula"].get<std::string>());
  ASSERT_TRUE(formula.has_value());
  ReadOptions ro;
  ro.keep = FormulaColumns(*formula);
  auto data = ParseCsv(Read(kDir + "/" + c["csv"].get<std::string>()), ro);
  ASSERT_TRUE(data.has_value());
  FitOptions fo;
  fo.reml = c["reml"].get<bool>();
  fo.keep_fitted = true;
  auto fit = FitLmm(*data, *formula, fo);
  ASSERT_TRUE(fit.has_value()) << fit.error().message_id;
  EXPECT_EQ(fit->n_obs, c["n_obs"].get<size_t>());
  ASSERT_EQ(fit->fixed.size(), c["fixed"].size());
  for (size_t j = 0; j < fit->fixed.size(); ++j) {
    const json& r = c["fixed"][j];
    const auto& f = fit->fixed[j];
    EXPECT_EQ(f.term, r["term"].get<std::string>());
    Near(f.estimate, r["estimate"], 1e-7, f.term + " estimate");
    Near(f.std_error, r["std_error"], 1e-9, f.term + " std_error");
    Near(f.t, r["t"], 1e-6, f.term + " t");
    // Satterthwaite df from numerical derivatives: 4 significant digits.
    EXPECT_LE(std::abs(f.df - r["df"].get<double>()), 1e-4 * r["df"].get<double>())
        << f.term << " df " << f.df << " vs " << r["df"];
  }
  ASSERT_EQ(fit->random.size(), c["random"].size());
  for (size_t j = 0; j < fit->random.size(); ++j) {
    EXPECT_EQ(fit->random[j].group, c["random"][j]["group"].get<std::string>());
    EXPECT_EQ(fit->random[j].term, c["random"][j]["term"].get<std::string>());
    Near(fit->random[j].sd, c["random"][j]["sd"], 1e-4 * fit->residual_sd,
         "sd " + fit->random[j].term);
  }
  ASSERT_EQ(fit->correlations.size(), c["correlations"].size());
  for (size_t j = 0; j < fit->correlations.size(); ++j)
    Near(fit->correlations[j].corr, c["correlations"][j]["corr"], 1e-4, "correlation");
  Near(fit->residual_sd, c["residual_sd"], 1e-9, "residual sd");
  Near(fo.reml ? fit->reml_criterion : fit->deviance, c["criterion"], 1e-6, "criterion");
  Near(fit->aic, c["aic"], 1e-6, "AIC");
  Near(fit->bic, c["bic"], 1e-6, "BIC");
  // Every conditional mode and its conditional SD (ranef(condVar = TRUE)), per factor, by name.
  const auto strings = [](const json& v) {
    std::vector<std::string> out;
    if (v.is_string()) return std::vector<std::string>{v.get<std::string>()};
    for (const auto& s : v) out.push_back(s.get<std::string>());
    return out;
  };
  ASSERT_EQ(fit->modes.size(), c["modes"].size());
  for (const auto& theirs : c["modes"]) {
    const std::string group = theirs["group"].get<std::string>();
    const auto ours = std::find_if(fit->modes.begin(), fit->modes.end(),
                                   [&group](const GroupModes& m) { return m.group == group; });
    ASSERT_NE(ours, fit->modes.end()) << group;
    const auto levels = strings(theirs["levels"]);
    const auto terms = strings(theirs["terms"]);
    ASSERT_EQ(ours->levels.size(), levels.size()) << group;
    ASSERT_EQ(ours->terms.size(), terms.size()) << group;
    for (size_t l = 0; l < levels.size(); ++l) {
      const auto at = std::find(ours->levels.begin(), ours->levels.end(), levels[l]);
      ASSERT_NE(at, ours->levels.end()) << group << " level " << levels[l];
      const size_t li = static_cast<size_t>(at - ours->levels.begin());
      for (size_t k = 0; k < terms.size(); ++k) {
        const auto tk = std::find(ours->terms.begin(), ours->terms.end(), terms[k]);
        ASSERT_NE(tk, ours->terms.end()) << terms[k];
        const size_t ki = static_cast<size_t>(tk - ours->terms.begin());
        const std::string what = group + " " + levels[l] + " " + terms[k];
        Near(ours->mode[li][ki], theirs["values"][l][k], 1e-4 * fit->residual_sd,
             "conditional mode " + what);
        Near(ours->sd[li][ki], theirs["sd"][l][k], 1e-4 * fit->residual_sd,
             "conditional sd " + what);
      }
    }
  }
  Near(fit->fitted[0], c["fitted_first"], 1e-6, "first fitted value");
  if (c.contains("fitted") && c["fitted"].is_array()) {
    ASSERT_EQ(c["fitted"].size(), fit->fitted.size());
    for (size_t r = 0; r < fit->fitted.size(); ++r)
      Near(fit->fitted[r], c["fitted"][r], 1e-6, "fitted value " + std::to_string(r));
  }
  EXPECT_EQ(!fit->warnings.empty() && fit->warnings[0].find("singular") != std::string::npos,
            c["singular"].get<bool>());
  EXPECT_EQ(fit->singular, c["singular"].get<bool>());
}

INSTANTIATE_TEST_SUITE_P(Cases, Lme4Agreement, ::testing::Range(0, 20));

}  // namespace
}  // namespace exo::stats
