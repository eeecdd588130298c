#include "app/clock.h"

#include <ctime>

namespace exo::app {

Timestamp SystemClock::Now() const { return Timestamp{static_cast<int64_t>(std::time(nullptr))}; }

Date Clock::DayOf(Timestamp t) const {
  const int64_t s = t.unix_seconds;
  return Date::FromDays(static_cast<int>(s >= 0 ? s / 86400 : (s - 86399) / 86400));
}

Date SystemClock::Today() const { return DayOf(Now()); }

Date SystemClock::DayOf(Timestamp ts) const {
  const std::time_t t = static_cast<std::time_t>(ts.unix_seconds);
  std::tm local{};
  localtime_r(&t, &local);
  return Date::FromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday).value_or(Date());
}

}  // namespace exo::app
