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

std::optional<Timestamp> ParseIso8601(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  const auto day = Date::Parse(text.substr(0, 10));
  if (!day) return std::nullopt;
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const char a = text[11 + 3 * i], b = text[12 + 3 * i];
    if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
    parts[i] = (a - '0') * 10 + (b - '0');
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return Timestamp{int64_t{day->days_since_epoch()} * 86400 + int64_t{parts[0]} * 3600 +
                   int64_t{parts[1]} * 60 + parts[2]};
}

}  // namespace exo
