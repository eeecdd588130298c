#include "core/local_time.h"

#include <gtest/gtest.h>

namespace exo {

// 2026-12-01T06:14:03Z, the signing time of issue #14's consent (15:14 in Tokyo).
constexpr Timestamp kSigned{1796105643};

TEST(LocalTime, Issue14ShowsTheClinicsZoneInBothLanguages) {
  ASSERT_EQ(kSigned.ToIso8601(), "2026-12-01T06:14:03Z");
  EXPECT_EQ(FormatLocalDateTime(kSigned, "Asia/Tokyo", Lang::kJa), "2026年12月1日 15:14");
  EXPECT_EQ(FormatLocalDateTime(kSigned, "Asia/Tokyo", Lang::kEn), "Dec 1, 2026, 3:14 PM");
}

TEST(LocalTime, TheLocalDayCanDifferFromTheUtcDay) {
  const Timestamp late_utc{1796137200};  // 2026-12-01T15:00:00Z = 2 Dec 00:00 in Tokyo
  EXPECT_EQ(LocalDate(late_utc, "Asia/Tokyo").ToString(), "2026-12-02");
  EXPECT_EQ(LocalDate(late_utc, "UTC").ToString(), "2026-12-01");
  EXPECT_EQ(FormatLocalDate(late_utc, "Asia/Tokyo", Lang::kEn), "Dec 2, 2026");
}

TEST(LocalTime, DaylightSavingZonesFollowTheTzDatabase) {
  const Timestamp summer{1782900000};  // 2026-07-01T10:00:00Z
  EXPECT_EQ(FormatLocalDateTime(summer, "Europe/Berlin", Lang::kEn), "Jul 1, 2026, 12:00 PM");
  EXPECT_EQ(FormatLocalDateTime(kSigned, "Europe/Berlin", Lang::kEn), "Dec 1, 2026, 7:14 AM");
}

TEST(LocalTime, UnknownZoneIsRefusedAndShownAsUtc) {
  EXPECT_TRUE(IsKnownTimeZone("Asia/Tokyo"));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsKnownTimeZone(""));
  EXPECT_EQ(FormatLocalDateTime(kSigned, "Mars/Olympus", Lang::kJa), "2026年12月1日 6:14 UTC");
}

TEST(LocalTime, Iso8601ReadsBackWhatItWrites) {
  EXPECT_EQ(ParseIso8601("2026-12-01T06:14:03Z"), kSigned);
  EXPECT_EQ(ParseIso8601("2026-12-01"), std::nullopt);
  EXPECT_EQ(ParseIso8601("2026-12-01T25:14:03Z"), std::nullopt);
}

TEST(LocalTime, SortableFormForSpreadsheets) {
  EXPECT_EQ(FormatLocalSortable(kSigned, "Asia/Tokyo"), "2026-12-01 15:14");
}

TEST(LocalTime, MidnightAndNoonInEnglish) {
  EXPECT_EQ(FormatLocalDateTime(Timestamp{1796137200}, "Asia/Tokyo", Lang::kEn),
            "Dec 2, 2026, 12:00 AM");
  EXPECT_EQ(FormatLocalDateTime(Timestamp{1796094000}, "UTC", Lang::kEn), "Dec 1, 2026, 3:00 AM");
}

}  // namespace exo
