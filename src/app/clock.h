// The clock interface: the only way use cases learn the time. Tests pass a FakeClock.
#pragma once

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

// The machine's clock; Today() uses the local time zone (TZ).
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  Date Today() const override;
  Date DayOf(Timestamp t) const override;
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
