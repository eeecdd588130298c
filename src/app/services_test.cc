#include "app/services.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace exo::app {
namespace {

namespace fs = std::filesystem;

const std::string kRules = std::string(EXO_SOURCE_DIR) + "/rules";

// A scratch copy of rules/, removed at the end.
class ScratchRules {
 public:
  ScratchRules() {
    std::string tmpl = (fs::temp_directory_path() / "exoclinic-rules-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    fs::copy(kRules, dir_, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }
  ~ScratchRules() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir() const { return dir_.string(); }
  std::string Read(const std::string& name) const {
    std::stringstream ss;
    ss << std::ifstream(dir_ / name).rdbuf();
    return ss.str();
  }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }

 private:
  fs::path dir_;
};

TEST(RuleSet, LoadsEveryRuleFileOfTheFolder) {
  auto rules = LoadRuleSet(kRules);
  ASSERT_TRUE(rules) << RenderError(rules.error(), Lang::kEn);
  EXPECT_FALSE(rules->qc.criteria.empty());
  EXPECT_FALSE(rules->clinic.price_per_session.empty());
  EXPECT_FALSE(rules->alternatives.empty());
  EXPECT_EQ(rules->consent_templates.size(), 2u);
  EXPECT_FALSE(rules->ae_terms.empty());
  EXPECT_FALSE(rules->measures.empty());
}

TEST(RuleSet, ABrokenFileIsNamed) {
  const ScratchRules scratch;
  scratch.Write("measures.toml", "this is not [toml");
  auto rules = LoadRuleSet(scratch.dir());
  ASSERT_FALSE(rules);
  EXPECT_NE(RenderError(rules.error(), Lang::kEn).find("measures.toml"), std::string::npos)
      << RenderError(rules.error(), Lang::kEn);
}

TEST(RuleSet, ReloadReplacesAllOrNothing) {
  const ScratchRules scratch;
  RuleSet rules = LoadRuleSet(scratch.dir()).value();
  const long long iv_price = rules.clinic.price_per_session.at(Route::kIv);
  const size_t measures = rules.measures.size();
  const std::string clinic = scratch.Read("clinic.toml");
  const std::string changed = std::string(clinic).replace(clinic.find("iv = "), 5, "iv = 1");
  scratch.Write("clinic.toml", changed);
  // A new price, but another file is broken: nothing changes, and the broken file is named.
  const std::string good_measures = scratch.Read("measures.toml");
  scratch.Write("measures.toml", "this is not [toml");
  const Status failed = ReloadRuleSet(rules, scratch.dir());
  ASSERT_FALSE(failed);
  EXPECT_NE(RenderError(failed.error(), Lang::kEn).find("measures.toml"), std::string::npos);
  EXPECT_EQ(rules.clinic.price_per_session.at(Route::kIv), iv_price);
  EXPECT_EQ(rules.measures.size(), measures);
  // Once every file loads, the objects are replaced in place (services keep their references).
  const treatment::ClinicSettings* held = &rules.clinic;
  scratch.Write("measures.toml", good_measures);
  ASSERT_TRUE(ReloadRuleSet(rules, scratch.dir()));
  EXPECT_EQ(held, &rules.clinic);
  EXPECT_NE(rules.clinic.price_per_session.at(Route::kIv), iv_price);
  EXPECT_EQ(rules.measures.size(), measures);
}

}  // namespace
}  // namespace exo::app
