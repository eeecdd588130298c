#include "stats/data.h"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <random>

namespace exo::stats {
namespace {

TEST(Csv, NumericFactorsQuotedCellsAndMissingRows) {
  const std::string text =
      "\"y\",\"time\",\"route\",\"note\"\n"
      "1.5,0,iv,\"a, b\"\n"
      "2.5,1,topical,\"say \"\"hi\"\"\"\n"
      "NA,2,iv,x\n"
      "3.5,3,microneedle,\n";
  ReadOptions o;
  o.keep = {"y", "time", "route"};
  auto t = ParseCsv(text, o);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->rows, 3u);
  EXPECT_EQ(t->dropped, 1u);
  const Column* route = t->Find("route");
  ASSERT_NE(route, nullptr);
  EXPECT_FALSE(route->numeric);
  EXPECT_EQ(route->levels, (std::vector<std::string>{"iv", "microneedle", "topical"}));
  EXPECT_EQ(route->codes, (std::vector<int32_t>{0, 2, 1}));
  EXPECT_EQ(t->Find("y")->values, (std::vector<double>{1.5, 2.5, 3.5}));
  EXPECT_EQ(t->Find("note"), nullptr);  // not kept
}

// Every number reads to the same double as std::from_chars gives (the reader has a fast path
// for plain decimals): short and long mantissas, 15 to 19 digits, leading zeros, up to 25
// decimals, exponents, signs, "1." and ".5".
TEST(Csv, NumbersReadExactlyAsFromChars) {
  std::mt19937_64 rng(17);
  std::vector<std::string> cells = {"0",
                                    "-0",
                                    "0.0",
                                    "1.",
                                    ".5",
                                    "-.5",
                                    "+2.5",
                                    "1e3",
                                    "-1.5E-7",
                                    "9007199254740993",
                                    "9007199254740992.5",
                                    "0.1",
                                    "123456789012345678",
                                    "0.0000000000000000000000012345",
                                    "00012.50"};
  for (int i = 0; i < 20000; ++i) {
    std::string v = (rng() % 3 == 0) ? "-" : "";
    const int whole = static_cast<int>(rng() % 12), decimals = static_cast<int>(rng() % 26);
    v += std::to_string(rng() % 10);
    for (int k = 0; k < whole; ++k) v += static_cast<char>('0' + rng() % 10);
    if (decimals > 0) {
      v += '.';
      for (int k = 0; k < decimals; ++k) v += static_cast<char>('0' + rng() % 10);
    }
    cells.push_back(v);
  }
  std::string text = "y,g\n";
  for (const auto& c : cells) text += c + ",a\n";
  ReadOptions o;
  o.keep = {"y", "g"};
  auto t = ParseCsv(text, o);
  ASSERT_TRUE(t.has_value()) << t.error().message_id;
  const Column* y = t->Find("y");
  ASSERT_NE(y, nullptr);
  ASSERT_TRUE(y->numeric);
  ASSERT_EQ(y->values.size(), cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string_view c = cells[i];
    if (!c.empty() && c.front() == '+') c.remove_prefix(1);
    double want = 0;
    const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), want);
    ASSERT_EQ(ec, std::errc()) << cells[i];
    ASSERT_EQ(end, c.data() + c.size()) << cells[i];
    EXPECT_EQ(std::bit_cast<uint64_t>(want), std::bit_cast<uint64_t>(y->values[i]))
        << cells[i] << ": " << y->values[i] << " vs " << want;
  }
}

// Records end at a bare carriage return too: the room for them counts those (a file of CRs
// overflowed the columns; found by fuzz_csv).
TEST(Csv, BareCarriageReturnsEndRecords) {
  ReadOptions o;
  o.keep = {"y", "g"};
  auto t = ParseCsv("y,g\r1,a\r2,b\r\r3,a\r\n4,c", o);
  ASSERT_TRUE(t.has_value()) << t.error().message_id;
  EXPECT_EQ(t->rows, 4u);
  EXPECT_EQ(t->Find("y")->values, (std::vector<double>{1, 2, 3, 4}));
  auto only_crs = ParseCsv(std::string("y,g\r") + std::string(5000, '\r') + "p\r", o);
  EXPECT_FALSE(only_crs.has_value());  // "p" has one cell of two
}

TEST(Csv, ForcedFactorsSortNumerically) {
  ReadOptions o;
  o.factors = {"id"};
  auto t = ParseCsv("id,y\n10,1\n9,2\n10,3\n", o);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->Find("id")->levels, (std::vector<std::string>{"9", "10"}));
}

TEST(Csv, AHeaderWithoutRowsIsAnEmptyTable) {
  ReadOptions o;
  o.factors = {"patient"};
  for (const char* text : {"patient,y,route\n", "patient,y,route"}) {
    auto t = ParseCsv(text, o);
    ASSERT_TRUE(t.has_value()) << text;
    EXPECT_EQ(t->rows, 0u);
    EXPECT_TRUE(t->Find("patient")->levels.empty());
  }
}

TEST(Csv, ErrorsNameTheLineOrColumn) {
  ReadOptions o;
  EXPECT_EQ(ParseCsv("a,b\n1,2\n3\n", o).error().fields[0].field, "csv:3");
  o.keep = {"a", "zzz"};
  auto e = ParseCsv("a,b\n1,2\n", o);
  EXPECT_EQ(e.error().fields[0].args[0], "zzz");
}

// Long enough (over 2 MB) that the unquoted reader splits it across threads; CRLF line ends,
// blank lines, NA and empty cells, an unused column.
std::string LongCsv(size_t rows) {
  std::string text = "patient,y,time,route,note\r\n";
  for (size_t r = 0; r < rows; ++r) {
    const size_t patient = r / 7;
    text += "p" + std::to_string(patient * 7919 % 100003) + ",";
    text += r % 997 == 5 ? "NA" : std::to_string(static_cast<double>(r % 113) / 8);
    text += "," + std::to_string(r % 7) + ",";
    text += r % 1009 == 3 ? "" : (r % 3 == 0 ? "iv" : r % 3 == 1 ? "topical" : "microneedle");
    text += ",free text " + std::to_string(r) + "\r\n";
    if (r % 50000 == 17) text += "\r\n";
  }
  return text;
}

void ExpectSameTable(const DataTable& a, const DataTable& b) {
  ASSERT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.dropped, b.dropped);
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t k = 0; k < a.columns.size(); ++k) {
    EXPECT_EQ(a.columns[k].name, b.columns[k].name);
    EXPECT_EQ(a.columns[k].numeric, b.columns[k].numeric) << a.columns[k].name;
    EXPECT_EQ(a.columns[k].values, b.columns[k].values) << a.columns[k].name;
    EXPECT_EQ(a.columns[k].codes, b.columns[k].codes) << a.columns[k].name;
    EXPECT_EQ(a.columns[k].levels, b.columns[k].levels) << a.columns[k].name;
  }
}

TEST(Csv, UnquotedFastReaderAgreesWithTheQuotedReader) {
  const std::string text = LongCsv(120000);
  ASSERT_GT(text.size(), size_t{2} << 20);
  ReadOptions o;
  o.keep = {"patient", "y", "time", "route"};
  o.factors = {"patient"};
  auto fast = ParseCsv(text, o);
  // One quoted cell (in the first record) keeps the reader on its general path.
  const size_t header_end = text.find('\n') + 1;
  std::string quoted = text;
  ASSERT_EQ(quoted.substr(header_end, 3), "p0,");
  quoted.replace(header_end, 2, "\"p0\"");
  auto general = ParseCsv(quoted, o);
  ASSERT_TRUE(fast.has_value());
  ASSERT_TRUE(general.has_value());
  EXPECT_EQ(fast->rows + fast->dropped, 120000u);
  EXPECT_GT(fast->dropped, 100u);
  ExpectSameTable(*fast, *general);
}

TEST(Csv, ANonNumberMakesAColumnAFactorInEitherPart) {
  std::string text = LongCsv(120000);
  // The last data row's time becomes text: the column is a factor, as the general reader says.
  const size_t last = text.rfind("\r\n", text.size() - 3);
  const size_t comma = text.find(',', text.find(',', last + 2) + 1);
  text.replace(comma + 1, 1, "x");
  ReadOptions o;
  o.keep = {"patient", "y", "time"};
  auto t = ParseCsv(text, o);
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->Find("time")->numeric);
  EXPECT_TRUE(t->Find("y")->numeric);
  EXPECT_EQ(t->Find("time")->levels.size(), 8u);
  EXPECT_EQ(t->Find("time")->levels.back(), "x");
}

TEST(Csv, AWrongCellCountLateInALongFileNamesItsLine) {
  std::string text = LongCsv(120000);
  const size_t blank_lines = 3;  // rows 17, 50017 and 100017 are followed by a blank line
  const size_t last = text.rfind("\r\n", text.size() - 3);
  text.insert(last, ",extra");  // the second-to-last data row
  auto e = ParseCsv(text, {});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().fields[0].field, "csv:" + std::to_string(1 + 120000 - 1 + blank_lines));
  EXPECT_EQ(e.error().fields[0].message_id, "err.csv_cells");
}

}  // namespace
}  // namespace exo::stats
