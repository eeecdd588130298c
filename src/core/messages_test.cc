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
