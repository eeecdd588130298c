#include "core/local_time.h"

#include <date/tz.h>

#include <chrono>
#include <cstdio>

namespace exo {

namespace {

const date::time_zone* FindZone(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

struct LocalParts {
  Date day;
  int hour = 0;
  int minute = 0;
  bool utc_fallback = false;
};

LocalParts PartsOf(Timestamp t, std::string_view zone) {
  const auto sys = date::sys_seconds{std::chrono::seconds{t.unix_seconds}};
  const date::time_zone* tz = FindZone(zone);
  std::chrono::seconds local{};
  if (tz != nullptr) {
    local = tz->to_local(sys).time_since_epoch();
  } else {
    local = sys.time_since_epoch();
  }
  const auto days = date::floor<date::days>(local);
  const auto secs = (local - days).count();
  return {Date::FromDays(static_cast<int>(days.count())), static_cast<int>(secs / 3600),
          static_cast<int>(secs / 60 % 60), tz == nullptr};
}

}  // namespace

bool IsKnownTimeZone(std::string_view zone) { return !zone.empty() && FindZone(zone) != nullptr; }

Date LocalDate(Timestamp t, std::string_view zone) { return PartsOf(t, zone).day; }

std::string FormatLocalDate(Timestamp t, std::string_view zone, Lang lang) {
  return FormatDate(LocalDate(t, zone), lang);
}

std::string FormatLocalSortable(Timestamp t, std::string_view zone) {
  const LocalParts p = PartsOf(t, zone);
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", p.hour, p.minute);
  return p.day.ToString() + buf + (p.utc_fallback ? " UTC" : "");
}

std::string FormatLocalDateTime(Timestamp t, std::string_view zone, Lang lang) {
  const LocalParts p = PartsOf(t, zone);
  char buf[32];
  if (lang == Lang::kJa) {
    std::snprintf(buf, sizeof buf, " %d:%02d", p.hour, p.minute);
  } else {
    const int h12 = p.hour % 12 == 0 ? 12 : p.hour % 12;
    std::snprintf(buf, sizeof buf, ", %d:%02d %s", h12, p.minute, p.hour < 12 ? "AM" : "PM");
  }
  return FormatDate(p.day, lang) + buf + (p.utc_fallback ? " UTC" : "");
}

}  // namespace exo
