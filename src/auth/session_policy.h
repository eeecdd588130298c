// Session and login rules as values: timeouts, password rules and the login rate limiter.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
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

// Counts failed logins per key (an account or an address) in a sliding window; thread-safe.
class LoginLimiter {
 public:
  LoginLimiter(int max_failures, int64_t window_seconds)
      : max_failures_(max_failures), window_seconds_(window_seconds) {}
  bool Blocked(const std::string& key, int64_t now);
  void RecordFailure(const std::string& key, int64_t now);
  void Reset(const std::string& key);

  int max_failures() const { return max_failures_; }
  int64_t window_seconds() const { return window_seconds_; }
  // Given the times of a key's failures (oldest first), the seconds until it may try again at
  // `now`; 0 when it is not blocked.
  int64_t SecondsBlocked(const std::vector<int64_t>& failure_times, int64_t now) const;

 private:
  void Prune(std::vector<int64_t>& times, int64_t now) const;
  const int max_failures_;
  const int64_t window_seconds_;
  std::mutex mu_;
  std::map<std::string, std::vector<int64_t>> failures_;  // guarded by mu_
};

}  // namespace exo::auth
