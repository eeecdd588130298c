#include "stats/formula.h"

#include <gtest/gtest.h>

namespace exo::stats {
namespace {

using Terms = std::vector<std::vector<std::string>>;

TEST(Formula, MainEffectsInteractionsAndRandomSlope) {
  auto f = ParseFormula("y ~ time * route + x1:x2 + age + (1 + time | patient)");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->response, "y");
  EXPECT_TRUE(f->intercept);
  // Main effects first (by position), then interactions, as R's terms() orders them.
  EXPECT_EQ(f->terms, (Terms{{"time"}, {"route"}, {"age"}, {"time", "route"}, {"x1", "x2"}}));
  ASSERT_EQ(f->random.size(), 1u);
  EXPECT_EQ(f->random[0].group, "patient");
  EXPECT_EQ(f->random[0].text, "(1 + time | patient)");
  EXPECT_TRUE(f->random[0].intercept);
  EXPECT_EQ(f->random[0].slopes, std::vector<std::string>{"time"});
}

TEST(Formula, NoInterceptAndUncorrelatedParts) {
  auto f = ParseFormula("y ~ 0 + route + time + (1 + time || g)");
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->intercept);
  ASSERT_EQ(f->random.size(), 2u);
  EXPECT_TRUE(f->random[0].intercept);
  EXPECT_TRUE(f->random[0].slopes.empty());
  EXPECT_FALSE(f->random[1].intercept);
  EXPECT_EQ(f->random[1].slopes, std::vector<std::string>{"time"});
  EXPECT_FALSE(ParseFormula("y ~ time - 1 + (0 + time | g)")->intercept);
  auto slope_only = ParseFormula("y ~ time + (0 + time | g)");
  EXPECT_FALSE(slope_only->random[0].intercept);
  // (time | g) has an implicit intercept.
  EXPECT_TRUE(ParseFormula("y ~ time + (time | g)")->random[0].intercept);
}

TEST(Formula, ThreeWayProductExpandsEverySubset) {
  auto f = ParseFormula("y ~ a*b*c + (1|g)");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->terms,
            (Terms{{"a"}, {"b"}, {"c"}, {"a", "b"}, {"a", "c"}, {"b", "c"}, {"a", "b", "c"}}));
}

// 2^n - 1 terms: a product is bounded (a 40-variable product once took the fuzzer 11 s).
TEST(Formula, AProductCrossesAtMostSixVariables) {
  auto six = ParseFormula("y ~ a*b*c*d*e*f + (1|g)");
  ASSERT_TRUE(six.has_value());
  EXPECT_EQ(six->terms.size(), 63u);
  auto seven = ParseFormula("y ~ a*b*c*d*e*f*h + (1|g)");
  ASSERT_FALSE(seven.has_value());
  EXPECT_EQ(seven.error().fields[0].message_id, "err.formula_too_many_crossed");
  EXPECT_EQ(seven.error().fields[0].field, "formula:16");
}

TEST(Formula, ErrorsSayWhereAndWhat) {
  auto e = ParseFormula("y ~ time + (1 + time | patient");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().fields[0].message_id, "err.formula_expected");
  EXPECT_EQ(ParseFormula("y ~ time").error().fields[0].message_id, "err.formula_no_random");
  EXPECT_EQ(ParseFormula("y ~ (1|a/) ").error().fields[0].message_id, "err.formula_expected");
  EXPECT_EQ(ParseFormula("y ~ time $ x + (1|g)").error().fields[0].field, "formula:10");
}

TEST(Formula, CrossedTermsKeepTheirGroups) {
  auto f = ParseFormula("diameter ~ 1 + (1|plate) + (1 | sample)");
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->random.size(), 2u);
  EXPECT_EQ(f->random[0].group, "plate");
  EXPECT_EQ(f->random[1].group, "sample");
  EXPECT_EQ(GroupingFactors(*f), (std::vector<std::string>{"plate", "sample"}));
}

TEST(Formula, NestingExpandsAsLme4Does) {
  // lme4's findbars: (1|batch/cask) is (1|cask:batch) + (1|batch).
  auto f = ParseFormula("strength ~ 1 + (1|batch/cask)");
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->random.size(), 2u);
  EXPECT_EQ(f->random[0].group, "cask:batch");
  EXPECT_EQ(f->random[1].group, "batch");
  EXPECT_EQ(f->random[0].text, "(1|batch/cask)");
  auto three = ParseFormula("y ~ 1 + (1|a/b/c)");
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(GroupingFactors(*three), (std::vector<std::string>{"c:(b:a)", "b:a", "a"}));
  EXPECT_EQ(GroupVariables("c:(b:a)"), (std::vector<std::string>{"c", "b", "a"}));
  auto inter = ParseFormula("y ~ x + (1|recipe:replicate) + (1|replicate)");
  ASSERT_TRUE(inter.has_value());
  EXPECT_EQ(inter->random[0].group, "recipe:replicate");
}

TEST(Formula, UncorrelatedSlopesOnAnyFactor) {
  auto f = ParseFormula("y ~ weeks + (1 + weeks | patient) + (1 + weeks || lot) + (1 | clinic)");
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->random.size(), 4u);
  EXPECT_EQ(f->random[1].group, "lot");
  EXPECT_TRUE(f->random[1].intercept);
  EXPECT_TRUE(f->random[1].slopes.empty());
  EXPECT_EQ(f->random[2].group, "lot");
  EXPECT_FALSE(f->random[2].intercept);
  EXPECT_EQ(f->random[2].text, "(1 + weeks || lot)");
  EXPECT_EQ(f->random[3].group, "clinic");
}

}  // namespace
}  // namespace exo::stats
