#include "core/result.h"

#include <cstdio>
#include <cstdlib>

namespace exo {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "invalid";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

namespace internal {
void CheckFailed(const char* file, int line, const char* cond, const char* why) {
  std::fprintf(stderr, "%s:%d: check failed: %s (%s)\n", file, line, cond, why);
  std::abort();
}
}  // namespace internal

}  // namespace exo
