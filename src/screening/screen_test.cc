#include "screening/screen.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "screening/test_support.h"

namespace exo::screening {
namespace {

using nlohmann::json;

Screening ScreenDoc(const json& doc) {
  static Intake keep;
  keep = ParseIntake(doc.dump()).value();
  return Screen(keep, testing::RepoRules());
}

const Flag* FindFlag(const Screening& s, const std::string& rule) {
  for (const auto& f : s.flags)
    if (f.rule->id == rule) return &f;
  return nullptr;
}

json Minimal() {
  return json{{"schema", "exoclinic.intake/1"},
              {"age", 40},
              {"weight_kg", 60},
              {"planned_routes", {"iv", "injection", "microneedle", "topical"}}};
}

TEST(Screening, RepositoryRulesLoadWithSources) {
  const auto& r = testing::RepoRules();
  EXPECT_GE(r.rules.size(), 25u);
  for (const auto& rule : r.rules) EXPECT_FALSE(rule.source.empty()) << rule.id;
  EXPECT_NE(r.FindDrug("ワルファリン"), nullptr);
  EXPECT_EQ(r.FindDrug("Cyclosporine")->name, "ciclosporin");
}

TEST(Screening, ExampleIntakeFlagsWhatToDiscuss) {
  const Screening s = ScreenDoc(testing::ExampleIntake());
  // Autoimmune disease: physician review; aspirin: caution for injection and microneedling.
  ASSERT_NE(FindFlag(s, "autoimmune"), nullptr);
  EXPECT_EQ(FindFlag(s, "autoimmune")->rule->severity, Severity::kPhysicianReview);
  const Flag* aspirin = FindFlag(s, "antiplatelet");
  ASSERT_NE(aspirin, nullptr);
  EXPECT_EQ(aspirin->matched, std::vector<std::string>{"aspirin"});
  EXPECT_TRUE(aspirin->routes.Has(Route::kMicroneedle));
  EXPECT_FALSE(aspirin->routes.Has(Route::kIv));
  // Lifestyle: short sleep, irregular diet, post-menopause are info only. PSS-10 21 lies in the
  // moderate band (14-26), so the high-stress note stays away.
  for (const char* id : {"sleep_short", "diet", "menopause"}) {
    ASSERT_NE(FindFlag(s, id), nullptr) << id;
    EXPECT_EQ(FindFlag(s, id)->rule->severity, Severity::kInfo);
  }
  EXPECT_EQ(FindFlag(s, "stress_high"), nullptr);
  EXPECT_EQ(FindFlag(s, "smoking"), nullptr);
  // Levothyroxine is known: nothing unknown.
  EXPECT_TRUE(s.unknown_medications.empty());
  EXPECT_FALSE(s.HasContraindicationFor(Route::kMicroneedle));
  // Most severe first.
  for (size_t i = 1; i < s.flags.size(); ++i)
    EXPECT_LE(static_cast<int>(s.flags[i - 1].rule->severity),
              static_cast<int>(s.flags[i].rule->severity));
}

TEST(Screening, HighStressNoteStartsAtTheHighBandOfPss10) {
  json doc = Minimal();
  doc["lifestyle"] = {{"stress_pss10", 26}};
  EXPECT_EQ(FindFlag(ScreenDoc(doc), "stress_high"), nullptr);
  doc["lifestyle"] = {{"stress_pss10", 27}};
  const Screening s = ScreenDoc(doc);
  ASSERT_NE(FindFlag(s, "stress_high"), nullptr);
  EXPECT_EQ(FindFlag(s, "stress_high")->rule->severity, Severity::kInfo);
}

TEST(Screening, PregnancyContraindicatesEveryPlannedRoute) {
  json doc = Minimal();
  doc["conditions"] = {"pregnancy"};
  const Screening s = ScreenDoc(doc);
  for (Route r : kAllRoutes) EXPECT_TRUE(s.HasContraindicationFor(r));
  EXPECT_EQ(s.flags.front().rule->id, "pregnancy_lactation");
}

TEST(Screening, AnticoagulantsMatterForNeedlesNotForIv) {
  json doc = Minimal();
  doc["medications"] = {"Apixaban"};
  doc["planned_routes"] = {"iv"};
  EXPECT_EQ(FindFlag(ScreenDoc(doc), "anticoagulant"), nullptr);
  doc["planned_routes"] = {"iv", "microneedle"};
  const Screening s = ScreenDoc(doc);
  const Flag* f = FindFlag(s, "anticoagulant");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(RouteSetToString(f->routes), "microneedle");
}

TEST(Screening, UnknownDrugsAndConditionsAreReportedNotIgnored) {
  json doc = Minimal();
  doc["medications"] = {"warfarin", "zyxoprofen"};
  doc["conditions"] = {"mystery syndrome"};
  const Screening s = ScreenDoc(doc);
  EXPECT_EQ(s.unknown_medications, std::vector<std::string>{"zyxoprofen"});
  ASSERT_NE(FindFlag(s, "unknown_medication"), nullptr);
  EXPECT_EQ(FindFlag(s, "unknown_medication")->matched, std::vector<std::string>{"zyxoprofen"});
  EXPECT_EQ(s.unknown_conditions, std::vector<std::string>{"mystery syndrome"});
  ASSERT_NE(FindFlag(s, "anticoagulant"), nullptr);
}

TEST(Screening, KeloidIsContraindicatedForMicroneedlingOnly) {
  json doc = Minimal();
  doc["conditions"] = {"keloid"};
  const Screening s = ScreenDoc(doc);
  EXPECT_TRUE(s.HasContraindicationFor(Route::kMicroneedle));
  EXPECT_FALSE(s.HasContraindicationFor(Route::kInjection));
  EXPECT_NE(FindFlag(s, "keloid_injection"), nullptr);
}

TEST(Screening, AgeAllergiesAndIsotretinoin) {
  json doc = Minimal();
  doc["age"] = 17;
  doc["allergies"] = {"Fetal bovine serum", "shrimp"};
  doc["medications"] = {"isotretinoin"};
  const Screening s = ScreenDoc(doc);
  EXPECT_NE(FindFlag(s, "under_18"), nullptr);
  ASSERT_NE(FindFlag(s, "product_component_allergy"), nullptr);
  EXPECT_EQ(FindFlag(s, "product_component_allergy")->matched,
            std::vector<std::string>{"fetal bovine serum"});
  EXPECT_NE(FindFlag(s, "multiple_allergies"), nullptr);
  EXPECT_EQ(FindFlag(s, "isotretinoin")->rule->severity, Severity::kPhysicianReview);
  doc["age"] = 18;
  EXPECT_EQ(FindFlag(ScreenDoc(doc), "under_18"), nullptr);
}

TEST(Screening, IvWithoutWeightAsksForIt) {
  json doc = Minimal();
  doc.erase("weight_kg");
  EXPECT_NE(FindFlag(ScreenDoc(doc), "iv_weight_missing"), nullptr);
  doc["planned_routes"] = {"topical"};
  EXPECT_EQ(FindFlag(ScreenDoc(doc), "iv_weight_missing"), nullptr);
}

TEST(Screening, JsonCarriesBothLanguagesAndNeverSaysSuitable) {
  json doc = Minimal();
  doc["conditions"] = {"autoimmune"};
  const json out = ScreeningToJson(ScreenDoc(doc), testing::RepoRules(), Lang::kJa);
  ASSERT_EQ(out["flags"].size(), 1u);
  EXPECT_EQ(out["flags"][0]["rule"], "autoimmune");
  EXPECT_EQ(out["flags"][0]["severity"], "physician_review");
  EXPECT_FALSE(out["flags"][0]["reason"]["ja"].get<std::string>().empty());
  EXPECT_FALSE(out["flags"][0]["reason"]["en"].get<std::string>().empty());
  EXPECT_EQ(out["summary"]["physician_review"], 1);
  const std::string en = ScreeningToText(ScreenDoc(Minimal()), testing::RepoRules(), Lang::kEn);
  // "suitable" appears once: in "not ... a finding that you are suitable".
  EXPECT_NE(en.find("not a diagnosis or a finding that you are suitable"), std::string::npos);
  EXPECT_EQ(en.find("suitable"), en.rfind("suitable"));
}

// Issue #14: a stored screening keeps ids and both reasons; the text is rendered when read, in
// the reader's language, also for rows stored rendered in English before.
TEST(Screening, StoredRecordIsRenderedInTheReadersLanguage) {
  json doc = Minimal();
  doc["conditions"] = {"autoimmune"};
  const json stored = ScreeningRecordJson(ScreenDoc(doc));
  EXPECT_FALSE(stored.contains("lang"));
  EXPECT_FALSE(stored.contains("disclaimer"));
  EXPECT_FALSE(stored["flags"][0].contains("text"));
  const json ja = RenderScreeningJson(stored, Lang::kJa);
  EXPECT_EQ(ja["lang"], "ja");
  EXPECT_EQ(ja["flags"][0]["text"], stored["flags"][0]["reason"]["ja"]);
  EXPECT_EQ(ja["flags"][0]["severity_label"], Label("severity", "physician_review", Lang::kJa));
  EXPECT_NE(ja["flags"][0]["severity_label"], "physician_review");
  json old = ScreeningToJson(ScreenDoc(doc), testing::RepoRules(), Lang::kEn);  // as stored before
  ASSERT_EQ(old["lang"], "en");
  const json reread = RenderScreeningJson(old, Lang::kJa);
  EXPECT_EQ(reread["flags"][0]["text"], old["flags"][0]["reason"]["ja"]);
  EXPECT_EQ(reread["disclaimer"], Message("screen.disclaimer", Lang::kJa));
}

TEST(ScreeningRules, BadRuleFilesNameThePart) {
  const std::string meds =
      testing::ReadFile(std::string(EXO_SOURCE_DIR) + "/rules/medications.toml");
  auto r = ParseScreeningRules(
      "[conditions]\nx = { ja = 'x', en = 'x' }\n[[rule]]\nid = 'r1'\nseverity = 'maybe'\n"
      "routes = ['iv']\nwhen.conditions_any = ['y']\nreason.ja = 'a'\nreason.en = 'b'\nsource = "
      "'s'\n",
      meds);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields[0].field, "r1.severity");
  EXPECT_EQ(r.error().fields[1].field, "r1.when.conditions_any");
}

}  // namespace
}  // namespace exo::screening
