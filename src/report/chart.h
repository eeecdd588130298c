// A patient's measure over time as an SVG line chart with the session dates marked. The same
// SVG is served to browsers and drawn into PDF reports (RenderPdf's figures). Pure.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"

namespace exo::report {

struct ChartPoint {
  Date on;
  double value = 0;
  bool baseline = false;
};

// A named stretch of the scale (a questionnaire's cut-offs), shaded behind the line.
struct ChartBand {
  double from = 0, to = 0;
  std::string label;  // e.g. "10〜14 中等度"
};

struct Chart {
  std::string title;    // e.g. "PSQI (sleep quality)"
  std::string y_label;  // unit or scale
  std::string note;     // e.g. "lower is better"; drawn under the title
  double y_min = 0;     // the measure's valid range
  double y_max = 1;
  std::vector<ChartPoint> points;   // any order; drawn by date
  std::vector<Date> session_dates;  // vertical marks
  std::string session_label = "session";
  std::vector<ChartBand> bands;  // ascending; none for most measures
};

// 640 × 320 SVG; dates on the x axis, the valid range on the y axis. With no points the chart
// says so instead of drawing a line.
std::string RenderChartSvg(const Chart& chart);

}  // namespace exo::report
