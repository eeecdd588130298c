#include "product/lot.h"

#include <gtest/gtest.h>

#include "product/test_support.h"

namespace exo::product {
namespace {

using nlohmann::json;

const Date kToday = *Date::Parse("2026-11-24");

struct Fixture {
  Certificate cert;
  QcReport report;
  Lot lot;
};

Fixture Make(const json& doc, LotState state = LotState::kQuarantined) {
  Fixture f;
  f.cert = *ParseCertificate(doc.dump());
  f.report = EvaluateCoa(f.cert, testing::RepoRules(), {kToday});
  f.lot.state = state;
  return f;
}

RouteSet Routes(std::initializer_list<Route> rs) {
  RouteSet s;
  for (Route r : rs) s.Add(r);
  return s;
}

TEST(LotRelease, ReleasableRoutesNeedNoReason) {
  Fixture f = Make(testing::ExampleCertificate());
  auto e = PlanRelease(f.lot, Routes({Route::kInjection, Route::kTopical}), f.report, {});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->to, LotState::kReleased);
  EXPECT_FALSE(e->override);
  EXPECT_TRUE(e->overridden.empty());
  EXPECT_TRUE(e->routes.Has(Route::kTopical));
}

// Endotoxin not disclosed and three donor tests missing: two criteria block injection.
Fixture TwoBlockingCriteria() {
  json doc = testing::ExampleCertificate();
  doc["tests"].erase("endotoxin_eu_per_ml");
  for (const char* t : {"HTLV-1", "parvovirus_B19", "syphilis"}) doc["donor"]["screening"].erase(t);
  return Make(doc);
}

TEST(LotRelease, Issue13EachBlockingCriterionNeedsItsOwnReason) {
  Fixture f = TwoBlockingCriteria();
  // One reason for the endotoxin never covers the donor tests it does not mention.
  auto refused = PlanRelease(f.lot, Routes({Route::kInjection}), f.report,
                             {{"tests.endotoxin", "LAL report on file"}});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message_id, "err.override_missing");
  EXPECT_EQ(refused.error().args, (std::vector<std::string>{"donor.screening", "injection"}));
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "/overrides/donor.screening");
  // Nothing acknowledged: both named, in the report's order.
  auto none = PlanRelease(f.lot, Routes({Route::kInjection}), f.report, {});
  ASSERT_FALSE(none.has_value());
  ASSERT_EQ(none.error().fields.size(), 2u);
  EXPECT_EQ(none.error().fields[0].field, "/overrides/donor.screening");
  EXPECT_EQ(none.error().fields[1].field, "/overrides/tests.endotoxin");
  auto e = PlanRelease(f.lot, Routes({Route::kInjection, Route::kTopical}), f.report,
                       {{"tests.endotoxin", "LAL report on file"},
                        {"donor.screening", "donor panel faxed by the manufacturer"}});
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->override);
  EXPECT_TRUE(e->reason.empty());
  const std::vector<CriterionOverride> want{
      {"donor.screening", Routes({Route::kInjection}), "donor panel faxed by the manufacturer"},
      {"tests.endotoxin", Routes({Route::kInjection}), "LAL report on file"}};
  EXPECT_EQ(e->overridden, want);
}

TEST(LotRelease, OneReasonPerCriterionCoversEveryRouteItBlocks) {
  Fixture f = TwoBlockingCriteria();
  auto e = PlanRelease(
      f.lot, Routes({Route::kInjection, Route::kMicroneedle}), f.report,
      {{"tests.endotoxin", "LAL report on file"}, {"donor.screening", "donor panel on file"}});
  ASSERT_TRUE(e.has_value()) << e.error().message_id;
  ASSERT_EQ(e->overridden.size(), 2u);
  EXPECT_EQ(e->overridden[1].routes, Routes({Route::kInjection, Route::kMicroneedle}));
  EXPECT_EQ(e->overridden[0].routes, Routes({Route::kInjection}));
}

TEST(LotRelease, AnOverrideMustNameABlockingCriterionWithAReason) {
  Fixture f = TwoBlockingCriteria();
  const OverrideReasons both{{"tests.endotoxin", "LAL"}, {"donor.screening", "panel"}};
  auto field = [&f](const OverrideReasons& o, RouteSet routes = Routes({Route::kInjection})) {
    auto r = PlanRelease(f.lot, routes, f.report, o);
    EXPECT_FALSE(r.has_value());
    if (r.has_value()) return FieldError{};
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(r.error().fields.size(), 1u);
    return r.error().fields.at(0);
  };
  auto unknown = both;
  unknown["endotoxin"] = "LAL";
  EXPECT_EQ(field(unknown), (FieldError{"/overrides/endotoxin",
                                        "err.override_unknown_criterion_did_you_mean",
                                        {"endotoxin", "tests.endotoxin"}}));
  auto typo = both;
  typo["tests.endotoxn"] = "LAL";
  EXPECT_EQ(field(typo).args, (std::vector<std::string>{"tests.endotoxn", "tests.endotoxin"}));
  auto nonsense = both;
  nonsense["vibes"] = "fine";
  EXPECT_EQ(field(nonsense).message_id, "err.override_unknown_criterion");
  auto extra = both;
  extra["manufacturing.gmp"] = "GMP seen";  // blocks IV only, which is not chosen
  EXPECT_EQ(field(extra), (FieldError{"/overrides/manufacturing.gmp",
                                      "err.override_not_blocking",
                                      {"manufacturing.gmp", "injection"}}));
  // Topical is releasable: nothing may be overridden for it.
  EXPECT_EQ(field({{"tests.endotoxin", "LAL"}}, Routes({Route::kTopical})).message_id,
            "err.override_not_blocking");
  auto blank = both;
  blank["tests.endotoxin"] = "  ";
  EXPECT_EQ(field(blank), (FieldError{"/overrides/tests.endotoxin", "err.reason_required", {}}));
}

TEST(LotRelease, FinalBlocksCannotBeOverridden) {
  json doc = testing::ExampleCertificate();
  doc["tests"]["sterility"] = "positive";
  Fixture f = Make(doc);
  auto e =
      PlanRelease(f.lot, Routes({Route::kTopical}), f.report, {{"tests.sterility", "I insist"}});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().message_id, "err.lot_never_releasable");
  EXPECT_EQ(e.error().args[1], "tests.sterility");
}

TEST(LotRelease, NeedsRoutesAndAReleasableState) {
  Fixture f = Make(testing::ExampleCertificate());
  auto none = PlanRelease(f.lot, RouteSet(), f.report, {});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().fields[0].field, "routes");
  for (LotState s : {LotState::kExpired, LotState::kRecalled, LotState::kDestroyed}) {
    f.lot.state = s;
    auto e = PlanRelease(f.lot, Routes({Route::kTopical}), f.report, {});
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().code, ErrorCode::kConflict);
  }
  f.lot.state = LotState::kReleased;  // re-release changes the routes
  EXPECT_TRUE(PlanRelease(f.lot, Routes({Route::kTopical}), f.report, {}).has_value());
}

TEST(LotOverrides, StoredTextRoundTripsAndOldRowsKeepTheirOneReason) {
  const std::vector<CriterionOverride> o{
      {"tests.endotoxin", Routes({Route::kIv, Route::kInjection}), "LAL \"on file\""},
      {"donor.screening", Routes({Route::kInjection}), "panel"}};
  EXPECT_EQ(OverridesFromText(OverridesToText(o), "ignored"), o);
  EXPECT_EQ(OverridesToText({}), "");
  EXPECT_TRUE(OverridesFromText("", "x").empty());
  const std::vector<CriterionOverride> old{
      {"tests.endotoxin", Routes({Route::kIv, Route::kInjection}), "LAL report on file"},
      {"manufacturing.gmp", Routes({Route::kIv}), "LAL report on file"}};
  EXPECT_EQ(OverridesFromText("iv:tests.endotoxin,iv:manufacturing.gmp,injection:tests.endotoxin",
                              "LAL report on file"),
            old);
}

TEST(LotTransition, RecalledAndDestroyedAreFinal) {
  Lot lot;
  for (LotState s : {LotState::kRecalled, LotState::kDestroyed}) {
    lot.state = s;
    for (LotAction a :
         {LotAction::kQuarantine, LotAction::kRecall, LotAction::kDestroy, LotAction::kExpire}) {
      auto e = PlanTransition(lot, a, "why");
      ASSERT_FALSE(e.has_value());
      EXPECT_EQ(e.error().code, ErrorCode::kConflict);
    }
  }
}

TEST(LotTransition, RecallNeedsAReasonAndWorksFromEveryOpenState) {
  Lot lot;
  for (LotState s : {LotState::kQuarantined, LotState::kReleased, LotState::kExpired}) {
    lot.state = s;
    auto blank = PlanTransition(lot, LotAction::kRecall, "");
    ASSERT_FALSE(blank.has_value());
    EXPECT_EQ(blank.error().fields[0].field, "reason");
    auto e = PlanTransition(lot, LotAction::kRecall, "supplier notice");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->to, LotState::kRecalled);
    EXPECT_EQ(e->from, s);
  }
}

TEST(LotTransition, QuarantineOnlyFromReleased) {
  Lot lot;
  lot.state = LotState::kReleased;
  EXPECT_TRUE(PlanTransition(lot, LotAction::kQuarantine, "").has_value());
  lot.state = LotState::kQuarantined;
  EXPECT_FALSE(PlanTransition(lot, LotAction::kQuarantine, "").has_value());
  lot.state = LotState::kExpired;
  EXPECT_FALSE(PlanTransition(lot, LotAction::kQuarantine, "").has_value());
}

}  // namespace
}  // namespace exo::product
