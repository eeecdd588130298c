#include "core/csv.h"

#include <gtest/gtest.h>

namespace exo {

TEST(Csv, FormulaCellsAreNeutralised) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+81 3"), "'+81 3");
  EXPECT_EQ(CsvField("-1+1"), "'-1+1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("山田 花子"), "山田 花子");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("-2.5"), "-2.5");  // a number, not a formula
  EXPECT_EQ(CsvField("-"), "'-");
}

TEST(Csv, NumbersAreWrittenAsPeopleWriteThem) {
  EXPECT_EQ(CsvNumber(1e10), "10000000000");  // issue #14 printed 10000000000.0
  EXPECT_EQ(CsvNumber(0.1 + 0.2), "0.3");
  EXPECT_EQ(CsvNumber(-2.5), "-2.5");
  EXPECT_EQ(CsvNumber(0.0), "0");
  EXPECT_EQ(CsvNumber(1.5e-4), "0.00015");
  EXPECT_EQ(CsvNumber(std::optional<double>{}), "");
  EXPECT_EQ(CsvNumber(123456.789), "123456.789");
}

TEST(Csv, WriterEndsLinesWithCrlfAndStartsWithABomWhenAsked) {
  CsvWriter with(true);
  with.TextRow({"a", "=1"});
  with.Row({CsvField("b"), CsvNumber(-3.0)});
  EXPECT_EQ(with.str(),
            "\xEF\xBB\xBF"
            "a,'=1\r\nb,-3\r\n");
  CsvWriter without(false);
  without.TextRow({"x"});
  EXPECT_EQ(without.Take(), "x\r\n");
}

}  // namespace exo
