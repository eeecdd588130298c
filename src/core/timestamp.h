// An instant as whole seconds since the Unix epoch, rendered in UTC (ISO 8601).
#pragma once

#include <cstdint>
#include <string>

namespace exo {

struct Timestamp {
  int64_t unix_seconds = 0;
  std::string ToIso8601() const;                       // "2026-11-24T09:30:00Z"
  auto operator<=>(const Timestamp&) const = default;  // NOLINT(modernize-use-nullptr)
};

}  // namespace exo
