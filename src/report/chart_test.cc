#include "report/chart.h"

#include <gtest/gtest.h>

namespace exo::report {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(Chart, PointsSessionsAndEscapedTitle) {
  Chart c;
  c.title = "PSQI <sleep> & rest";
  c.y_min = 0;
  c.y_max = 21;
  c.points = {{*Date::Parse("2026-10-01"), 12, false},
              {*Date::Parse("2026-08-01"), 14, true},
              {*Date::Parse("2026-11-01"), 8, false}};
  c.session_dates = {*Date::Parse("2026-08-10"), *Date::Parse("2026-09-10")};
  const std::string svg = RenderChartSvg(c);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(Count(svg, "class=\"point\""), 3u);
  EXPECT_EQ(Count(svg, "class=\"session\""), 2u);
  EXPECT_NE(svg.find("PSQI &lt;sleep&gt; &amp; rest"), std::string::npos);
  EXPECT_EQ(svg.find("<sleep>"), std::string::npos);
  // Drawn by date: the earliest point (baseline, hollow) starts the path at the left edge.
  EXPECT_NE(svg.find("d=\"M64.0 "), std::string::npos);
  // Value 21 (the top of the range) would sit at y = 48; 14 is two thirds up.
  EXPECT_NE(svg.find("2026-08-01: 14"), std::string::npos);
}

TEST(Chart, EmptyChartSaysSo) {
  Chart c;
  c.title = "x";
  const std::string svg = RenderChartSvg(c);
  EXPECT_NE(svg.find("no data"), std::string::npos);
  EXPECT_EQ(Count(svg, "<path"), 0u);
}

}  // namespace
}  // namespace exo::report
