// Use cases: show one plan, or a patient's plans, with the checks re-run with today's facts.
// Reads: each records its audit entry and changes nothing else.
#include "app/audit.h"
#include "app/plan_view.h"

namespace exo::app {

using store::AuditOutcome;

Result<PlanView> ShowPlan(const PlanServices& s, const Actor& actor, int64_t plan_id) {
  auto plan = s.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  RecordAudit(s.audit, s.clock, actor, "plan.read", PatientObject(plan->patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return EvaluateStoredPlan(s, actor, std::move(*plan));
}

Result<std::vector<PlanView>> ListPlans(const PlanServices& s, const Actor& actor,
                                        int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto plans = s.plans.ListPlans(actor.clinic_id, patient_id);
  if (!plans) return plans.error();
  std::vector<PlanView> out;
  for (auto& p : *plans) {
    auto v = EvaluateStoredPlan(s, actor, std::move(p));
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  RecordAudit(s.audit, s.clock, actor, "plan.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return out;
}

}  // namespace exo::app
