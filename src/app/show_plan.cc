// Use case: one plan with its checks re-run with today's facts (a read: it records its
// audit entry and changes nothing else).
#include "app/audit.h"
#include "app/plan_view.h"
#include "app/plans.h"

namespace exo::app {

using store::AuditOutcome;

Result<PlanView> ShowPlan(const PlanServices& s, const Actor& actor, int64_t plan_id) {
  auto plan = s.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  RecordAudit(s.audit, s.clock, actor, "plan.read", PatientObject(plan->patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return EvaluateStoredPlan(s, actor, std::move(*plan));
}

}  // namespace exo::app
