// Use case: activate a plan (a physician); refused while any check is an error, including an
// unsigned contraindication for the route. The request and the lot's certificate are read once.
#include "app/audit.h"
#include "app/plan_view.h"

namespace exo::app {

using store::AuditOutcome;

Result<PlanView> ActivatePlan(const PlanServices& s, const Actor& actor, int64_t plan_id) {
  auto view = LoadPlanView(s, actor, plan_id);
  if (!view) return view.error();
  const int64_t patient_id = view->plan.patient_id;
  if (view->evaluation.HasError()) {
    std::string ids;
    for (const auto& c : view->evaluation.checks)
      if (c.level == treatment::CheckLevel::kError) ids += (ids.empty() ? "" : ", ") + c.id;
    RecordAudit(s.audit, s.clock, actor, "plan.activate", PatientObject(patient_id),
                AuditOutcome::kFailed, "plan/" + std::to_string(plan_id) + ": " + ids);
    return Conflict("err.plan_has_errors", {ids});
  }
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, actor,
          [&] { return s.plans.ActivatePlan(actor.clinic_id, plan_id, actor.name, s.clock.Now()); },
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
