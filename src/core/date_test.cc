#include "core/date.h"

#include <gtest/gtest.h>

#include "core/timestamp.h"

namespace exo {

TEST(Date, ParsesRealDatesOnly) {
  EXPECT_EQ(Date::Parse("2026-11-24")->ToString(), "2026-11-24");
  EXPECT_TRUE(Date::Parse("2024-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2025-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2026-13-01").has_value());
  EXPECT_FALSE(Date::Parse("2026-1-01").has_value());
  EXPECT_FALSE(Date::Parse("2026-01-01T00:00").has_value());
  EXPECT_FALSE(Date::Parse("abcd-ef-gh").has_value());
  EXPECT_FALSE(Date::Parse("").has_value());
}

TEST(Date, CountsDaysAcrossLeapYears) {
  const Date a = *Date::Parse("2024-02-28");
  const Date b = *Date::Parse("2024-03-01");
  EXPECT_EQ(DaysBetween(a, b), 2);
  EXPECT_EQ(DaysBetween(b, a), -2);
  EXPECT_EQ(a.AddDays(366).ToString(), "2025-02-28");
  EXPECT_EQ(Date::FromDays(0).ToString(), "1970-01-01");
  EXPECT_EQ(a.year(), 2024);
}

TEST(Timestamp, RendersUtcIso8601) {
  EXPECT_EQ(Timestamp{0}.ToIso8601(), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Timestamp{1795000000}.ToIso8601(), "2026-11-18T11:06:40Z");
}

}  // namespace exo
