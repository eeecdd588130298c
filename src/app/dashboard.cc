#include "app/dashboard.h"

#include "app/audit.h"

namespace exo::app {

Result<std::map<int64_t, PatientName>> PatientNames(const store::PatientStore& patients,
                                                    int64_t clinic, const std::set<int64_t>& ids) {
  std::map<int64_t, PatientName> out;
  for (const int64_t id : ids) {
    auto p = patients.FindPatient(clinic, id);
    if (!p) return p.error();
    out.emplace(id,
                PatientName{p->id, p->patient_number, p->name_kanji, p->name_kana, p->synthetic});
  }
  return out;
}

Result<WaitingForSignature> ListWaitingForSignature(const SessionServices& s, const Actor& actor) {
  WaitingForSignature w;
  auto screenings = s.screenings.ListUnsignedScreenings(actor.clinic_id);
  if (!screenings) return screenings.error();
  w.screenings = std::move(*screenings);
  auto drafts = s.plans.ListPlansByStatus(actor.clinic_id, store::PlanStatus::kDraft);
  if (!drafts) return drafts.error();
  w.drafts = std::move(*drafts);
  RecordAudit(s.audit, s.clock, actor, "signoff.read", "clinic", store::AuditOutcome::kAllowed);
  return w;
}

}  // namespace exo::app
