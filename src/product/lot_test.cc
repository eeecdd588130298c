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
  auto e = PlanRelease(f.lot, Routes({Route::kInjection, Route::kTopical}), f.report, "");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->to, LotState::kReleased);
  EXPECT_FALSE(e->override);
  EXPECT_TRUE(e->routes.Has(Route::kTopical));
}

TEST(LotRelease, NotReleasableNeedsAnOverrideReasonAndRecordsIt) {
  json doc = testing::ExampleCertificate();
  doc["tests"].erase("endotoxin_eu_per_ml");
  Fixture f = Make(doc);
  auto refused = PlanRelease(f.lot, Routes({Route::kInjection}), f.report, "  ");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message_id, "err.lot_not_releasable");
  auto e =
      PlanRelease(f.lot, Routes({Route::kInjection}), f.report, "endotoxin certificate on file");
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->override);
  EXPECT_EQ(e->overridden, std::vector<std::string>{"injection:tests.endotoxin"});
  EXPECT_EQ(e->reason, "endotoxin certificate on file");
}

TEST(LotRelease, FinalBlocksCannotBeOverridden) {
  json doc = testing::ExampleCertificate();
  doc["tests"]["sterility"] = "positive";
  Fixture f = Make(doc);
  auto e = PlanRelease(f.lot, Routes({Route::kTopical}), f.report, "I insist");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().message_id, "err.lot_never_releasable");
  EXPECT_EQ(e.error().args[1], "tests.sterility");
}

TEST(LotRelease, NeedsRoutesAndAReleasableState) {
  Fixture f = Make(testing::ExampleCertificate());
  auto none = PlanRelease(f.lot, RouteSet(), f.report, "");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().fields[0].field, "routes");
  for (LotState s : {LotState::kExpired, LotState::kRecalled, LotState::kDestroyed}) {
    f.lot.state = s;
    auto e = PlanRelease(f.lot, Routes({Route::kTopical}), f.report, "");
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().code, ErrorCode::kConflict);
  }
  f.lot.state = LotState::kReleased;  // re-release changes the routes
  EXPECT_TRUE(PlanRelease(f.lot, Routes({Route::kTopical}), f.report, "").has_value());
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
