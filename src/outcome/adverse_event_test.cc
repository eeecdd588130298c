#include "outcome/adverse_event.h"

#include <gtest/gtest.h>

namespace exo::outcome {
namespace {

const Date kToday = *Date::Parse("2026-11-24");
const std::vector<std::string> kTerms = {"Pyrexia", "Granuloma skin"};

TEST(AdverseEvent, ParsesACodedSeriousEvent) {
  auto e = ParseAdverseEvent(
      R"({"patient_id": 1, "onset_date": "2026-11-20", "description": "fever 39.2 after drip",
      "term": "Pyrexia", "ctcae_grade": 3, "serious": true, "seriousness_criteria": ["hospitalisation"],
      "causality": "probable", "action_taken": "admitted, antibiotics", "outcome": "recovering",
      "session_ids": [4]})",
      kToday, kTerms);
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->term_coded);
  EXPECT_TRUE(e->Alert());
  EXPECT_EQ(e->session_ids, std::vector<int64_t>{4});
}

TEST(AdverseEvent, FreeTextTermIsUncodedAndMildEventsDoNotAlert) {
  auto e = ParseAdverseEvent(R"({"patient_id": 1, "onset_date": "2026-11-20", "description": "itch",
      "term": "itchy cheeks", "ctcae_grade": 1, "serious": false, "causality": "possible",
      "outcome": "recovered"})",
                             kToday, kTerms);
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->term_coded);
  EXPECT_FALSE(e->Alert());
}

TEST(AdverseEvent, InconsistentOrImpossibleValuesNameTheField) {
  auto e = ParseAdverseEvent(R"({"patient_id": 1, "onset_date": "2026-12-01", "description": "x",
      "term": "Pyrexia", "ctcae_grade": 6, "serious": "yes", "causality": "likely", "outcome": "fine"})",
                             kToday, kTerms);
  ASSERT_FALSE(e.has_value());
  std::vector<std::string> fields;
  for (const auto& f : e.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/onset_date", "/ctcae_grade", "/serious",
                                              "/causality", "/outcome"}));
  auto no_criteria =
      ParseAdverseEvent(R"({"patient_id": 1, "onset_date": "2026-11-20", "description": "x",
      "term": "Sepsis", "ctcae_grade": 4, "serious": true, "causality": "possible", "outcome": "recovering"})",
                        kToday, kTerms);
  EXPECT_EQ(no_criteria.error().fields[0].field, "/seriousness_criteria");
  auto grade5 =
      ParseAdverseEvent(R"({"patient_id": 1, "onset_date": "2026-11-20", "description": "x",
      "term": "Sepsis", "ctcae_grade": 5, "serious": true, "seriousness_criteria": ["hospitalisation"],
      "causality": "possible", "outcome": "recovering"})",
                        kToday, kTerms);
  EXPECT_EQ(grade5.error().fields[0].field, "/ctcae_grade");
  EXPECT_EQ(grade5.error().fields[0].message_id, "err.grade5_fatal");
}

}  // namespace
}  // namespace exo::outcome
