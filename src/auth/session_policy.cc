#include "auth/session_policy.h"

#include <algorithm>

#include "core/utf8.h"

namespace exo::auth {

bool SessionAlive(const SessionPolicy& policy, int64_t created, int64_t last_seen, int64_t now) {
  return now - last_seen <= policy.idle_timeout_seconds &&
         now - created <= policy.absolute_timeout_seconds;
}

Status CheckPasswordRules(const std::string& field, const std::string& password) {
  const size_t code_points = CodePoints(password);
  if (code_points < 12) return Invalid(field, "err.password_short", {"12"});
  if (code_points > 256)
    return Invalid(field, "err.string_too_long", {std::to_string(code_points), "256"});
  return OkStatus();
}

int64_t LoginLimiter::SecondsBlocked(const std::vector<int64_t>& failure_times, int64_t now) const {
  std::vector<int64_t> recent;
  for (const int64_t t : failure_times)
    if (now - t < window_seconds_) recent.push_back(t);
  if (static_cast<int>(recent.size()) < max_failures_) return 0;
  // Blocked until enough of the recent failures leave the window to drop below the maximum.
  std::sort(recent.begin(), recent.end());
  const int64_t leaves = recent[recent.size() - static_cast<size_t>(max_failures_)];
  return std::max<int64_t>(1, leaves + window_seconds_ - now);
}

}  // namespace exo::auth
