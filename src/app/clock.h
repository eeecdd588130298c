// The clock interface: the only way use cases learn the time. Tests pass a FakeClock.
#pragma once

#include <string>

#include "core/date.h"
#include "core/timestamp.h"

namespace exo::app {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  virtual Date Today() const = 0;  // the clinic's local calendar day
  // The clinic's calendar day of an instant; UTC unless the clock knows the local zone.
  virtual Date DayOf(Timestamp t) const;
};

// The machine's clock. Days are the clinic's (rules/clinic.toml `time_zone`, Asia/Tokyo until
// told), never the machine's TZ: a server kept in UTC must still file a 01:30 session in Tokyo
// under the Tokyo day, as the pages and documents show it.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  Date Today() const override;
  Date DayOf(Timestamp t) const override;
  // Days from now on in the zone `*zone` names (the clinic settings' field, which a rules reload
  // rewrites in place); null goes back to Asia/Tokyo.
  void FollowZone(const std::string* zone) { zone_ = zone; }

 private:
  const std::string* zone_ = nullptr;
};

// A clock that stands still unless told otherwise.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Date today, int64_t unix_seconds = 0) : today_(today), now_{unix_seconds} {}
  Timestamp Now() const override { return now_; }
  Date Today() const override { return today_; }
  void Set(Date today) { today_ = today; }
  void AdvanceSeconds(int64_t seconds) { now_.unix_seconds += seconds; }
  void SetNow(Timestamp t) { now_ = t; }

 private:
  Date today_;
  Timestamp now_;
};

}  // namespace exo::app
