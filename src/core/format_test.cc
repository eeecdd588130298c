#include "core/format.h"

#include <gtest/gtest.h>

namespace exo {

TEST(FormatNumber, CompactForPeople) {
  EXPECT_EQ(FormatNumber(8.0e9), "8.0e9");
  EXPECT_EQ(FormatNumber(5.333e7), "5.33e7");
  EXPECT_EQ(FormatNumber(0.4), "0.4");
  EXPECT_EQ(FormatNumber(150), "150");
  EXPECT_EQ(FormatNumber(-80), "-80");
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(0.0001), "1.0e-4");
}

}  // namespace exo
