#include "outcome/measurement.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace exo::outcome {
namespace {

std::vector<Measure> Catalogue() {
  std::ifstream in(std::string(EXO_SOURCE_DIR) + "/rules/measures.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  return *ParseMeasures(ss.str());
}

const Date kToday = *Date::Parse("2026-11-24");

TEST(Measurement, PlainValueWithinRange) {
  auto e = ParseMeasurement(
      R"({"patient_id": 3, "measure": "corneometer", "measured_on": "2026-11-20", "value": 48.5,
          "time_point": "baseline", "photo": "img-0012.jpg"})",
      Catalogue(), kToday);
  ASSERT_TRUE(e.has_value()) << e.error().fields[0].field;
  EXPECT_EQ(e->patient_id, 3);
  EXPECT_DOUBLE_EQ(e->value, 48.5);
  EXPECT_EQ(e->baseline, true);
  EXPECT_EQ(e->photo, "img-0012.jpg");
}

TEST(Measurement, EveryBadFieldIsNamed) {
  auto e = ParseMeasurement(
      R"({"patient_id": "x", "measure": "gais_physician", "measured_on": "2026-12-01",
          "value": 9, "time_point": "later", "session_id": -1})",
      Catalogue(), kToday);
  ASSERT_FALSE(e.has_value());
  std::vector<std::string> fields;
  for (const auto& f : e.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/patient_id", "/measured_on", "/time_point",
                                              "/session_id", "/value"}));
  auto unknown = ParseMeasurement(
      R"({"patient_id": 1, "measure": "iq", "measured_on": "2026-11-01", "value": 1})", Catalogue(),
      kToday);
  EXPECT_EQ(unknown.error().fields[0].message_id, "err.unknown_measure");
}

TEST(Measurement, QuestionnaireIsScoredFromItsAnswers) {
  auto e = ParseMeasurement(
      R"({"patient_id": 1, "measure": "pss10", "measured_on": "2026-11-01",
          "answers": [2, 2, 2, 1, 1, 2, 1, 1, 2, 2]})",
      Catalogue(), kToday);
  ASSERT_TRUE(e.has_value());
  // 2+2+2+(4-1)+(4-1)+2+(4-1)+(4-1)+2+2 = 24: moderate.
  EXPECT_DOUBLE_EQ(e->value, 24);
  const auto detail = nlohmann::json::parse(e->detail_json);
  EXPECT_EQ(detail["band"], "moderate");
  auto bad = ParseMeasurement(
      R"({"patient_id": 1, "measure": "pss10", "measured_on": "2026-11-01",
          "answers": [2, 2, 2, 1, 7, 2, 1, 1, 2, 2]})",
      Catalogue(), kToday);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].field, "/answers/5");
}

TEST(Measurement, ItaIsComputedFromLab) {
  auto e = ParseMeasurement(
      R"({"patient_id": 1, "measure": "ita_degrees", "measured_on": "2026-11-01",
          "l_star": 65, "b_star": 15})",
      Catalogue(), kToday);
  ASSERT_TRUE(e.has_value());
  EXPECT_DOUBLE_EQ(e->value, 45);
  EXPECT_EQ(nlohmann::json::parse(e->detail_json)["category"], "light");
  auto bad = ParseMeasurement(
      R"({"patient_id": 1, "measure": "ita_degrees", "measured_on": "2026-11-01", "l_star": 65})",
      Catalogue(), kToday);
  EXPECT_EQ(bad.error().fields[0].field, "/b_star");
}

TEST(Measurement, TimePointAgainstTheFirstSession) {
  MeasurementEntry e;
  e.measured_on = *Date::Parse("2026-10-01");
  bool baseline = false;
  // No session yet: a baseline, whatever the date.
  auto t = CheckTimePoint(e, std::nullopt, std::nullopt, baseline);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(baseline);
  EXPECT_FALSE(t->has_value());
  e.baseline = false;
  EXPECT_EQ(CheckTimePoint(e, std::nullopt, std::nullopt, baseline).error().fields[0].field,
            "/time_point");
  // First session (#7) 2026-09-03: 28 days after it, a follow-up.
  const SessionDay first{7, *Date::Parse("2026-09-03")};
  t = CheckTimePoint(e, first, std::nullopt, baseline);
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(baseline);
  EXPECT_EQ(**t, 28);
  // A baseline after the first session is refused, naming that session; a follow-up before it
  // too.
  e.baseline = true;
  const auto late = CheckTimePoint(e, first, std::nullopt, baseline).error().fields[0];
  EXPECT_EQ(late.message_id, "err.baseline_after_first_session");
  EXPECT_EQ(late.args, (std::vector<std::string>{"2026-10-01", "7", "2026-09-03"}));
  e.baseline = false;
  e.measured_on = *Date::Parse("2026-09-01");
  EXPECT_EQ(CheckTimePoint(e, first, std::nullopt, baseline).error().fields[0].field,
            "/measured_on");
  // Unspecified: decided by the date.
  e.baseline.reset();
  t = CheckTimePoint(e, first, std::nullopt, baseline);
  EXPECT_TRUE(baseline);
  EXPECT_EQ(**t, -2);
}

TEST(Measurement, NotBeforeTheSessionItIsLinkedTo) {
  MeasurementEntry e;
  e.measured_on = *Date::Parse("2026-10-01");
  const SessionDay first{7, *Date::Parse("2026-09-03")};
  const SessionDay third{9, *Date::Parse("2026-10-08")};
  bool baseline = false;
  const auto early = CheckTimePoint(e, first, third, baseline);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().fields[0].field, "/measured_on");
  EXPECT_EQ(early.error().fields[0].message_id, "err.measured_before_linked_session");
  EXPECT_EQ(early.error().fields[0].args,
            (std::vector<std::string>{"2026-10-01", "9", "2026-10-08"}));
  // On the session's day, or after it: a follow-up counted from the first session.
  e.measured_on = third.day;
  auto same_day = CheckTimePoint(e, first, third, baseline);
  ASSERT_TRUE(same_day.has_value());
  EXPECT_EQ(**same_day, 35);
}

}  // namespace
}  // namespace exo::outcome
