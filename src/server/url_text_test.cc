#include "server/url_text.h"

#include <gtest/gtest.h>

namespace exo::server {
namespace {

TEST(UrlText, PercentDecodingKeepsWhatIsNotAnEscape) {
  EXPECT_EQ(PercentDecode("/api/v1/patients%3Fq", false), "/api/v1/patients?q");
  EXPECT_EQ(PercentDecode("%E5%B1%B1%e7%94%b0", false), "山田");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");  // a path keeps its '+'
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("100%", true), "100%");  // too short to be an escape
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
  EXPECT_EQ(PercentDecode("%00x", true), std::string("\0x", 2));
}

TEST(UrlText, QueryTextIntoParameters) {
  std::multimap<std::string, std::string> p;
  ParseQueryText("q=%E5%B1%B1%E7%94%B0+%E8%8A%B1%E5%AD%90&lang=ja&&flag&lang=en&=x", p);
  ASSERT_EQ(p.count("q"), 1u);
  EXPECT_EQ(p.find("q")->second, "山田 花子");
  EXPECT_EQ(p.count("lang"), 2u);
  EXPECT_EQ(p.find("flag")->second, "");
  EXPECT_EQ(p.count(""), 1u);
  EXPECT_EQ(p.size(), 5u);
}

}  // namespace
}  // namespace exo::server
