#include "stats/responder.h"

#include <gtest/gtest.h>

namespace exo::stats {
namespace {

TEST(ClopperPearson, KnownValues) {
  // R: binom.test(7, 20)$conf.int = 0.1539092 0.5921885
  auto ci = ClopperPearson(7, 20);
  EXPECT_NEAR(ci.low, 0.1539092, 1e-7);
  EXPECT_NEAR(ci.high, 0.5921885, 1e-7);
  // 0 of 10: [0, 0.3084971]; 10 of 10: [0.6915029, 1].
  EXPECT_DOUBLE_EQ(ClopperPearson(0, 10).low, 0);
  EXPECT_NEAR(ClopperPearson(0, 10).high, 0.3084971, 1e-7);
  EXPECT_NEAR(ClopperPearson(10, 10).low, 0.6915029, 1e-7);
  EXPECT_DOUBLE_EQ(ClopperPearson(10, 10).high, 1);
}

TEST(Responders, ChangeFromBaselineByGroup) {
  // p1 iv: 10 -> 14 (+4, responder at threshold 3); p2 iv: 10 -> 11; p3 topical: 9 -> 13;
  // p4 topical: one visit only (not counted).
  const std::string csv =
      "patient,time,y,route\np1,0,10,iv\np1,4,12,iv\np1,8,14,iv\np2,0,10,iv\np2,8,11,iv\n"
      "p3,0,9,topical\np3,6,13,topical\np4,0,8,topical\n";
  auto data = ParseCsv(csv, {});
  ASSERT_TRUE(data.has_value());
  ResponderOptions o{"y", "time", "patient", "route", 3, false};
  auto rows = Responders(*data, o);
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].group, "iv");
  EXPECT_EQ((*rows)[0].patients, 2);
  EXPECT_EQ((*rows)[0].responders, 1);
  EXPECT_EQ((*rows)[1].group, "topical");
  EXPECT_EQ((*rows)[1].patients, 1);
  EXPECT_EQ((*rows)[1].responders, 1);
  EXPECT_NEAR((*rows)[1].ci.low, 0.025, 1e-12);  // 1 of 1: [alpha/2, 1]
  o.lower_is_better = true;
  EXPECT_EQ((*Responders(*data, o))[0].responders, 0);
}

}  // namespace
}  // namespace exo::stats
