#include "report/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/text.h"
#include "core/utf8.h"
#include "report/svg_number.h"

namespace exo::report {

namespace {

std::string G(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

std::string Open(double w, double h, const std::string& title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + SvgNumber(w) + "\" height=\"" +
         SvgNumber(h) + "\" viewBox=\"0 0 " + SvgNumber(w) + " " + SvgNumber(h) +
         "\" font-family=\"IPAexGothic, Noto Sans CJK JP, sans-serif\" role=\"img\" aria-label=\"" +
         XmlEscape(title) + "\">\n<rect width=\"" + SvgNumber(w) + "\" height=\"" + SvgNumber(h) +
         "\" fill=\"#ffffff\"/>\n" +
         "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" + XmlEscape(title) +
         "</text>\n";
}

// Five "nice" ticks over [lo, hi].
std::vector<double> Ticks(double lo, double hi) {
  std::vector<double> t;
  const double span = hi - lo;
  if (!(span > 0)) return {lo};
  const double raw = span / 4;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  const double step = raw / mag < 1.5 ? mag
                      : raw / mag < 3 ? 2 * mag
                      : raw / mag < 7 ? 5 * mag
                                      : 10 * mag;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step)
    t.push_back(std::abs(v) < 1e-9 * step ? 0.0 : v);
  return t;
}

}  // namespace

std::string RenderForestSvg(const std::string& title, const std::vector<ForestRow>& rows) {
  // The label column fits the longest label at 11 px (a wide character about 11 px, a narrow one
  // about 6), between 170 and 340 px: 「投与経路: マイクロニードル・機器導入」 is not cut.
  size_t widest = 0;
  for (const auto& r : rows) widest = std::max(widest, DisplayWidth(r.label));
  const double label_w = std::clamp(5.8 * static_cast<double>(widest) + 16, 170.0, 340.0);
  const double w = 640 + (label_w - 170), top = 36, row_h = 22;
  const double h = top + row_h * static_cast<double>(rows.size()) + 40;
  double lo = 0, hi = 0;
  for (const auto& r : rows) lo = std::min(lo, r.low), hi = std::max(hi, r.high);
  const double pad = (hi - lo) * 0.05 + 1e-12;
  lo -= pad, hi += pad;
  const double x0 = label_w, x1 = w - 20;
  const auto x = [&](double v) { return x0 + (x1 - x0) * (v - lo) / (hi - lo); };
  std::string s = Open(w, h, title);
  const double bottom = top + row_h * static_cast<double>(rows.size());
  s += "<line x1=\"" + SvgNumber(x(0)) + "\" y1=\"" + SvgNumber(top) + "\" x2=\"" +
       SvgNumber(x(0)) + "\" y2=\"" + SvgNumber(bottom) +
       "\" stroke=\"#999999\" stroke-dasharray=\"3 3\"/>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = top + row_h * (static_cast<double>(i) + 0.5);
    s += "<text x=\"" + SvgNumber(label_w - 8) + "\" y=\"" + SvgNumber(y + 4) +
         "\" font-size=\"11\" text-anchor=\"end\">" + XmlEscape(r.label) + "</text>\n";
    s += "<line class=\"interval\" x1=\"" + SvgNumber(x(r.low)) + "\" y1=\"" + SvgNumber(y) +
         "\" x2=\"" + SvgNumber(x(r.high)) + "\" y2=\"" + SvgNumber(y) +
         "\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>\n";
    s += "<rect x=\"" + SvgNumber(x(r.estimate) - 4) + "\" y=\"" + SvgNumber(y - 4) +
         "\" width=\"8\" height=\"8\" fill=\"#1f5fa8\"><title>" + XmlEscape(r.label) + ": " +
         G(r.estimate) + " [" + G(r.low) + ", " + G(r.high) + "]</title></rect>\n";
  }
  for (double t : Ticks(lo, hi))
    s += "<text x=\"" + SvgNumber(x(t)) + "\" y=\"" + SvgNumber(bottom + 16) +
         "\" font-size=\"10\" text-anchor=\"middle\">" + G(t) + "</text>\n";
  s += "</svg>\n";
  return s;
}

std::string RenderXySvg(const XyPlot& p) {
  const double w = 640, h = 360, left = 60, right = 16, top = 34, bottom = 44;
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& s : p.series)
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      xlo = std::min(xlo, s.x[i]), xhi = std::max(xhi, s.x[i]);
      ylo = std::min(ylo, s.y[i]), yhi = std::max(yhi, s.y[i]);
    }
  std::string out = Open(w, h, p.title);
  if (!(xhi >= xlo))
    return out + "<text x=\"320\" y=\"180\" text-anchor=\"middle\">no data</text></svg>\n";
  if (p.zero_line) ylo = std::min(ylo, 0.0), yhi = std::max(yhi, 0.0);
  if (xhi == xlo) xhi += 1, xlo -= 1;
  if (yhi == ylo) yhi += 1, ylo -= 1;
  const double xp = (xhi - xlo) * 0.04, yp = (yhi - ylo) * 0.06;
  xlo -= xp, xhi += xp, ylo -= yp, yhi += yp;
  // NOLINTNEXTLINE(readability-identifier-naming): X and Y map data to the axes, as in a formula
  const auto X = [&](double v) { return left + (w - left - right) * (v - xlo) / (xhi - xlo); };
  // NOLINTNEXTLINE(readability-identifier-naming): see X
  const auto Y = [&](double v) { return top + (h - top - bottom) * (1 - (v - ylo) / (yhi - ylo)); };
  out += "<g stroke=\"#999999\"><line x1=\"" + SvgNumber(left) + "\" y1=\"" +
         SvgNumber(h - bottom) + "\" x2=\"" + SvgNumber(w - right) + "\" y2=\"" +
         SvgNumber(h - bottom) + "\"/><line x1=\"" + SvgNumber(left) + "\" y1=\"" + SvgNumber(top) +
         "\" x2=\"" + SvgNumber(left) + "\" y2=\"" + SvgNumber(h - bottom) + "\"/></g>\n";
  for (double t : Ticks(xlo, xhi))
    out += "<text x=\"" + SvgNumber(X(t)) + "\" y=\"" + SvgNumber(h - bottom + 14) +
           "\" font-size=\"10\" text-anchor=\"middle\">" + G(t) + "</text>\n";
  for (double t : Ticks(ylo, yhi))
    out += "<text x=\"" + SvgNumber(left - 6) + "\" y=\"" + SvgNumber(Y(t) + 3) +
           "\" font-size=\"10\" text-anchor=\"end\">" + G(t) + "</text>\n";
  out += "<text x=\"" + SvgNumber((left + w - right) / 2) + "\" y=\"" + SvgNumber(h - 8) +
         "\" font-size=\"11\" text-anchor=\"middle\">" + XmlEscape(p.x_label) + "</text>\n";
  out += "<text x=\"14\" y=\"" + SvgNumber((top + h - bottom) / 2) +
         "\" font-size=\"11\" transform=\"rotate(-90 14 " + SvgNumber((top + h - bottom) / 2) +
         ")\" text-anchor=\"middle\">" + XmlEscape(p.y_label) + "</text>\n";
  if (p.zero_line)
    out += "<line x1=\"" + SvgNumber(left) + "\" y1=\"" + SvgNumber(Y(0)) + "\" x2=\"" +
           SvgNumber(w - right) + "\" y2=\"" + SvgNumber(Y(0)) +
           "\" stroke=\"#cc3333\" stroke-dasharray=\"4 3\"/>\n";
  if (p.identity_line) {
    const double a = std::max(xlo, ylo), b = std::min(xhi, yhi);
    out += "<line x1=\"" + SvgNumber(X(a)) + "\" y1=\"" + SvgNumber(Y(a)) + "\" x2=\"" +
           SvgNumber(X(b)) + "\" y2=\"" + SvgNumber(Y(b)) +
           "\" stroke=\"#cc3333\" stroke-dasharray=\"4 3\"/>\n";
  }
  for (const auto& s : p.series) {
    const std::string op = s.opacity < 1 ? " opacity=\"" + G(s.opacity) + "\"" : "";
    if (s.line && s.x.size() > 1) {
      std::string d;
      for (size_t i = 0; i < s.x.size(); ++i)
        d += (i ? " L" : "M") + SvgNumber(X(s.x[i])) + " " + SvgNumber(Y(s.y[i]));
      out.append("<path d=\"")
          .append(d)
          .append("\" fill=\"none\" stroke=\"")
          .append(s.colour)
          .append("\" stroke-width=\"1.2\"")
          .append(op)
          .append("/>\n");
    }
    if (s.points)
      for (size_t i = 0; i < s.x.size(); ++i)
        out += "<circle cx=\"" + SvgNumber(X(s.x[i])) + "\" cy=\"" + SvgNumber(Y(s.y[i])) +
               "\" r=\"2\" fill=\"" + s.colour + "\"" + op + "/>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace exo::report
