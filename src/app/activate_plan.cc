// Use case: activate a plan (a physician); refused while any check is an error, including an
// unsigned contraindication for the route, and while another active plan of the patient on the
// same route still has sessions to give (unless the physician states why). The request and the
// lot's certificate are read once.
#include <algorithm>

#include "app/audit.h"
#include "app/plan_view.h"

namespace exo::app {

using store::AuditOutcome;

namespace {

// Another active plan of the patient on `route` with sessions still to give; 0 if none.
Result<int64_t> RunningPlanOnRoute(const PlanServices& s, const Actor& actor,
                                   const store::StoredPlan& plan, Route route) {
  auto plans = s.plans.ListPlans(actor.clinic_id, plan.patient_id);
  if (!plans) return plans.error();
  auto given = s.sessions.ListPatientSessions(actor.clinic_id, plan.patient_id);
  if (!given) return given.error();
  for (const auto& other : *plans) {
    if (other.id == plan.id || other.status != store::PlanStatus::kActive) continue;
    auto request = ParseStoredPlan(other);
    if (!request) return request.error();
    if (request->route != route) continue;
    const auto count = std::count_if(given->begin(), given->end(),
                                     [&](const auto& g) { return g.plan_id == other.id; });
    if (count < request->sessions) return other.id;
  }
  return int64_t{0};
}

}  // namespace

Result<PlanView> ActivatePlan(const PlanServices& s, const Actor& actor, int64_t plan_id,
                              const std::string& override_reason) {
  if (!override_reason.empty() && override_reason.find_first_not_of(" \t") == std::string::npos)
    return Invalid("/override_reason", "err.empty_string", {});
  auto view = LoadPlanView(s, actor, plan_id);
  if (!view) return view.error();
  const int64_t patient_id = view->plan.patient_id;
  if (view->evaluation.HasError()) {
    std::string ids;
    for (const auto& c : view->evaluation.checks)
      if (c.level == treatment::CheckLevel::kError) ids += (ids.empty() ? "" : ", ") + c.id;
    RecordAudit(s.audit, s.clock, actor, "plan.activate", PatientObject(patient_id),
                AuditOutcome::kFailed, "plan/" + std::to_string(plan_id) + ": " + ids);
    // Each error in the reader's language, pointed at by its place in the plan's checks.
    Error e = Conflict("err.plan_has_errors", {std::to_string(view->evaluation.checks.size())});
    for (size_t k = 0; k < view->evaluation.checks.size(); ++k) {
      const auto& c = view->evaluation.checks[k];
      if (c.level == treatment::CheckLevel::kError)
        e.fields.push_back({"/checks/" + std::to_string(k), c.message_id, c.args});
    }
    return e;
  }
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, actor,
          [&]() -> Status {
            auto running = RunningPlanOnRoute(s, actor, view->plan, view->request.route);
            if (!running) return running.error();
            if (*running != 0 && override_reason.empty())
              return Conflict(
                  "err.active_plan_exists",
                  {std::to_string(*running), std::string(RouteName(view->request.route))});
            return s.plans.ActivatePlan(actor.clinic_id, plan_id, actor.name, s.clock.Now(),
                                        *running != 0 ? override_reason : "");
          },
          [&](Ok) {
            return AuditNote{"plan.activate", PatientObject(patient_id),
                             "plan/" + std::to_string(plan_id)};
          });
      !st)
    return st.error();
  auto stored = s.plans.FindPlan(actor.clinic_id, plan_id);  // status and who activated it
  if (!stored) return stored.error();
  view->plan = std::move(*stored);
  return view;
}

}  // namespace exo::app
