#include "treatment/plan.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/messages.h"

namespace exo::treatment {
namespace {

const Date kToday = *Date::Parse("2026-11-24");  // a Tuesday

ClinicSettings Clinic() {
  std::ifstream in(std::string(EXO_SOURCE_DIR) + "/rules/clinic.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseClinicSettings(ss.str()).value();
}

std::vector<std::string> Days(const std::vector<Date>& ds) {
  std::vector<std::string> out;
  out.reserve(ds.size());
  for (Date d : ds) out.push_back(d.ToString());
  return out;
}

TEST(Schedule, SkipsSundaysAndTheNewYearHolidays) {
  EXPECT_EQ(Weekday(*Date::Parse("2026-11-29")), 0);  // Sunday
  // 2026-12-15 + 14 = 12-29 (closed to 01-03; 01-04 is a Monday), then 01-18 (Monday).
  EXPECT_EQ(Days(BuildSchedule(*Date::Parse("2026-12-15"), 14, 3, Clinic())),
            (std::vector<std::string>{"2026-12-15", "2027-01-04", "2027-01-18"}));
  // A start on a Sunday moves to Monday.
  EXPECT_EQ(Days(BuildSchedule(*Date::Parse("2026-11-29"), 7, 2, Clinic())),
            (std::vector<std::string>{"2026-11-30", "2026-12-07"}));
}

TEST(ClinicSettingsText, TheWrittenFileReadsBackEqualWithItsComments) {
  const ClinicSettings a = Clinic();
  const std::string text = ClinicSettingsToml(a);
  EXPECT_NE(text.find("# Weekdays the clinic is closed"), std::string::npos);
  const ClinicSettings b = ParseClinicSettings(text).value();
  EXPECT_EQ(b.closed_weekdays, a.closed_weekdays);
  EXPECT_EQ(b.closed_dates, a.closed_dates);
  EXPECT_EQ(b.currency, a.currency);
  EXPECT_DOUBLE_EQ(b.consumption_tax_rate, a.consumption_tax_rate);
  EXPECT_EQ(b.price_per_session, a.price_per_session);
  EXPECT_EQ(b.followup_days, a.followup_days);
  // Quotes in a currency code cannot break out of the string.
  ClinicSettings odd = a;
  odd.currency = "J\"PY";
  EXPECT_EQ(ParseClinicSettings(ClinicSettingsToml(odd)).value().currency, "J\"PY");
  EXPECT_EQ(WeekdayName(6), "saturday");
}

TEST(ClinicSettingsText, TheClinicsIdentityReadsBackAndBadValuesNameTheirKey) {
  ClinicSettings a = Clinic();
  EXPECT_EQ(a.name, "");  // the shipped file invents no clinic
  EXPECT_EQ(a.public_url, "");
  a.name = "青山 \"スキン\" クリニック";
  a.address = "東京都港区南青山 1-2-3";
  a.telephone = "03-1234-5678";
  a.public_url = "https://clinic.example.jp/";
  const ClinicSettings b = ParseClinicSettings(ClinicSettingsToml(a)).value();
  EXPECT_EQ(b.name, a.name);
  EXPECT_EQ(b.address, a.address);
  EXPECT_EQ(b.telephone, a.telephone);
  EXPECT_EQ(b.public_url, "https://clinic.example.jp");  // no trailing slash
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"telephone", "call 03-1234"},
           {"public_url", "clinic.example.jp"},
           {"name", std::string(size_t{101} * 3, 'x')}}) {
    ClinicSettings bad = a;
    (key == "telephone" ? bad.telephone : key == "name" ? bad.name : bad.public_url) = value;
    auto r = ParseClinicSettings(ClinicSettingsToml(bad));
    ASSERT_FALSE(r.has_value()) << key;
    EXPECT_EQ(r.error().fields[0].field, "clinic." + key);
  }
  // 100 kanji are 100 characters (300 bytes): allowed.
  ClinicSettings long_name = a;
  long_name.name.clear();
  for (int i = 0; i < 100; ++i) long_name.name += "院";
  EXPECT_TRUE(ParseClinicSettings(ClinicSettingsToml(long_name)).has_value());
}

TEST(ClinicSettingsText, LoopbackAddressesAreThoseNoPhoneCanOpen) {
  for (const char* url :
       {"http://127.0.0.1:8080", "http://127.1.2.3", "https://localhost", "http://LOCALHOST:8080/x",
        "http://[::1]:8080", "http://0.0.0.0:8080", "http://app.localhost", "", "https://"})
    EXPECT_TRUE(IsLoopbackUrl(url)) << url;
  for (const char* url : {"https://clinic.example.jp", "http://192.168.1.20:8080",
                          "https://127clinic.jp", "https://[2001:db8::1]/"})
    EXPECT_FALSE(IsLoopbackUrl(url)) << url;
}

PlanRequest Request() {
  return ParsePlanRequest(R"({"goals": ["skin"], "route": "iv", "sites": ["whole_body"],
                              "lot_id": 1, "dose_particles": 1.0e10, "interval_days": 28,
                              "sessions": 3, "start_date": "2026-12-01", "infusion_minutes": 30})",
                          kToday)
      .value();
}

PlanFacts GoodFacts() {
  PlanFacts f;
  f.lot_released_for_route = true;
  f.lot_state = "released";
  f.lot_expires_on = Date::Parse("2027-06-01");
  f.particles_per_ml = 2.0e9;
  f.endotoxin_eu_per_ml = 0.12;
  f.vial_volume_ml = 5;
  f.vials_in_stock = 40;
  f.patient_weight_kg = 58.5;
  f.screening_exists = true;
  f.screening_signed_off = true;
  return f;
}

bool Has(const PlanEvaluation& e, const std::string& id) {
  for (const auto& c : e.checks)
    if (c.id == id) return true;
  return false;
}

TEST(PlanChecks, AGoodPlanHasNoErrorAndACostWithTaxApart) {
  const PlanEvaluation e = EvaluatePlan(Request(), GoodFacts(), Clinic());
  EXPECT_TRUE(e.CanActivate());
  EXPECT_DOUBLE_EQ(*e.dose_ml, 5.0);  // 1e10 / 2e9 per mL
  EXPECT_NEAR(*e.iv_endotoxin_eu_per_kg_per_h, 0.12 * 5 / 58.5, 1e-12);
  EXPECT_EQ(e.cost.per_session, 180000);
  EXPECT_EQ(e.cost.subtotal, 540000);
  EXPECT_EQ(e.cost.tax, 54000);
  EXPECT_EQ(e.cost.total, 594000);
  EXPECT_EQ(e.schedule.size(), 3u);
}

TEST(PlanChecks, EachProblemIsNamed) {
  PlanFacts f = GoodFacts();
  f.lot_released_for_route = false;
  f.lot_expires_on = Date::Parse("2027-01-15");  // before the third session (2027-01-26)
  f.vials_in_stock = 2;                          // 2 x 5 mL x 2e9 = 2e10 < 3e10
  f.screening_signed_off = false;
  f.screening_contraindicates_route = true;
  const PlanEvaluation e = EvaluatePlan(Request(), f, Clinic());
  EXPECT_TRUE(Has(e, "lot_not_released"));
  EXPECT_TRUE(Has(e, "lot_expires_before_last_session"));
  EXPECT_TRUE(Has(e, "stock_short"));
  EXPECT_TRUE(Has(e, "screening_not_signed_off"));
  EXPECT_FALSE(e.CanActivate());
  for (const auto& c : e.checks)
    if (c.id == "stock_short") {
      EXPECT_EQ(c.level, CheckLevel::kWarning);
    }
}

TEST(PlanChecks, IvEndotoxinAgainstKAndWeight) {
  PlanFacts f = GoodFacts();
  f.endotoxin_eu_per_ml = 80;  // 80 x 5 mL / 58.5 kg = 6.8 EU/kg/h
  EXPECT_TRUE(Has(EvaluatePlan(Request(), f, Clinic()), "iv_endotoxin_over_k"));
  PlanRequest slow = Request();
  slow.infusion_minutes = 120;  // 3.4 EU/kg/h
  EXPECT_FALSE(Has(EvaluatePlan(slow, f, Clinic()), "iv_endotoxin_over_k"));
  f.patient_weight_kg.reset();
  EXPECT_TRUE(Has(EvaluatePlan(Request(), f, Clinic()), "iv_weight_missing"));
}

TEST(PlanRequest, ImpossibleValuesAreNamed) {
  auto r = ParsePlanRequest(R"({"goals": ["youth"], "route": "oral", "sites": [], "lot_id": 0,
                                "dose_particles": -5, "interval_days": 0, "sessions": 60,
                                "start_date": "2020-01-01"})",
                            kToday);
  ASSERT_FALSE(r.has_value());
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"/goals/0", "/sites", "/route", "/lot_id", "/dose_particles",
                                      "/interval_days", "/sessions", "/start_date"}));
}

// A drip needs its infusion time from the physician, and the sites follow the route: nothing
// is assumed for either.
TEST(PlanRequest, AnIvPlanNeedsItsInfusionTimeAndWholeBodySite) {
  auto r = ParsePlanRequest(R"({"goals": ["skin"], "route": "iv", "sites": ["knee"], "lot_id": 1,
                                "dose_particles": 1e10, "interval_days": 28, "sessions": 3,
                                "start_date": "2026-12-01"})",
                            kToday);
  ASSERT_FALSE(r.has_value());
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/sites/0", "/infusion_minutes"}));

  auto face = ParsePlanRequest(R"({"goals": ["skin"], "route": "iv", "sites": ["face"],
                                   "lot_id": 1, "dose_particles": 1e10, "interval_days": 28,
                                   "sessions": 3, "start_date": "2026-12-01",
                                   "infusion_minutes": 45})",
                               kToday);
  ASSERT_FALSE(face.has_value());
  ASSERT_EQ(face.error().fields.size(), 1u);
  EXPECT_EQ(face.error().fields[0].field, "/sites/0");
  EXPECT_EQ(face.error().fields[0].message_id, "err.site_not_for_route");

  auto topical = ParsePlanRequest(R"({"goals": ["hair"], "route": "topical",
                                      "sites": ["whole_body"], "lot_id": 1,
                                      "dose_particles": 1e9, "interval_days": 14, "sessions": 6,
                                      "start_date": "2026-12-01"})",
                                  kToday);
  ASSERT_FALSE(topical.has_value());
  EXPECT_EQ(topical.error().fields[0].field, "/sites/0");
}

TEST(PlanRequest, SitesSuitTheirRoute) {
  EXPECT_TRUE(SiteFitsRoute("whole_body", Route::kIv));
  EXPECT_FALSE(SiteFitsRoute("face", Route::kIv));
  EXPECT_TRUE(SiteFitsRoute("scalp", Route::kTopical));
  EXPECT_FALSE(SiteFitsRoute("whole_body", Route::kMicroneedle));
}

}  // namespace
}  // namespace exo::treatment
