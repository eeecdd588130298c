#include "product/qc_rules.h"

#include <gtest/gtest.h>

#include "product/test_support.h"

namespace exo::product {
namespace {

using testing::RepoRulesText;

// Replaces the first occurrence of `from` after the line `anchor` in the repository rules.
std::string Edit(const std::string& anchor, const std::string& from, const std::string& to) {
  std::string text = RepoRulesText();
  const size_t a = text.find(anchor);
  EXPECT_NE(a, std::string::npos) << anchor;
  const size_t f = text.find(from, a);
  EXPECT_NE(f, std::string::npos) << from;
  text.replace(f, from.size(), to);
  return text;
}

bool HasFieldMessage(const Error& e, const std::string& message_id, const std::string& needle) {
  for (const auto& f : e.fields) {
    if (f.message_id != message_id) continue;
    for (const auto& a : f.args)
      if (a.find(needle) != std::string::npos) return true;
    if (f.field.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(QcRules, RepositoryRulesLoadWithEveryRequiredArea) {
  auto r = ParseQcRules(RepoRulesText());
  ASSERT_TRUE(r.has_value()) << RenderError(r.error(), Lang::kEn);
  EXPECT_GE(r->criteria.size(), 20u);
  for (const auto& c : r->criteria) {
    EXPECT_FALSE(c.title.ja.empty()) << c.id;
    EXPECT_FALSE(c.title.en.empty()) << c.id;
    EXPECT_FALSE(c.source.ja.empty() || c.source.en.empty()) << c.id;
  }
  EXPECT_NE(r->Find("tests.sterility"), nullptr);
  EXPECT_NE(r->Find("tests.purity"), nullptr);
  EXPECT_EQ(r->disclosure_fields.size(), 3u);
  EXPECT_DOUBLE_EQ(r->Find("tests.endotoxin_iv_dose")->Number("k_eu_per_kg_per_h"), 5.0);
}

TEST(QcRules, SterilityMayNotStopBlockingTopical) {
  const std::string text =
      Edit("id = \"tests.sterility\"",
           "blocks_if_fail = [\"iv\", \"injection\", \"microneedle\", \"topical\"]",
           "blocks_if_fail = [\"iv\", \"injection\", \"microneedle\"]");
  auto r = ParseQcRules(text);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(HasFieldMessage(r.error(), "err.rules_safety_floor", "tests.sterility"));
}

TEST(QcRules, ExpiryMayNotBecomeOverridable) {
  const std::string text =
      Edit("id = \"lot.not_expired\"", "final_if_fail = true", "final_if_fail = false");
  auto r = ParseQcRules(text);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(HasFieldMessage(r.error(), "err.rules_safety_floor", "final_if_fail"));
}

TEST(QcRules, EndotoxinKMayNotExceedFive) {
  const std::string text = Edit("id = \"tests.endotoxin_iv_dose\"", "k_eu_per_kg_per_h = 5.0",
                                "k_eu_per_kg_per_h = 6.0");
  auto r = ParseQcRules(text);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(HasFieldMessage(r.error(), "err.rules_safety_floor", "at most 5"));
}

TEST(QcRules, StricterSettingsAreAccepted) {
  const std::string text =
      Edit("id = \"tests.endotoxin\"", "max_eu_per_ml = 0.5", "max_eu_per_ml = 0.25");
  auto r = ParseQcRules(text);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->Find("tests.endotoxin")->Number("max_eu_per_ml"), 0.25);
}

TEST(QcRules, MissingParameterIsNamed) {
  const std::string text = Edit("id = \"tests.size\"", "min_nm = 30.0", "");
  auto r = ParseQcRules(text);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields[0].field, "tests.size.min_nm");
}

TEST(QcRules, UnknownCheckAndRouteAreNamed) {
  auto r = ParseQcRules(Edit("id = \"tests.imaging\"", "check = \"imaging\"", "check = \"vibes\""));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields[0].field, "tests.imaging.check");
  EXPECT_EQ(r.error().fields[0].message_id, "err.rules_unknown_check");
  auto r2 = ParseQcRules(Edit("id = \"tests.imaging\"", "routes = [\"iv\"", "routes = [\"oral\""));
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().fields[0].message_id, "err.unknown_route");
}

TEST(QcRules, SyntaxErrorsGiveTheLine) {
  auto r = ParseQcRules("[[criterion]]\nid = \"x\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields[0].message_id, "err.rules_syntax");
  EXPECT_NE(r.error().fields[0].args[0].find("line 2"), std::string::npos);
}

TEST(QcRules, DocsTableIsGeneratedFromTheRules) {
  // docs/qc-criteria.md embeds `exoclinic qc criteria`; regenerate it when rules change.
  const std::string doc = testing::ReadFile(std::string(EXO_SOURCE_DIR) + "/docs/qc-criteria.md");
  const std::string table = QcRulesToMarkdown(testing::RepoRules());
  EXPECT_NE(doc.find(table), std::string::npos)
      << "docs/qc-criteria.md is stale: run scripts/gen-docs.sh";
}

}  // namespace
}  // namespace exo::product
