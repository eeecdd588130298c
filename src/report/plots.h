// Statistical plots as SVG: a forest plot of estimates with intervals, and an x–y plot of
// points and lines (spaghetti plots of trajectories, residuals against fitted values, normal
// QQ plots). Drawn into PDF reports through RenderPdf's figures. Pure.
#pragma once

#include <string>
#include <vector>

namespace exo::report {

struct ForestRow {
  std::string label;
  double estimate = 0, low = 0, high = 0;
};

// A vertical line at zero; one row per estimate.
std::string RenderForestSvg(const std::string& title, const std::vector<ForestRow>& rows);

struct Series {
  std::vector<double> x, y;
  bool line = false;  // connect the points in order
  bool points = true;
  std::string colour = "#1f5fa8";
  double opacity = 1.0;
};

struct XyPlot {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  bool zero_line = false;      // horizontal line at y = 0
  bool identity_line = false;  // y = x (QQ plots)
};

std::string RenderXySvg(const XyPlot& plot);

}  // namespace exo::report
