#include "app/clock.h"

#include <ctime>

#include "core/local_time.h"

namespace exo::app {

Timestamp SystemClock::Now() const { return Timestamp{static_cast<int64_t>(std::time(nullptr))}; }

Date Clock::DayOf(Timestamp t) const {
  const int64_t s = t.unix_seconds;
  return Date::FromDays(static_cast<int>(s >= 0 ? s / 86400 : (s - 86399) / 86400));
}

Date SystemClock::Today() const { return DayOf(Now()); }

Date SystemClock::DayOf(Timestamp ts) const {
  return LocalDate(ts, zone_ ? std::string_view(*zone_) : kDefaultTimeZone);
}

}  // namespace exo::app
