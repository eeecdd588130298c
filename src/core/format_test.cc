#include "core/format.h"

#include <gtest/gtest.h>

namespace exo {

TEST(FormatNumber, CompactForPeople) {
  EXPECT_EQ(FormatNumber(8.0e9), "8.0×10⁹");
  EXPECT_EQ(FormatNumber(5.333e7), "5.33×10⁷");
  EXPECT_EQ(FormatNumber(0.4), "0.4");
  EXPECT_EQ(FormatNumber(150), "150");
  EXPECT_EQ(FormatNumber(-80), "-80");
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(0.0001), "1.0×10⁻⁴");
}

}  // namespace exo

namespace exo {

TEST(FormatMoney, YenWithTaxAsIssue14Asks) {
  EXPECT_EQ(GroupThousands(180000), "180,000");
  EXPECT_EQ(GroupThousands(-1200), "-1,200");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(FormatYenWithTax(180000, 198000, Lang::kJa), "180,000円（税込 198,000円）");
  EXPECT_EQ(FormatYenWithTax(180000, 198000, Lang::kEn), "¥180,000 (¥198,000 incl. tax)");
  EXPECT_EQ(FormatYen(594000, Lang::kJa), "594,000円");
}

TEST(FormatCounts, ParticlesReadableInBothLanguages) {
  EXPECT_EQ(FormatScientific(1e10), "1.0×10¹⁰");
  EXPECT_EQ(FormatScientific(2.46e9), "2.5×10⁹");
  EXPECT_EQ(FormatScientific(9.96e9), "1.0×10¹⁰");
  EXPECT_EQ(FormatParticles(1e10, Lang::kJa), "約100億個（1.0×10¹⁰個）");
  EXPECT_EQ(FormatParticles(1e10, Lang::kEn), "about 10 billion particles (1.0×10¹⁰)");
  EXPECT_EQ(FormatCount(2.5e9, Lang::kJa), "約25億");
  EXPECT_EQ(FormatCount(1.23e12, Lang::kJa), "約1.2兆");
  EXPECT_EQ(FormatCount(35000, Lang::kJa), "約3.5万");
  EXPECT_EQ(FormatCount(2.5e6, Lang::kEn), "about 2.5 million");
  EXPECT_EQ(FormatParticles(1, Lang::kEn), "1 particle");
  EXPECT_EQ(FormatParticles(1200, Lang::kJa), "1,200個");
}

TEST(Messages, PluralFormsPickOneOrOther) {
  EXPECT_EQ(FormatMessage("{0|# day|# days} left", {"1"}), "1 day left");
  EXPECT_EQ(FormatMessage("{0|# day|# days} left", {"3"}), "3 days left");
  EXPECT_EQ(FormatMessage("{x|y}", {"1"}), "{x|y}");
}

}  // namespace exo
