#include "app/clock.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <optional>
#include <string>

namespace exo::app {
namespace {

// The machine's zone is set to one far from the clinic's for a test, then put back.
class MachineZone {
 public:
  explicit MachineZone(const char* tz) {
    if (const char* old = getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~MachineZone() {
    if (old_)
      setenv("TZ", old_->c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

// 2026-12-02T17:20:00Z is 02:20 on 3 December in Tokyo and 09:20 on 2 December in Los Angeles.
constexpr Timestamp kLateUtc{1796232000};

TEST(SystemClock, DaysAreTheClinicsNotTheMachines) {
  MachineZone far("America/Los_Angeles");
  SystemClock clock;
  EXPECT_EQ(clock.DayOf(kLateUtc).ToString(), "2026-12-03") << "Asia/Tokyo until told";
  std::string zone = "Europe/London";
  clock.FollowZone(&zone);
  EXPECT_EQ(clock.DayOf(kLateUtc).ToString(), "2026-12-02");
  zone = "Asia/Tokyo";  // the settings rewritten in place by a rules reload
  EXPECT_EQ(clock.DayOf(kLateUtc).ToString(), "2026-12-03");
  EXPECT_EQ(clock.Today(), clock.DayOf(clock.Now()));
}

}  // namespace
}  // namespace exo::app
