// Every value of an enum the program shows a person has its label in the message catalogue
// (i18n/messages.toml, keys "<enum>.<id>"), taken from the enums' own id tables; and every
// measure a patient answers on the portal has its texts. The rest of the catalogue checks
// (both languages, keys used but not defined, listed vocabularies) are tests/catalogue_check.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/rule_files.h"
#include "app/services.h"
#include "audit/entry.h"
#include "auth/roles.h"
#include "core/messages.h"
#include "core/route.h"
#include "outcome/questionnaire.h"
#include "product/certificate.h"
#include "product/lot.h"
#include "product/qc_evaluation.h"
#include "product/qc_rules.h"
#include "screening/screening_rules.h"
#include "server/pages/portal.h"

namespace exo {
namespace {

// The labels of `ids` under `kind` that the catalogue lacks.
std::vector<std::string> Missing(std::string_view kind, const std::vector<std::string>& ids) {
  std::vector<std::string> missing;
  for (const auto& id : ids)
    if (!HasMessage(LabelKey(kind, id))) missing.push_back(LabelKey(kind, id));
  return missing;
}

// The id of every value of an enum whose values run from 0 to `last`.
template <typename E, typename F>
std::vector<std::string> Ids(E last, F name) {
  std::vector<std::string> ids;
  for (int i = 0; i <= static_cast<int>(last); ++i) ids.emplace_back(name(static_cast<E>(i)));
  return ids;
}

TEST(CatalogueLabels, EveryEnumValueHasALabel) {
  std::vector<std::string> routes;
  routes.reserve(kAllRoutes.size());
  for (const Route r : kAllRoutes) routes.emplace_back(RouteName(r));
  std::vector<std::string> roles;
  for (const auto r : auth::kAllRoles) roles.emplace_back(auth::RoleName(r));
  std::vector<std::string> areas;
  for (const auto a : product::kAllAreas) areas.emplace_back(product::AreaName(a));
  std::vector<std::string> lot_audit_actions;
  for (const auto& a : Ids(product::LotAction::kDestroy, product::LotActionName))
    lot_audit_actions.push_back("lot." + a);

  EXPECT_EQ(Missing("route", routes), std::vector<std::string>{});
  EXPECT_EQ(Missing("role", roles), std::vector<std::string>{});
  EXPECT_EQ(Missing("qc_area", areas), std::vector<std::string>{});
  EXPECT_EQ(Missing("lot_state", Ids(product::LotState::kDestroyed, product::LotStateName)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("lot_action", Ids(product::LotAction::kDestroy, product::LotActionName)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("audit_action", lot_audit_actions), std::vector<std::string>{});
  EXPECT_EQ(Missing("severity", Ids(screening::Severity::kInfo, screening::SeverityName)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("criterion_status",
                    Ids(product::CriterionStatus::kNotApplicable, product::StatusName)),
            std::vector<std::string>{});
  EXPECT_EQ(
      Missing("test_outcome", Ids(product::TestOutcome::kNotTested, product::TestOutcomeName)),
      std::vector<std::string>{});
  EXPECT_EQ(Missing("questionnaire", Ids(outcome::Questionnaire::kPsqi, outcome::QuestionnaireId)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("audit_outcome", Ids(audit::AuditOutcome::kFailed, audit::AuditOutcomeName)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("ctcae_grade", {"1", "2", "3", "4", "5"}), std::vector<std::string>{});
  EXPECT_EQ(Missing("role", Ids(app::ActorRole::kPatient, app::ActorRoleName)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("plan_status", Ids(store::PlanStatus::kCancelled, store::PlanStatusName)),
            std::vector<std::string>{});
  EXPECT_EQ(Missing("check_level", {"error", "warning"}), std::vector<std::string>{});
  std::vector<std::string> rule_files;
  for (const auto& f : app::EditableRuleFiles()) rule_files.push_back(f.id);
  EXPECT_EQ(Missing("rule_file", rule_files), std::vector<std::string>{});
  EXPECT_EQ(Missing("followup_kind", Ids(store::FollowUpKind::kRecall, store::FollowUpKindName)),
            std::vector<std::string>{});
}

TEST(CatalogueLabels, AnEnumValueWithoutALabelIsFound) {
  EXPECT_EQ(Missing("route", {"iv", "intrathecal"}), std::vector<std::string>{"route.intrathecal"});
  EXPECT_EQ(Label("route", "intrathecal", Lang::kJa), "intrathecal");
  EXPECT_EQ(Label("route", "iv", Lang::kJa), "点滴静注");
  EXPECT_EQ(Label("tissue", "Umbilical cord", Lang::kJa), "臍帯");
  EXPECT_EQ(LabelKey("unit", " g/m²/h "), "unit.g_m_h");
}

TEST(CatalogueLabels, EveryMeasureAPatientAnswersHasItsPortalTexts) {
  auto rules = app::LoadRuleSet(EXO_SOURCE_DIR "/rules");
  ASSERT_TRUE(rules.has_value()) << RenderError(rules.error(), Lang::kEn);
  std::vector<std::string> missing;
  for (const auto& m : rules->measures) {
    if (std::find(m.recorded_by.begin(), m.recorded_by.end(), "patient") == m.recorded_by.end())
      continue;
    if (!HasMessage("portal.scale." + m.id)) missing.push_back("portal.scale." + m.id);
    for (int i = 1; i <= server::PortalItemCount(m); ++i) {
      const std::string key = "portal.q." + m.id + "." + std::to_string(i);
      if (!HasMessage(key)) missing.push_back(key);
    }
  }
  EXPECT_EQ(missing, std::vector<std::string>{});
}

TEST(CatalogueLabels, EveryMeasureHasItsUnitAndDomainLabelled) {
  auto rules = app::LoadRuleSet(EXO_SOURCE_DIR "/rules");
  ASSERT_TRUE(rules.has_value()) << RenderError(rules.error(), Lang::kEn);
  std::vector<std::string> units, domains;
  for (const auto& m : rules->measures) {
    units.push_back(m.unit);
    domains.push_back(m.domain);
  }
  EXPECT_EQ(Missing("unit", units), std::vector<std::string>{});
  EXPECT_EQ(Missing("goal", domains), std::vector<std::string>{});
}

}  // namespace
}  // namespace exo
