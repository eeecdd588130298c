#include "core/format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace exo {

namespace {

// 2 significant digits of `value` (>= 1) as a whole number.
double TwoSignificant(double value) {
  const double scale = std::pow(10.0, std::floor(std::log10(value)) - 1);
  return std::round(value / scale) * scale;
}

// A number below 10,000 of a unit: "100", "2.5", "1,200".
std::string SmallAmount(double v) {
  if (v >= 10 || std::fabs(v - std::round(v)) < 1e-9) {
    return GroupThousands(static_cast<int64_t>(std::llround(v)));
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// "×10¹⁰", "×10⁻⁴": the power of ten in superscript digits.
std::string TimesTenTo(int exp) {
  static constexpr const char* kSuperscript[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string out = "×10";
  if (exp < 0) out += "⁻";
  for (const char c : std::to_string(exp < 0 ? -exp : exp)) out += kSuperscript[c - '0'];
  return out;
}

}  // namespace

std::string GroupThousands(int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string FormatYen(int64_t yen, Lang lang) {
  return Message("money.yen", lang, {GroupThousands(yen)});
}

std::string FormatMoney(int64_t amount, std::string_view currency, Lang lang) {
  return currency == "JPY" ? FormatYen(amount, lang)
                           : GroupThousands(amount) + " " + std::string(currency);
}

std::string FormatYenWithTax(int64_t before_tax, int64_t with_tax, Lang lang) {
  return Message("money.yen_with_tax", lang,
                 {GroupThousands(before_tax), GroupThousands(with_tax)});
}

std::string FormatScientific(double value) {
  if (!std::isfinite(value) || value == 0) return FormatNumber(value);
  int exp = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  double mant = value / std::pow(10.0, exp);
  if (std::fabs(std::round(mant * 10) / 10) >= 10) mant /= 10, ++exp;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", mant);
  return std::string(buf) + TimesTenTo(exp);
}

std::string FormatCount(double value, Lang lang) {
  if (!std::isfinite(value) || value < 0) return FormatNumber(value);
  if (value < 10000) return GroupThousands(static_cast<int64_t>(std::llround(value)));
  const double v = TwoSignificant(value);
  struct Unit {
    double size;
    const char* key;
  };
  static constexpr Unit kJa[] = {
      {1e12, "count.ja_cho"}, {1e8, "count.ja_oku"}, {1e4, "count.ja_man"}};
  static constexpr Unit kEn[] = {{1e12, "count.trillion"},
                                 {1e9, "count.billion"},
                                 {1e6, "count.million"},
                                 {1e3, "count.thousand"}};
  const auto pick = [&](const auto& units) {
    for (const auto& u : units) {
      if (v >= u.size) return Message(u.key, lang, {SmallAmount(v / u.size)});
    }
    return GroupThousands(static_cast<int64_t>(v));
  };
  return Message("count.about", lang, {lang == Lang::kJa ? pick(kJa) : pick(kEn)});
}

std::string FormatParticles(double count, Lang lang) {
  if (!std::isfinite(count) || count < 10000) {
    return Message("count.particles_exact", lang, {FormatCount(count, lang)});
  }
  return Message("count.particles", lang, {FormatCount(count, lang), FormatScientific(count)});
}

std::string FormatNumber(double value, int significant) {
  if (!std::isfinite(value)) return "—";
  char buf[64];
  const double a = std::fabs(value);
  if (a != 0 && (a >= 1e6 || a < 1e-3)) {
    // "8.000e+09" -> "8.0×10⁹": keep at least one decimal, drop trailing zeros.
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
    return mant + TimesTenTo(neg ? -exp : exp);
  }
  const auto r =
      std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, significant);
  return std::string(buf, static_cast<size_t>(r.ptr - buf));
}

}  // namespace exo
