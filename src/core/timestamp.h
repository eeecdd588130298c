// An instant as whole seconds since the Unix epoch, rendered in UTC (ISO 8601).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exo {

struct Timestamp {
  int64_t unix_seconds = 0;
  std::string ToIso8601() const;                       // "2026-11-24T09:30:00Z"
  auto operator<=>(const Timestamp&) const = default;  // NOLINT(modernize-use-nullptr)
};

// Exactly "YYYY-MM-DDTHH:MM:SSZ" (what ToIso8601 writes); nullopt otherwise.
std::optional<Timestamp> ParseIso8601(std::string_view text);

// A time as people's tools write it: "YYYY-MM-DDTHH:MM:SS", optional fractional seconds (dropped),
// then "Z" or an offset "+09:00" / "-0530" of at most 14 hours; the instant it names.
// A time without an offset names no instant and gives nullopt.
std::optional<Timestamp> ParseInstant(std::string_view text);

}  // namespace exo
