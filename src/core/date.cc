#include "core/date.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace exo {

namespace {
bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year},
                           std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1 || year > 9999 || !ymd.ok()) return std::nullopt;
  return Date(static_cast<int>(sys_days{ymd}.time_since_epoch().count()));
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseInt(text.substr(0, 4), y) || !ParseInt(text.substr(5, 2), m) ||
      !ParseInt(text.substr(8, 2), d))
    return std::nullopt;
  return FromYmd(y, m, d);
}

int Date::year() const {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days_}}};
  return static_cast<int>(ymd.year());
}

std::string Date::ToString() const {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days_}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace exo
