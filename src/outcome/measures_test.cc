#include "outcome/measures.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace exo::outcome {
namespace {

std::vector<Measure> Repo() {
  std::ifstream in(std::string(EXO_SOURCE_DIR) + "/rules/measures.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  auto m = ParseMeasures(ss.str());
  EXPECT_TRUE(m.has_value()) << (m ? "" : RenderError(m.error(), Lang::kEn));
  return m ? *m : std::vector<Measure>{};
}

TEST(Measures, CatalogueHasEveryMeasureTheIssueNames) {
  std::set<std::string> ids;
  for (const auto& m : Repo()) {
    ids.insert(m.id);
    EXPECT_FALSE(m.source.empty()) << m.id;
    EXPECT_FALSE(m.name.ja.empty()) << m.id;
  }
  for (const char* id : {"gais_physician",
                         "gais_patient",
                         "firmness_self",
                         "gloss_self",
                         "fine_wrinkles_self",
                         "texture_self",
                         "tone_self",
                         "lemperle_wrinkle",
                         "cutometer_r2",
                         "cutometer_r5",
                         "cutometer_r7",
                         "corneometer",
                         "tewl",
                         "melanin_index",
                         "erythema_index",
                         "ita_degrees",
                         "hair_density",
                         "hair_shaft_mm",
                         "hair_shedding",
                         "cfq11",
                         "phq9",
                         "k6",
                         "psqi",
                         "pss10"})
    EXPECT_TRUE(ids.count(id)) << id;
}

TEST(Measures, ValuesOutsideTheRangeOrNotWholeAreRejected) {
  const auto all = Repo();
  const Measure* gais = nullptr;
  for (const auto& m : all)
    if (m.id == "gais_physician") gais = &m;
  ASSERT_NE(gais, nullptr);
  EXPECT_TRUE(CheckMeasurement(*gais, 3, "/value").has_value());
  EXPECT_EQ(CheckMeasurement(*gais, 6, "/value").error().fields[0].message_id, "err.out_of_range");
  EXPECT_EQ(CheckMeasurement(*gais, 2.5, "/value").error().fields[0].field, "/value");
}

TEST(Ita, ComputedFromLabWithItsCategory) {
  // L* 65, b* 15: arctan(1) = 45 degrees: light.
  EXPECT_NEAR(*ItaDegrees(65, 15), 45.0, 1e-9);
  EXPECT_EQ(ItaCategory(45), "light");
  EXPECT_EQ(ItaCategory(56), "very_light");
  EXPECT_EQ(ItaCategory(30), "intermediate");
  EXPECT_EQ(ItaCategory(20), "tan");
  EXPECT_EQ(ItaCategory(0), "brown");
  EXPECT_EQ(ItaCategory(-40), "dark");
  EXPECT_FALSE(ItaDegrees(65, 0).has_value());
  EXPECT_EQ(ItaDegrees(120, 10).error().fields[0].field, "l_star");
}

}  // namespace
}  // namespace exo::outcome
