#include "report/ical.h"

#include <gtest/gtest.h>

namespace exo::report {
namespace {

TEST(ICalendar, AllDayEventsWithCrlfEscapingAndFolding) {
  const std::string ics = ToICalendar(
      {{"plan-1-session-1@exoclinic", *Date::Parse("2026-12-31"), "Exosome, session 1; face",
        std::string(40, 'x') + "エクソソーム施術の予定です。エクソソーム施術の予定です。"}},
      Timestamp{1795000000});
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20261231\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND;VALUE=DATE:20270101\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTAMP:20261118T110640Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Exosome\\, session 1\\; face\r\n"), std::string::npos);
  // Every physical line is at most 75 octets.
  size_t start = 0;
  while (start < ics.size()) {
    const size_t end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    start = end + 2;
  }
  EXPECT_NE(ics.find("\r\n "), std::string::npos);  // the description was folded
}

}  // namespace
}  // namespace exo::report
