// Numbers written into SVG attributes (coordinates, sizes): one decimal, "." as separator.
#pragma once

#include <cstdio>
#include <string>

namespace exo::report {

inline std::string SvgNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace exo::report
