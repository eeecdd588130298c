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

std::optional<Timestamp> ParseInstant(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  const auto base = ParseIso8601(std::string(text.substr(0, 19)) + "Z");
  if (!base) return std::nullopt;
  std::string_view rest = text.substr(19);
  if (rest.front() == '.' || rest.front() == ',') {
    size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 1) return std::nullopt;
    rest.remove_prefix(digits);
  }
  if (rest == "Z" || rest == "z") return base;
  if (rest.size() != 6 && rest.size() != 5) return std::nullopt;
  if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
  if (rest.size() == 6 && rest[3] != ':') return std::nullopt;
  const std::string_view mm = rest.substr(rest.size() - 2);
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(rest[1]) || !digit(rest[2]) || !digit(mm[0]) || !digit(mm[1])) return std::nullopt;
  const int hours = (rest[1] - '0') * 10 + (rest[2] - '0');
  const int minutes = (mm[0] - '0') * 10 + (mm[1] - '0');
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return std::nullopt;
  const int64_t offset =
      (int64_t{hours} * 3600 + int64_t{minutes} * 60) * (rest[0] == '+' ? 1 : -1);
  return Timestamp{base->unix_seconds - offset};
}

}  // namespace exo
