// Session and login rules as values: timeouts, password rules and the login rate limiter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace exo::auth {

struct SessionPolicy {
  int64_t idle_timeout_seconds = int64_t{30} * 60;        // 30 minutes without a request
  int64_t absolute_timeout_seconds = int64_t{12} * 3600;  // one working day
};

// True if a session created at `created` and last used at `last_seen` is still valid at `now`.
bool SessionAlive(const SessionPolicy& policy, int64_t created, int64_t last_seen, int64_t now);

// Passwords: at least 12 characters, at most 256 bytes. Errors name `field`.
Status CheckPasswordRules(const std::string& field, const std::string& password);

// The login limit for one kind of key (an account or an address): at most `max_failures` failed
// logins in a sliding window. The failures themselves are stored (store::LoginSessionStore).
class LoginLimiter {
 public:
  LoginLimiter(int max_failures, int64_t window_seconds)
      : max_failures_(max_failures), window_seconds_(window_seconds) {}
  int max_failures() const { return max_failures_; }
  int64_t window_seconds() const { return window_seconds_; }
  // Given the times of a key's failures (oldest first), the seconds until it may try again at
  // `now`; 0 when it is not blocked.
  int64_t SecondsBlocked(const std::vector<int64_t>& failure_times, int64_t now) const;

 private:
  const int max_failures_;
  const int64_t window_seconds_;
};

}  // namespace exo::auth
