#include "treatment/patient.h"

#include <gtest/gtest.h>

#include "core/messages.h"

namespace exo::treatment {
namespace {

const Date kToday = *Date::Parse("2026-11-24");

TEST(Patient, ParsesNamesInKanjiAndKana) {
  auto p = ParsePatient(R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                            "birth_date": "1974-03-02", "sex": "female", "phone": "03-1234-5678",
                            "email": "hanako@example.jp", "weight_kg": 52.5})",
                        kToday);
  ASSERT_TRUE(p.has_value()) << RenderError(p.error(), Lang::kEn);
  EXPECT_EQ(p->name_kana, "ヤマダ ハナコ");
  EXPECT_EQ(p->AgeOn(kToday), 52);
  EXPECT_EQ(p->AgeOn(*Date::Parse("2026-03-01")), 51);
  EXPECT_EQ(p->AgeOn(*Date::Parse("2026-03-02")), 52);
}

TEST(Patient, ImpossibleValuesAreNamed) {
  auto p = ParsePatient(R"({"name_kanji": "", "name_kana": "Yamada", "birth_date": "2030-01-01",
                            "sex": "f", "phone": "call me", "email": "nope", "weight_kg": 0})",
                        kToday);
  ASSERT_FALSE(p.has_value());
  std::vector<std::string> fields;
  for (const auto& f : p.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/name_kanji", "/name_kana", "/birth_date", "/sex",
                                              "/phone", "/email", "/weight_kg"}));
  EXPECT_EQ(p.error().fields[2].message_id, "err.date_in_future");
}

TEST(Patient, KanaAcceptsHiraganaKatakanaAndLongVowels) {
  EXPECT_TRUE(IsKana("やまだ はなこ"));
  EXPECT_TRUE(IsKana("スズキ ローラ"));
  EXPECT_FALSE(IsKana("山田"));
  EXPECT_FALSE(IsKana("yamada"));
  EXPECT_FALSE(IsKana(""));
}

// Half-width katakana (older systems' exports, some input methods) are kana: stored full-width.
TEST(Patient, HalfWidthKanaAreStoredFullWidth) {
  auto p = ParsePatient(R"({"name_kanji": "後藤 ぱるこ", "name_kana": "ｺﾞﾄｳ ﾊﾟﾙｺ",
                            "birth_date": "1980-01-02", "sex": "female"})",
                        kToday);
  ASSERT_TRUE(p.has_value()) << RenderError(p.error(), Lang::kEn);
  EXPECT_EQ(p->name_kana, "ゴトウ パルコ");
}

TEST(FullWidthKatakana, MarksJoinTheKanaBeforeThemAndOtherTextIsKept) {
  EXPECT_EQ(FullWidthKatakana("ｻﾄｳ ﾊﾅｺ"), "サトウ ハナコ");
  EXPECT_EQ(FullWidthKatakana("ｶﾞｷﾞｸﾞｹﾞｺﾞ ｻﾞｼﾞｽﾞｾﾞｿﾞ ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ"),
            "ガギグゲゴ ザジズゼゾ ダヂヅデド");
  EXPECT_EQ(FullWidthKatakana("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ｳﾞｧｲｵﾘﾝ"),
            "バビブベボ パピプペポ ヴァイオリン");
  EXPECT_EQ(FullWidthKatakana("ｼｮｳﾀ ｰ ｯ ｦ ﾝ ･ ､ ｡ ｢ｱ｣"), "ショウタ ー ッ ヲ ン ・ 、 。 「ア」");
  // A mark with nothing to join stands alone; ﾟ joins only ﾊ..ﾎ.
  EXPECT_EQ(FullWidthKatakana("ﾞｱﾞｶﾟ"), "゛ア゛カ゜");
  // Full-width text, hiragana, kanji, ASCII and other half-width forms are not touched.
  EXPECT_EQ(FullWidthKatakana("ヤマダ やまだ 山田 abc ＡＢＣ ｶ"),
            "ヤマダ やまだ 山田 abc ＡＢＣ カ");
  EXPECT_EQ(FullWidthKatakana(""), "");
  EXPECT_EQ(FullWidthKatakana("\xEF\xBD"), "\xEF\xBD");  // truncated UTF-8 kept as it is
  EXPECT_TRUE(IsKana(FullWidthKatakana("ﾔﾏﾀﾞ ﾊﾅｺ")));
}

// Issue #13: the consent's typed name is the patient's, however it is spaced or written in kana.
TEST(SignerNameMatches, KanjiOrKanaWithAnySpacingAndHiraganaAsKatakana) {
  const char* kanji = "山田 花子";
  const char* kana = "ヤマダ ハナコ";
  for (const char* typed : {"山田 花子", "山田花子", "山田　花子", " 山田 花子 ", "ヤマダハナコ",
                            "やまだ はなこ", "ヤマダ・ハナコ"})
    EXPECT_TRUE(SignerNameMatches(typed, kanji, kana)) << typed;
  for (const char* typed : {"x", "", "  ", "山田 太郎", "田中 花子", "山田", "ヤマダ ハナ"})
    EXPECT_FALSE(SignerNameMatches(typed, kanji, kana)) << typed;
  EXPECT_TRUE(SignerNameMatches("anna SMITH", "Anna Smith", "アンナ スミス"));
  EXPECT_TRUE(SignerNameMatches("ＡＮＮＡ ＳＭＩＴＨ", "Anna Smith", "アンナ スミス"));
  EXPECT_TRUE(SignerNameMatches("ﾔﾏﾀﾞ ﾊﾅｺ", kanji, kana));
}

}  // namespace
}  // namespace exo::treatment
