#include "core/format.h"

#include <charconv>
#include <cmath>
#include <string>

namespace exo {

std::string FormatNumber(double value, int significant) {
  if (!std::isfinite(value)) return "—";
  char buf[64];
  const double a = std::fabs(value);
  if (a != 0 && (a >= 1e6 || a < 1e-3)) {
    // "8.000e+09" -> "8.0e9": keep at least one decimal, drop the exponent's sign and zeros.
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific,
                                 significant > 2 ? significant - 2 : 1);
    const std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
    const size_t e = s.find('e');
    std::string mant(s.substr(0, e));
    while (mant.size() > 3 && mant.back() == '0' && mant[mant.size() - 2] != '.') mant.pop_back();
    int exp = 0;
    std::string_view es = s.substr(e + 1);
    const bool neg = !es.empty() && es.front() == '-';
    if (!es.empty() && (es.front() == '-' || es.front() == '+')) es.remove_prefix(1);
    std::from_chars(es.data(), es.data() + es.size(), exp);
    return mant + "e" + (neg ? "-" : "") + std::to_string(exp);
  }
  const auto r =
      std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, significant);
  return std::string(buf, static_cast<size_t>(r.ptr - buf));
}

}  // namespace exo
