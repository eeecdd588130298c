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

// Bands are shaded across the plot from their lower to their upper value and named; a band too
// thin to hold its name keeps it as a tooltip only.
TEST(Chart, ReferenceBandsAreShadedAndNamed) {
  Chart c;
  c.title = "PHQ-9";
  c.y_min = 0;
  c.y_max = 27;
  c.points = {{*Date::Parse("2026-10-01"), 7, true}};
  c.bands = {{0, 5, "0〜4 ほぼなし"}, {5, 10, "5〜9 軽度"}, {20, 20.5, "thin"}};
  const std::string svg = RenderChartSvg(c);
  EXPECT_EQ(Count(svg, "class=\"band\""), 3u);
  // Plot height 232 px for 27 points: the band 0-5 spans y 237.0 (5) to 280.0 (0).
  EXPECT_NE(svg.find("y=\"237.0\" width=\"568.0\" height=\"43.0\""), std::string::npos) << svg;
  EXPECT_EQ(Count(svg, ">5〜9 軽度</text>"), 1u);
  EXPECT_EQ(Count(svg, ">thin</text>"), 0u);
  EXPECT_EQ(Count(svg, "<title>thin</title>"), 1u);
  // Drawn before the line, so the line and points stay on top.
  EXPECT_LT(svg.find("class=\"band\""), svg.find("<path"));
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
