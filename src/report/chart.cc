#include "report/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "report/svg_number.h"

namespace exo::report {

namespace {

constexpr double kW = 640, kH = 320, kLeft = 56, kRight = 16, kTop = 48, kBottom = 40;

std::string Tick(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::round(v * 100) / 100);
  return buf;
}

}  // namespace

std::string RenderChartSvg(const Chart& chart) {
  std::vector<ChartPoint> points = chart.points;
  std::sort(points.begin(), points.end(),
            [](const ChartPoint& a, const ChartPoint& b) { return a.on < b.on; });
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"320\" "
      "viewBox=\"0 0 640 320\" font-family=\"IPAexGothic, Noto Sans CJK JP, sans-serif\" "
      "role=\"img\" aria-label=\"" +
      XmlEscape(chart.title) + "\">\n";
  svg += "<rect width=\"640\" height=\"320\" fill=\"#ffffff\"/>\n";
  svg += "<text x=\"" + SvgNumber(kLeft) + "\" y=\"20\" font-size=\"15\" font-weight=\"bold\">" +
         XmlEscape(chart.title) + "</text>\n";
  if (!chart.note.empty())
    svg += "<text x=\"" + SvgNumber(kLeft) + "\" y=\"38\" font-size=\"11\" fill=\"#555555\">" +
           XmlEscape(chart.note) + "</text>\n";
  const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
  const double y_span = chart.y_max > chart.y_min ? chart.y_max - chart.y_min : 1;
  const auto y_of = [&](double v) { return kTop + plot_h * (1 - (v - chart.y_min) / y_span); };
  // Reference bands, alternately tinted, each named at its right end where it is tall enough.
  for (size_t i = 0; i < chart.bands.size(); ++i) {
    const auto& b = chart.bands[i];
    const double top = y_of(b.to), bottom = y_of(b.from);
    svg += "<rect class=\"band\" x=\"" + SvgNumber(kLeft) + "\" y=\"" + SvgNumber(top) +
           "\" width=\"" + SvgNumber(plot_w) + "\" height=\"" + SvgNumber(bottom - top) +
           "\" fill=\"" + (i % 2 == 0 ? "#eef3f8" : "#f7f7f7") + "\"><title>" + XmlEscape(b.label) +
           "</title></rect>\n";
    if (bottom - top >= 11)
      svg += "<text x=\"" + SvgNumber(kLeft + plot_w - 4) + "\" y=\"" +
             SvgNumber((top + bottom) / 2 + 3) +
             "\" font-size=\"9\" text-anchor=\"end\" fill=\"#666666\">" + XmlEscape(b.label) +
             "</text>\n";
  }
  // Axes and y ticks at five steps of the valid range.
  svg += "<g stroke=\"#999999\" stroke-width=\"1\">\n";
  svg += "<line x1=\"" + SvgNumber(kLeft) + "\" y1=\"" + SvgNumber(kTop) + "\" x2=\"" +
         SvgNumber(kLeft) + "\" y2=\"" + SvgNumber(kTop + plot_h) + "\"/>\n";
  svg += "<line x1=\"" + SvgNumber(kLeft) + "\" y1=\"" + SvgNumber(kTop + plot_h) + "\" x2=\"" +
         SvgNumber(kLeft + plot_w) + "\" y2=\"" + SvgNumber(kTop + plot_h) + "\"/>\n</g>\n";
  for (int i = 0; i <= 4; ++i) {
    const double v = chart.y_min + y_span * i / 4;
    svg += "<text x=\"" + SvgNumber(kLeft - 6) + "\" y=\"" + SvgNumber(y_of(v) + 4) +
           "\" font-size=\"10\" text-anchor=\"end\">" + Tick(v) + "</text>\n";
  }
  svg += "<text x=\"12\" y=\"" + SvgNumber(kTop + plot_h / 2) +
         "\" font-size=\"10\" transform=\"rotate(-90 12 " + SvgNumber(kTop + plot_h / 2) +
         ")\" text-anchor=\"middle\">" + XmlEscape(chart.y_label) + "</text>\n";
  if (points.empty()) {
    svg += "<text x=\"" + SvgNumber(kLeft + plot_w / 2) + "\" y=\"" + SvgNumber(kTop + plot_h / 2) +
           "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#555555\">no data / データなし"
           "</text>\n</svg>\n";
    return svg;
  }
  Date first = points.front().on, last = points.back().on;
  for (const Date& d : chart.session_dates) {
    first = std::min(first, d);
    last = std::max(last, d);
  }
  const int span_days = std::max(1, DaysBetween(first, last));
  const auto x_of = [&](Date d) {
    return kLeft + 8 + (plot_w - 16) * DaysBetween(first, d) / static_cast<double>(span_days);
  };
  for (const Date& d : chart.session_dates)
    svg += "<line class=\"session\" x1=\"" + SvgNumber(x_of(d)) + "\" y1=\"" + SvgNumber(kTop) +
           "\" x2=\"" + SvgNumber(x_of(d)) + "\" y2=\"" + SvgNumber(kTop + plot_h) +
           "\" stroke=\"#d08000\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"><title>" +
           XmlEscape(chart.session_label) + " " + d.ToString() + "</title></line>\n";
  // Date labels: first, last and the middle one.
  for (Date d : {first, first.AddDays(span_days / 2), last}) {
    svg += "<text x=\"" + SvgNumber(x_of(d)) + "\" y=\"" + SvgNumber(kTop + plot_h + 16) +
           "\" font-size=\"10\" text-anchor=\"middle\">" + d.ToString() + "</text>\n";
    if (span_days < 2) break;
  }
  std::string path;
  for (const auto& p : points)
    path += (path.empty() ? "M" : " L") + SvgNumber(x_of(p.on)) + " " + SvgNumber(y_of(p.value));
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>\n";
  for (const auto& p : points)
    svg += "<circle class=\"point\" cx=\"" + SvgNumber(x_of(p.on)) + "\" cy=\"" +
           SvgNumber(y_of(p.value)) + "\" r=\"4\" fill=\"" + (p.baseline ? "#ffffff" : "#1f5fa8") +
           "\" stroke=\"#1f5fa8\" stroke-width=\"2\"><title>" + p.on.ToString() + ": " +
           Tick(p.value) + "</title></circle>\n";
  svg += "<text x=\"" + SvgNumber(kLeft + plot_w) + "\" y=\"" + SvgNumber(kH - 6) +
         "\" font-size=\"10\" text-anchor=\"end\" fill=\"#d08000\">┆ " +
         XmlEscape(chart.session_label) + "</text>\n";
  svg += "</svg>\n";
  return svg;
}

}  // namespace exo::report
