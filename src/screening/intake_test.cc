#include "screening/intake.h"

#include <gtest/gtest.h>

#include "screening/test_support.h"

namespace exo::screening {
namespace {

using nlohmann::json;

TEST(Intake, ParsesTheExample) {
  auto in = ParseIntake(testing::ExampleIntake().dump());
  ASSERT_TRUE(in.has_value()) << RenderError(in.error(), Lang::kEn);
  EXPECT_EQ(in->age, 52);
  EXPECT_EQ(in->sex, "female");
  EXPECT_DOUBLE_EQ(*in->weight_kg, 58.5);
  EXPECT_EQ(in->planned_routes, (std::vector<Route>{Route::kMicroneedle, Route::kInjection}));
  EXPECT_EQ(in->medications, (std::vector<std::string>{"aspirin", "levothyroxine"}));
  EXPECT_EQ(in->lifestyle.stress_pss10, 21);
  EXPECT_EQ(in->lifestyle.menopause, "post");
  EXPECT_TRUE(in->missing.empty());
}

TEST(Intake, ImpossibleValuesNameTheField) {
  json doc = testing::ExampleIntake();
  doc["age"] = 130;
  doc["weight_kg"] = 0;
  doc["lifestyle"]["stress_pss10"] = 21.5;
  doc["lifestyle"]["diet"] = "keto";
  doc["planned_routes"] = {"iv", "oral"};
  auto in = ParseIntake(doc.dump());
  ASSERT_FALSE(in.has_value());
  std::vector<std::string> fields;
  for (const auto& f : in.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/age", "/weight_kg", "/planned_routes/1",
                                              "/lifestyle/stress_pss10", "/lifestyle/diet"}));
  EXPECT_EQ(in.error().fields[0].message_id, "err.out_of_range");
  EXPECT_EQ(RenderFieldError(in.error().fields[3], Lang::kEn),
            "/lifestyle/stress_pss10: expected a whole number from 0 to 40, got 21.5");
}

TEST(Intake, MissingAnswersAreListedNotGuessed) {
  auto in = ParseIntake(R"({"schema": "exoclinic.intake/1", "age": 40})");
  ASSERT_TRUE(in.has_value());
  EXPECT_FALSE(in->weight_kg.has_value());
  EXPECT_NE(std::find(in->missing.begin(), in->missing.end(), "/weight_kg"), in->missing.end());
  EXPECT_NE(std::find(in->missing.begin(), in->missing.end(), "/lifestyle"), in->missing.end());
}

TEST(Intake, WrongSchemaAndTypes) {
  auto bad = ParseIntake(R"({"schema": "exoclinic.certificate/1", "medications": "aspirin"})");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].field, "/schema");
  EXPECT_EQ(bad.error().fields[1].field, "/medications");
  EXPECT_EQ(bad.error().fields[1].message_id, "err.expected_array");
  EXPECT_FALSE(ParseIntake("not json").has_value());
}

}  // namespace
}  // namespace exo::screening
