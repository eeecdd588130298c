#include "outcome/questionnaire.h"

#include <gtest/gtest.h>

namespace exo::outcome {
namespace {

using A = std::vector<std::optional<int>>;

TEST(Phq9, WorkedExampleModerateWithItemNineAlert) {
  // 2+1+2+1+1+2+1+0+1 = 11: moderate; item 9 = 1 needs same-day follow-up.
  auto s = ScoreQuestionnaire(Questionnaire::kPhq9, A{2, 1, 2, 1, 1, 2, 1, 0, 1});
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(s->total, 11);
  EXPECT_EQ(s->band, "moderate");
  EXPECT_EQ(s->alerts, std::vector<std::string>{"phq9_item9_positive"});
}

TEST(Phq9, BandsAtTheirCutOffs) {
  const auto band = [](int total) {
    A a(9, 0);
    for (int i = 0; i < 8 && total > 0; ++i) {
      const int x = std::min(3, total);
      a[static_cast<size_t>(i)] = x;
      total -= x;
    }
    return ScoreQuestionnaire(Questionnaire::kPhq9, a)->band;
  };
  EXPECT_EQ(band(4), "minimal");
  EXPECT_EQ(band(5), "mild");
  EXPECT_EQ(band(10), "moderate");
  EXPECT_EQ(band(15), "moderately_severe");
  EXPECT_EQ(band(20), "severe");
}

TEST(Phq9, TwoBlanksAreProratedThreeAreNot) {
  // 7 answered items summing to 7: 7 x 9/7 = 9.
  auto s =
      ScoreQuestionnaire(Questionnaire::kPhq9, A{1, 1, 1, 1, 1, 1, 1, std::nullopt, std::nullopt});
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->prorated);
  EXPECT_DOUBLE_EQ(s->total, 9.0);
  EXPECT_EQ(s->alerts, std::vector<std::string>{"phq9_item9_unanswered"});
  auto too_many = ScoreQuestionnaire(Questionnaire::kPhq9,
                                     A{1, 1, 1, 1, 1, 1, std::nullopt, std::nullopt, std::nullopt});
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().fields[0].field, "/answers");
}

TEST(Pss10, ReverseItemsFourFiveSevenEight) {
  // All answers 2 -> 20 whatever the reversal; all 0 -> reversed items give 4 each = 16.
  EXPECT_DOUBLE_EQ(ScoreQuestionnaire(Questionnaire::kPss10, A(10, 2))->total, 20);
  auto zeros = ScoreQuestionnaire(Questionnaire::kPss10, A(10, 0));
  EXPECT_DOUBLE_EQ(zeros->total, 16);
  EXPECT_EQ(zeros->band, "moderate");
  // Worked example: 3,2,3,1,1,2,0,1,3,2 -> 3+2+3+(4-1)+(4-1)+2+(4-0)+(4-1)+3+2 = 28 high.
  auto s = ScoreQuestionnaire(Questionnaire::kPss10, A{3, 2, 3, 1, 1, 2, 0, 1, 3, 2});
  EXPECT_DOUBLE_EQ(s->total, 28);
  EXPECT_EQ(s->band, "high");
}

TEST(K6, SeriousDistressFromThirteen) {
  EXPECT_EQ(ScoreQuestionnaire(Questionnaire::kK6, A{3, 2, 2, 2, 2, 2})->band, "serious");
  EXPECT_EQ(ScoreQuestionnaire(Questionnaire::kK6, A{2, 2, 2, 2, 2, 2})->band, "moderate");
  EXPECT_EQ(ScoreQuestionnaire(Questionnaire::kK6, A{0, 1, 1, 0, 1, 1})->band, "low");
  EXPECT_FALSE(ScoreQuestionnaire(Questionnaire::kK6, A{0, 1, 1, 0, 1, std::nullopt}).has_value());
}

TEST(ChalderCfq11, LikertBimodalAndSubScores) {
  // Physical 1-7: 2,2,1,1,3,2,1 = 12; mental 8-11: 1,2,0,1 = 4; Likert 16.
  // Bimodal (2 or 3 -> 1): items 1,2,5,6,9 = 5 -> case (>= 4).
  auto s = ScoreQuestionnaire(Questionnaire::kChalderCfq11, A{2, 2, 1, 1, 3, 2, 1, 1, 2, 0, 1});
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(s->total, 16);
  EXPECT_DOUBLE_EQ(s->sub_scores[0].value, 12);
  EXPECT_DOUBLE_EQ(s->sub_scores[1].value, 4);
  EXPECT_DOUBLE_EQ(s->sub_scores[2].value, 5);
  EXPECT_EQ(s->band, "case");
}

TEST(Questionnaires, OutOfRangeAnswersNameTheItem) {
  auto s = ScoreQuestionnaire(Questionnaire::kPhq9, A{0, 0, 4, 0, 0, -1, 0, 0, 0});
  ASSERT_FALSE(s.has_value());
  ASSERT_EQ(s.error().fields.size(), 2u);
  EXPECT_EQ(s.error().fields[0].field, "/answers/3");
  EXPECT_EQ(s.error().fields[1].field, "/answers/6");
  auto count = ScoreQuestionnaire(Questionnaire::kK6, A{1, 1});
  EXPECT_EQ(count.error().fields[0].message_id, "err.item_count");
  EXPECT_EQ(ParseQuestionnaire("pss10"), Questionnaire::kPss10);
  EXPECT_FALSE(ParseQuestionnaire("bdi").has_value());
}

TEST(Psqi, WorkedExamplePoorSleeper) {
  // Bed 23:00, 20 min to sleep, up 06:30, 6 h asleep; 5a = 2; 5b-5i = 1,1,0,2,0,0,1,0; 5j blank;
  // quality 2, no medication, staying awake 1, enthusiasm 1.
  // C1 2 | C2 latency 1 + 5a 2 = 3 -> 2 | C3 6 h -> 1 | C4 360/450 = 80% -> 1 | C5 5 -> 1 |
  // C6 0 | C7 1 + 1 = 2 -> 1. Global 8: poor (> 5).
  auto s = ScoreQuestionnaire(Questionnaire::kPsqi, A{1380, 20, 390, 360, 2, 1, 1, 0, 2, 0, 0, 1, 0,
                                                      std::nullopt, 2, 0, 1, 1});
  ASSERT_TRUE(s.has_value()) << s.error().fields[0].field;
  EXPECT_DOUBLE_EQ(s->total, 8);
  EXPECT_EQ(s->band, "poor");
  ASSERT_GE(s->sub_scores.size(), 8u);
  const std::vector<double> expected = {2, 2, 1, 1, 1, 0, 1, 80};
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_DOUBLE_EQ(s->sub_scores[i].value, expected[i]) << s->sub_scores[i].name;
}

TEST(Psqi, GoodSleeperAndComponentBoundaries) {
  // Bed 22:30, 10 min, up 06:30, 7.5 h asleep, nothing else: every component 0.
  A a{1350, 10, 390, 450, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto s = ScoreQuestionnaire(Questionnaire::kPsqi, a);
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(s->total, 0);
  EXPECT_EQ(s->band, "good");
  // Exactly 5 h asleep is "5-6 h" (2); 4 h 59 min is "< 5 h" (3).
  a[3] = 300;
  EXPECT_DOUBLE_EQ(ScoreQuestionnaire(Questionnaire::kPsqi, a)->sub_scores[2].value, 2);
  a[3] = 299;
  EXPECT_DOUBLE_EQ(ScoreQuestionnaire(Questionnaire::kPsqi, a)->sub_scores[2].value, 3);
  // Global 6 is the first "poor" score.
  a = {1350, 10, 390, 450, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0};
  EXPECT_EQ(ScoreQuestionnaire(Questionnaire::kPsqi, a)->band, "poor");
}

TEST(Psqi, NamesTheItemOutOfRangeAndRefusesBlanksExcept5j) {
  A a{1500, 10, 390, 450, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4};
  auto s = ScoreQuestionnaire(Questionnaire::kPsqi, a);
  ASSERT_FALSE(s.has_value());
  ASSERT_EQ(s.error().fields.size(), 2u);
  EXPECT_EQ(s.error().fields[0].field, "/answers/1");
  EXPECT_EQ(s.error().fields[1].field, "/answers/18");
  a = {1350, std::nullopt, 390, 450, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_FALSE(ScoreQuestionnaire(Questionnaire::kPsqi, a).has_value());
}

}  // namespace
}  // namespace exo::outcome
