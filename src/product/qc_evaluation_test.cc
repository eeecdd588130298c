#include "product/qc_evaluation.h"

#include <gtest/gtest.h>

#include "product/test_support.h"

namespace exo::product {
namespace {

using nlohmann::json;
using testing::ExampleCertificate;
using testing::RepoRules;

const Date kToday = *Date::Parse("2026-11-24");

QcReport Evaluate(const json& doc, const QcContext& ctx = {kToday}) {
  auto c = ParseCertificate(doc.dump());
  EXPECT_TRUE(c.has_value()) << RenderError(c.error(), Lang::kEn);
  static Certificate keep;  // the report only points into the rules, not the certificate
  keep = *c;
  return EvaluateCoa(keep, RepoRules(), ctx);
}

CriterionStatus StatusOf(const QcReport& r, const std::string& id) {
  const CriterionResult* c = r.ResultFor(id);
  EXPECT_NE(c, nullptr) << id;
  return c ? c->status : CriterionStatus::kNotApplicable;
}

bool Releasable(const QcReport& r, Route route) { return r.VerdictFor(route)->releasable; }

std::vector<std::string> Blocking(const QcReport& r, Route route) {
  return r.VerdictFor(route)->blocking;
}

TEST(CoaEvaluation, ExampleIsReleasableButFlagsSizeAndPurity) {
  const QcReport r = Evaluate(ExampleCertificate());
  for (Route route : kAllRoutes) EXPECT_TRUE(Releasable(r, route)) << RouteName(route);
  EXPECT_EQ(StatusOf(r, "tests.size"), CriterionStatus::kFail);    // d90 231 nm > 200
  EXPECT_EQ(StatusOf(r, "tests.purity"), CriterionStatus::kFail);  // 5.3e7 p/µg
  EXPECT_EQ(StatusOf(r, "tests.sterility"), CriterionStatus::kPass);
  EXPECT_EQ(StatusOf(r, "tests.endotoxin_iv_dose"), CriterionStatus::kNotApplicable);
  EXPECT_EQ(r.derived.purity_grade, "impure");
  EXPECT_EQ(r.VerdictFor(Route::kIv)->warning_ids,
            std::vector<std::string>{"qc.w.route_not_intended"});
  EXPECT_TRUE(r.VerdictFor(Route::kTopical)->warning_ids.empty());
}

TEST(CoaEvaluation, DerivedValues) {
  const QcReport r = Evaluate(ExampleCertificate());
  EXPECT_DOUBLE_EQ(*r.derived.particles_per_ug_protein, 8.0e9 / 150);
  EXPECT_DOUBLE_EQ(*r.derived.particles_per_vial, 1.6e10);
  EXPECT_DOUBLE_EQ(*r.derived.protein_ug_per_vial, 300);
  EXPECT_DOUBLE_EQ(*r.derived.endotoxin_eu_per_vial, 0.8);
  EXPECT_EQ(*r.derived.days_to_expiry, 251);  // 2026-11-24 -> 2027-08-02
}

TEST(CoaEvaluation, MissingEndotoxinIsNotDisclosedAndBlocksInvasiveRoutes) {
  json doc = ExampleCertificate();
  doc["tests"].erase("endotoxin_eu_per_ml");
  const QcReport r = Evaluate(doc);
  EXPECT_EQ(StatusOf(r, "tests.endotoxin"), CriterionStatus::kNotDisclosed);
  for (Route route : {Route::kIv, Route::kInjection, Route::kMicroneedle}) {
    EXPECT_FALSE(Releasable(r, route));
    EXPECT_EQ(Blocking(r, route), std::vector<std::string>{"tests.endotoxin"});
    EXPECT_TRUE(r.VerdictFor(route)->overridable);
  }
  EXPECT_TRUE(Releasable(r, Route::kTopical));
  EXPECT_NE(std::find(r.not_disclosed.begin(), r.not_disclosed.end(), "/tests/endotoxin_eu_per_ml"),
            r.not_disclosed.end());
}

TEST(CoaEvaluation, SterilityFailureBlocksEveryRouteWithoutOverride) {
  json doc = ExampleCertificate();
  doc["tests"]["sterility"] = "positive";
  const QcReport r = Evaluate(doc);
  for (Route route : kAllRoutes) {
    EXPECT_FALSE(Releasable(r, route));
    EXPECT_FALSE(r.VerdictFor(route)->overridable);
    EXPECT_EQ(r.VerdictFor(route)->final_blocking, std::vector<std::string>{"tests.sterility"});
  }
}

TEST(CoaEvaluation, MycoplasmaNotTestedBlocksInvasiveRoutes) {
  json doc = ExampleCertificate();
  doc["tests"]["mycoplasma"] = "not_tested";
  const QcReport r = Evaluate(doc);
  EXPECT_EQ(StatusOf(r, "tests.mycoplasma"), CriterionStatus::kNotDisclosed);
  EXPECT_FALSE(Releasable(r, Route::kMicroneedle));
  EXPECT_TRUE(Releasable(r, Route::kTopical));
}

TEST(CoaEvaluation, ExpiredLotIsNeverReleasable) {
  const QcReport r = Evaluate(ExampleCertificate(), {*Date::Parse("2027-08-03")});
  EXPECT_EQ(StatusOf(r, "lot.not_expired"), CriterionStatus::kFail);
  EXPECT_EQ(*r.derived.days_to_expiry, -1);
  for (Route route : kAllRoutes) {
    EXPECT_FALSE(Releasable(r, route));
    EXPECT_FALSE(r.VerdictFor(route)->overridable);
  }
  // The expiry day itself is still usable.
  const QcReport same_day = Evaluate(ExampleCertificate(), {*Date::Parse("2027-08-02")});
  EXPECT_TRUE(Releasable(same_day, Route::kTopical));
}

TEST(CoaEvaluation, PlantOriginNeverForIvOrInjection) {
  json doc = ExampleCertificate();
  doc["product"]["origin"] = {
      {"species", "plant"}, {"tissue", "rose callus"}, {"cell_type", "callus"}};
  doc.erase("donor");
  const QcReport r = Evaluate(doc);
  EXPECT_FALSE(r.human_origin);
  EXPECT_EQ(StatusOf(r, "origin.human"), CriterionStatus::kFail);
  EXPECT_EQ(StatusOf(r, "donor.screening"), CriterionStatus::kNotApplicable);
  EXPECT_EQ(StatusOf(r, "donor.consent"), CriterionStatus::kNotApplicable);
  EXPECT_FALSE(Releasable(r, Route::kIv));
  EXPECT_FALSE(r.VerdictFor(Route::kIv)->overridable);
  EXPECT_FALSE(Releasable(r, Route::kInjection));
  EXPECT_TRUE(Releasable(r, Route::kMicroneedle));
  EXPECT_TRUE(Releasable(r, Route::kTopical));
  // Donor fields are left out of the disclosure score for non-human material.
  EXPECT_EQ(r.disclosure[0].total, 10);
  EXPECT_EQ(r.disclosure[0].disclosed, 10);
}

TEST(CoaEvaluation, UnknownSpeciesIsNotDisclosedAndFinalForIv) {
  json doc = ExampleCertificate();
  doc["product"]["origin"].erase("species");
  const QcReport r = Evaluate(doc);
  EXPECT_EQ(StatusOf(r, "origin.human"), CriterionStatus::kNotDisclosed);
  EXPECT_EQ(StatusOf(r, "origin.disclosed"), CriterionStatus::kNotDisclosed);
  EXPECT_FALSE(r.VerdictFor(Route::kIv)->overridable);
  EXPECT_TRUE(Releasable(r, Route::kTopical));
}

TEST(CoaEvaluation, DonorPositiveMarkerFailsEveryRoute) {
  json doc = ExampleCertificate();
  doc["donor"]["screening"]["HBV"] = "positive";
  const QcReport r = Evaluate(doc);
  EXPECT_EQ(StatusOf(r, "donor.screening"), CriterionStatus::kFail);
  for (Route route : kAllRoutes) EXPECT_FALSE(Releasable(r, route));
  doc["donor"]["screening"]["HBV"] = "negative";
  doc["donor"]["screening"].erase("parvovirus_B19");
  const QcReport missing = Evaluate(doc);
  EXPECT_EQ(StatusOf(missing, "donor.screening"), CriterionStatus::kNotDisclosed);
  EXPECT_FALSE(Releasable(missing, Route::kIv));
  EXPECT_TRUE(Releasable(missing, Route::kMicroneedle));
}

TEST(CoaEvaluation, IvEndotoxinDoseUsesWeightVolumeAndInfusionTime) {
  json doc = ExampleCertificate();
  doc["tests"]["endotoxin_eu_per_ml"] = 0.5;
  QcContext ctx{kToday, Route::kIv, 50.0, 600.0, 30.0};
  // 0.5 EU/mL x 600 mL = 300 EU within one hour at 50 kg = 6 EU/kg/h > 5.
  QcReport r = Evaluate(doc, ctx);
  EXPECT_EQ(StatusOf(r, "tests.endotoxin_iv_dose"), CriterionStatus::kFail);
  EXPECT_DOUBLE_EQ(*r.derived.iv_endotoxin_eu_per_kg_per_h, 6.0);
  EXPECT_DOUBLE_EQ(*r.derived.iv_endotoxin_limit_eu, 250.0);
  EXPECT_FALSE(Releasable(r, Route::kIv));
  // The same dose over two hours: 3 EU/kg/h.
  ctx.infusion_minutes = 120;
  r = Evaluate(doc, ctx);
  EXPECT_EQ(StatusOf(r, "tests.endotoxin_iv_dose"), CriterionStatus::kPass);
  EXPECT_DOUBLE_EQ(*r.derived.iv_endotoxin_eu_per_kg_per_h, 3.0);
  // Without a dose volume one vial (2 mL) is assumed.
  ctx.dose_ml.reset();
  r = Evaluate(doc, ctx);
  EXPECT_DOUBLE_EQ(*r.derived.iv_dose_ml, 2.0);
  EXPECT_EQ(StatusOf(r, "tests.endotoxin_iv_dose"), CriterionStatus::kPass);
}

TEST(CoaEvaluation, RouteFilterMakesOtherCriteriaNotApplicable) {
  QcContext ctx{kToday, Route::kTopical};
  const QcReport r = Evaluate(ExampleCertificate(), ctx);
  EXPECT_EQ(r.verdicts.size(), 1u);
  EXPECT_EQ(r.verdicts[0].route, Route::kTopical);
  EXPECT_EQ(StatusOf(r, "tests.endotoxin_iv_dose"), CriterionStatus::kNotApplicable);
  EXPECT_EQ(StatusOf(r, "tests.sterility"), CriterionStatus::kPass);
}

TEST(CoaEvaluation, PurityBandsFollowWebberAndClayton) {
  json doc = ExampleCertificate();
  doc["tests"]["protein_ug_per_ml"] = 1.0;
  doc["tests"]["particles_per_ml"] = 3.0e10;
  EXPECT_EQ(Evaluate(doc).derived.purity_grade, "high");
  doc["tests"]["particles_per_ml"] = 2.9e10;
  EXPECT_EQ(Evaluate(doc).derived.purity_grade, "low");
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.purity"), CriterionStatus::kPass);
  doc["tests"]["particles_per_ml"] = 2.0e9;
  EXPECT_EQ(Evaluate(doc).derived.purity_grade, "low");
  // The gap between the quoted bands (1.5-2 x 10^9) is not a pass.
  doc["tests"]["particles_per_ml"] = 1.7e9;
  EXPECT_EQ(Evaluate(doc).derived.purity_grade, "impure");
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.purity"), CriterionStatus::kFail);
  doc["tests"]["particles_per_ml"] = 1.4e9;
  EXPECT_EQ(Evaluate(doc).derived.purity_grade, "impure");
  doc["tests"]["protein_ug_per_ml"] = 0;
  const QcReport zero = Evaluate(doc);
  EXPECT_FALSE(zero.derived.particles_per_ug_protein.has_value());
  EXPECT_EQ(StatusOf(zero, "tests.purity"), CriterionStatus::kNotDisclosed);
}

TEST(CoaEvaluation, OnlySingleParticleMethodsCountForTheParticleCount) {
  json doc = ExampleCertificate();
  for (const char* method : {"NTA", "TRPS", "nFCM"}) {
    doc["tests"]["particle_method"] = method;
    EXPECT_EQ(StatusOf(Evaluate(doc), "tests.particles"), CriterionStatus::kPass) << method;
  }
  // An ensemble method and conventional flow cytometry do not meet MISEV's requirement.
  for (const char* method : {"DLS", "flow cytometry"}) {
    doc["tests"]["particle_method"] = method;
    EXPECT_EQ(StatusOf(Evaluate(doc), "tests.particles"), CriterionStatus::kFail) << method;
  }
}

TEST(CoaEvaluation, MarkersNeedATetraspaninAndACytosolicMarker) {
  json doc = ExampleCertificate();
  doc["tests"]["markers_positive"] = {"CD63", "CD81"};
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.markers_positive"), CriterionStatus::kFail);
  doc["tests"]["markers_positive"] = {"cd9", "Rab27a"};  // case-insensitive, RAB* prefix
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.markers_positive"), CriterionStatus::kPass);
  doc["tests"]["markers_negative"] = {"CD63"};
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.markers_negative"), CriterionStatus::kFail);
  doc["tests"].erase("imaging");
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.imaging"), CriterionStatus::kNotDisclosed);
  doc["tests"]["imaging"] = "NTA";
  EXPECT_EQ(StatusOf(Evaluate(doc), "tests.imaging"), CriterionStatus::kFail);
}

TEST(CoaEvaluation, StorageLimitDependsOnForm) {
  json doc = ExampleCertificate();
  doc["lot"]["storage_celsius"] = 4;
  EXPECT_EQ(StatusOf(Evaluate(doc), "lot.storage"), CriterionStatus::kFail);
  doc["product"]["form"] = "lyophilized";
  EXPECT_EQ(StatusOf(Evaluate(doc), "lot.storage"), CriterionStatus::kPass);
}

TEST(CoaEvaluation, EmptyCertificateIsAllNotDisclosedNeverGuessed) {
  auto c = ParseCertificate(R"({"schema": "exoclinic.certificate/1"})");
  ASSERT_TRUE(c.has_value());
  const QcReport r = EvaluateCoa(*c, RepoRules(), {kToday});
  for (const auto& res : r.criteria) {
    EXPECT_TRUE(res.status == CriterionStatus::kNotDisclosed ||
                res.status == CriterionStatus::kNotApplicable)
        << res.criterion->id;
  }
  for (Route route : kAllRoutes) EXPECT_FALSE(Releasable(r, route));
  for (const auto& a : r.disclosure) EXPECT_EQ(a.disclosed, 0);
  EXPECT_EQ(r.not_disclosed.size(), 33u);
}

TEST(CoaEvaluation, DisclosureCountsPerArea) {
  const QcReport r = Evaluate(ExampleCertificate());
  ASSERT_EQ(r.disclosure.size(), 3u);
  EXPECT_EQ(r.disclosure[0].disclosed, 17);
  EXPECT_EQ(r.disclosure[0].total, 17);
  EXPECT_EQ(r.disclosure[1].disclosed, 6);  // viral_inactivation is null
  EXPECT_EQ(r.disclosure[1].total, 7);
  EXPECT_EQ(r.disclosure[2].disclosed, 9);
  EXPECT_EQ(r.not_disclosed, std::vector<std::string>{"/manufacturing/viral_inactivation"});
}

}  // namespace
}  // namespace exo::product
