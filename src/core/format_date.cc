// core::FormatDate (local_time.h): the civil calendar only, apart from the time-zone functions so
// that a program formatting a day loads no time-zone database (src/exoclinic.cc).
#include <date/date.h>

#include <cstdio>

#include "core/local_time.h"

namespace exo {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string FormatDate(Date d, Lang lang) {
  const date::year_month_day ymd{date::sys_days{date::days{d.days_since_epoch()}}};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  char buf[48];
  if (lang == Lang::kJa) {
    std::snprintf(buf, sizeof buf, "%d年%u月%u日", y, m, day);
  } else {
    std::snprintf(buf, sizeof buf, "%s %u, %d", kMonths[m - 1], day, y);
  }
  return buf;
}

}  // namespace exo
