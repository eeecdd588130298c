#include "stats/data.h"

#include <gtest/gtest.h>

namespace exo::stats {
namespace {

TEST(Csv, NumericFactorsQuotedCellsAndMissingRows) {
  const std::string text =
      "\"y\",\"time\",\"route\",\"note\"\n"
      "1.5,0,iv,\"a, b\"\n"
      "2.5,1,topical,\"say \"\"hi\"\"\"\n"
      "NA,2,iv,x\n"
      "3.5,3,microneedle,\n";
  ReadOptions o;
  o.keep = {"y", "time", "route"};
  auto t = ParseCsv(text, o);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->rows, 3u);
  EXPECT_EQ(t->dropped, 1u);
  const Column* route = t->Find("route");
  ASSERT_NE(route, nullptr);
  EXPECT_FALSE(route->numeric);
  EXPECT_EQ(route->levels, (std::vector<std::string>{"iv", "microneedle", "topical"}));
  EXPECT_EQ(route->codes, (std::vector<int32_t>{0, 2, 1}));
  EXPECT_EQ(t->Find("y")->values, (std::vector<double>{1.5, 2.5, 3.5}));
  EXPECT_EQ(t->Find("note"), nullptr);  // not kept
}

TEST(Csv, ForcedFactorsSortNumerically) {
  ReadOptions o;
  o.factors = {"id"};
  auto t = ParseCsv("id,y\n10,1\n9,2\n10,3\n", o);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->Find("id")->levels, (std::vector<std::string>{"9", "10"}));
}

TEST(Csv, ErrorsNameTheLineOrColumn) {
  ReadOptions o;
  EXPECT_EQ(ParseCsv("a,b\n1,2\n3\n", o).error().fields[0].field, "csv:3");
  o.keep = {"a", "zzz"};
  auto e = ParseCsv("a,b\n1,2\n", o);
  EXPECT_EQ(e.error().fields[0].args[0], "zzz");
}

}  // namespace
}  // namespace exo::stats
