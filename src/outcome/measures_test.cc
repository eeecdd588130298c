#include "outcome/measures.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
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

// The questionnaires' named stretches (DOMAIN.md §4): the PHQ-9's five bands edge to edge,
// PSQI's cut-off above 5, K6's serious distress from 13; each catalogue band with its source.
TEST(Measures, ReferenceBandsComeWithTheirSourceAndStayInsideTheScale) {
  std::map<std::string, Measure> by_id;
  for (auto& m : Repo()) by_id.emplace(m.id, m);
  const auto& phq9 = by_id.at("phq9").bands;
  ASSERT_EQ(phq9.size(), 5u);
  for (size_t i = 1; i < phq9.size(); ++i) EXPECT_EQ(phq9[i].from, phq9[i - 1].to);
  EXPECT_EQ(phq9[2].from, 10);
  EXPECT_EQ(phq9[2].label.ja, "10〜14 中等度");
  EXPECT_EQ(by_id.at("psqi").bands[1].from, 5.5);  // 6 or more on a whole-number scale
  EXPECT_EQ(by_id.at("k6").bands.front().from, 13);
  EXPECT_TRUE(by_id.at("cfq11").bands.empty());  // no validated cut-off for the Likert score
  for (const auto& [id, m] : by_id) {
    if (!m.bands.empty()) {
      EXPECT_FALSE(m.bands_source.ja.empty() || m.bands_source.en.empty()) << id;
    }
  }
}

TEST(Measures, BandsThatOverlapLeaveTheScaleOrLackASourceAreRefused) {
  const std::string head = R"(schema = "exoclinic.measures/1"
[[measure]]
id = "x"
domain = "systemic"
name = { ja = "X", en = "X" }
unit = "score 0-10"
min = 0
max = 10
direction = "lower_better"
recorded_by = ["patient"]
source = "s"
)";
  const auto band = [](int from, int to) {
    return "[[measure.band]]\nfrom = " + std::to_string(from) + "\nto = " + std::to_string(to) +
           "\nlabel = { ja = \"b\", en = \"b\" }\n";
  };
  const auto field = [](const std::string& text) {
    auto m = ParseMeasures(text);
    return m ? std::string("accepted") : m.error().fields.at(0).field;
  };
  EXPECT_EQ(field(head + "bands_source = { ja = \"s\", en = \"s\" }\n" + band(0, 5) + band(5, 10)),
            "accepted");
  EXPECT_EQ(field(head + "bands_source = { ja = \"s\", en = \"s\" }\n" + band(0, 6) + band(5, 10)),
            "x.band[1].from");
  EXPECT_EQ(field(head + "bands_source = { ja = \"s\", en = \"s\" }\n" + band(0, 11)),
            "x.band[0].from");
  EXPECT_EQ(field(head + "bands_source = { ja = \"s\", en = \"s\" }\n" + band(4, 4)),
            "x.band[0].from");
  EXPECT_EQ(field(head + band(0, 5)), "x.bands_source.ja");
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
