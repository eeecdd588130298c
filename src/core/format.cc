#include "core/format.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace exo {

std::string FormatNumber(double value, int significant) {
  if (!std::isfinite(value)) return "—";
  char buf[64];
  const double a = std::fabs(value);
  if (a != 0 && (a >= 1e6 || a < 1e-3)) {
    const int exp = static_cast<int>(std::floor(std::log10(a)));
    double mant = value / std::pow(10.0, exp);
    std::snprintf(buf, sizeof buf, "%.*f", std::max(1, significant - 2), mant);
    std::string m = buf;
    while (m.size() > 3 && m.back() == '0' && m[m.size() - 2] != '.') m.pop_back();
    return m + "e" + std::to_string(exp);
  }
  std::snprintf(buf, sizeof buf, "%.*g", significant, value);
  return buf;
}

}  // namespace exo
