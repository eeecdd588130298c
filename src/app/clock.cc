#include "app/clock.h"

#include <ctime>

namespace exo::app {

Timestamp SystemClock::Now() const { return Timestamp{static_cast<int64_t>(std::time(nullptr))}; }

Date SystemClock::Today() const {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  return Date::FromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday).value_or(Date());
}

}  // namespace exo::app
