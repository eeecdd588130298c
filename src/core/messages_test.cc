#include "core/messages.h"

#include <gtest/gtest.h>

namespace exo {

TEST(Messages, FillsArgumentsInBothLanguages) {
  EXPECT_EQ(Message("err.expected_number_nonneg", Lang::kEn, {"\"abc\""}),
            "expected a number >= 0, got \"abc\"");
  EXPECT_EQ(Message("err.expected_number_nonneg", Lang::kJa, {"\"abc\""}),
            "0 以上の数値が必要です（入力: \"abc\"）");
}

TEST(Messages, UnknownIdRendersAsItself) {
  EXPECT_EQ(Message("no.such.id", Lang::kEn), "no.such.id");
}

TEST(Messages, RenderErrorListsEveryField) {
  Error e = InvalidFields({{"/a", "err.required", {}}, {"/b", "err.expected_bool", {"1"}}});
  EXPECT_EQ(RenderError(e, Lang::kEn), "/a: is required\n/b: expected true or false, got 1");
}

TEST(Messages, FormatIgnoresMissingArguments) {
  EXPECT_EQ(FormatMessage("{0}-{1}-{9}", {"a"}), "a--");
}

}  // namespace exo

#include "core/text.h"
#include "core/utf8.h"

namespace exo {

// Issue #14: a 70-character name was reported as "210 文字".
// Issue #14: a stored day is shown as people write it, in the reader's language; an argument
// that is not a day stays as given.
TEST(Messages, DatePlaceholderShowsTheDayAsPeopleWriteIt) {
  EXPECT_EQ(FormatMessage("{0:date} / {1}", {"2026-11-17", "2026-11-17"}, Lang::kJa),
            "2026年11月17日 / 2026-11-17");
  EXPECT_EQ(FormatMessage("on {0:date}", {"2026-11-17"}, Lang::kEn), "on Nov 17, 2026");
  EXPECT_EQ(FormatMessage("on {0:date}", {"next week"}, Lang::kEn), "on next week");
  EXPECT_NE(Message("err.session_before_plan_start", Lang::kJa, {"2026-11-17", "4", "2026-12-01"})
                .find("2026年12月1日"),
            std::string::npos);
}

TEST(TextLength, LimitsCountCharactersNotBytes) {
  const std::string name70 = [] {
    std::string s;
    for (int i = 0; i < 70; ++i) s += "山";
    return s;
  }();
  EXPECT_EQ(name70.size(), 210u);
  EXPECT_EQ(CodePoints(name70), 70u);
  std::vector<FieldError> errors;
  EXPECT_EQ(JsonString(nlohmann::json{{"name", name70}}, "name", 70, true, errors), name70);
  EXPECT_TRUE(errors.empty());
  JsonString(nlohmann::json{{"name", name70 + "田"}}, "name", 70, true, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message_id, "err.string_too_long");
  EXPECT_EQ(errors[0].args, (std::vector<std::string>{"71", "70"}));
  EXPECT_EQ(RenderFieldError(errors[0], Lang::kJa),
            "/name: 文字列が長すぎます（上限 70 文字、入力 71 文字）");
}

}  // namespace exo
