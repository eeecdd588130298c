// Use case: withdraw a signed consent (recorded beside it; the consent never changes).
#include "app/audit.h"
#include "app/consents.h"
#include "core/utf8.h"

namespace exo::app {

Result<store::StoredConsent> WithdrawConsent(const ConsentServices& s, const Actor& actor,
                                             int64_t consent_id, const std::string& reason) {
  if (CodePoints(reason) > 2000)
    return Invalid("reason", "err.string_too_long", {std::to_string(CodePoints(reason)), "2000"});
  const Timestamp now = s.plans.clock.Now();
  const PlanServices& ps = s.plans;
  return RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&]() -> Result<store::StoredConsent> {
        if (auto st =
                s.consents.WithdrawConsent(actor.clinic_id, consent_id,
                                           reason.empty() ? "withdrawn" : reason, actor.name, now);
            !st)
          return st.error();
        return s.consents.FindConsent(actor.clinic_id, consent_id);
      },
      [&](const store::StoredConsent& c) {
        return AuditNote{"consent.withdraw", PatientObject(c.patient_id),
                         "consent/" + std::to_string(consent_id)};
      });
}

}  // namespace exo::app
