#include "core/route.h"

#include <gtest/gtest.h>

namespace exo {

TEST(Route, RoundTripsNames) {
  for (Route r : kAllRoutes) EXPECT_EQ(ParseRoute(RouteName(r)), r);
  EXPECT_FALSE(ParseRoute("oral").has_value());
  EXPECT_FALSE(ParseRoute("IV").has_value());
}

TEST(RouteSet, ParsesCommaListsAndNamesTheBadOne) {
  auto s = ParseRouteSet("iv, topical");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->Has(Route::kIv));
  EXPECT_TRUE(s->Has(Route::kTopical));
  EXPECT_FALSE(s->Has(Route::kInjection));
  EXPECT_EQ(RouteSetToString(*s), "iv,topical");
  std::string bad;
  EXPECT_FALSE(ParseRouteSet("iv,oral", &bad).has_value());
  EXPECT_EQ(bad, "oral");
  EXPECT_TRUE(ParseRouteSet("")->empty());
  EXPECT_EQ(RouteSetToString(RouteSet::All()), "iv,injection,microneedle,topical");
}

}  // namespace exo
