// Use case: a patient's plans, each with its checks re-run with today's facts (a read).
#include "app/audit.h"
#include "app/plan_view.h"
#include "app/plans.h"

namespace exo::app {

using store::AuditOutcome;

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
