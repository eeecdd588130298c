// Use case: a plan's consents, newest first (audited as a read of the plan).
#include "app/audit.h"
#include "app/consents.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::StoredConsent>> ListConsents(const ConsentServices& s, const Actor& actor,
                                                       int64_t plan_id) {
  auto plan = s.plans.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "plan.read", PatientObject(plan->patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return s.consents.ListConsents(actor.clinic_id, plan_id);
}

}  // namespace exo::app
