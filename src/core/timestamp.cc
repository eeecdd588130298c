#include "core/timestamp.h"

#include <cstdio>

#include "core/date.h"

namespace exo {

std::string Timestamp::ToIso8601() const {
  int64_t days = unix_seconds / 86400;
  int64_t secs = unix_seconds % 86400;
  if (secs < 0) secs += 86400, --days;
  const Date d = Date::FromDays(static_cast<int>(days));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.ToString().c_str(),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

}  // namespace exo
