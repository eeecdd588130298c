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
  EXPECT_EQ(f->group, "patient");
  ASSERT_EQ(f->random.size(), 1u);
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

TEST(Formula, ErrorsSayWhereAndWhat) {
  auto e = ParseFormula("y ~ time + (1 + time | patient");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().fields[0].message_id, "err.formula_expected");
  EXPECT_EQ(ParseFormula("y ~ time").error().fields[0].message_id, "err.formula_no_random");
  EXPECT_EQ(ParseFormula("y ~ time + (1|a) + (1|b)").error().fields[0].message_id,
            "err.formula_two_groups");
  EXPECT_EQ(ParseFormula("y ~ time $ x + (1|g)").error().fields[0].field, "formula:10");
}

}  // namespace
}  // namespace exo::stats
