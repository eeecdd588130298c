// Use case: one signed consent with its PDF (a read of patient data).
#include "app/audit.h"
#include "app/consents.h"

namespace exo::app {

using store::AuditOutcome;

Result<store::StoredConsent> GetConsent(const ConsentServices& s, const Actor& actor,
                                        int64_t consent_id) {
  auto c = s.consents.FindConsent(actor.clinic_id, consent_id);
  if (!c) return c.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "consent.read", PatientObject(c->patient_id),
              AuditOutcome::kAllowed, "consent/" + std::to_string(consent_id));
  return c;
}

}  // namespace exo::app
