// Use case: record an adverse event (its patient and sessions checked, onset not before
// a linked session).
#include "app/audit.h"
#include "app/safety.h"

namespace exo::app {

Result<store::StoredAdverseEvent> RecordAdverseEvent(const SafetyServices& s, const Actor& actor,
                                                     std::string_view json_text) {
  auto e = outcome::ParseAdverseEvent(json_text, s.clock.Today(), s.known_terms);
  if (!e) return e.error();
  if (auto p = s.patients.FindPatient(actor.clinic_id, e->patient_id); !p) {
    if (p.error().code == ErrorCode::kNotFound)
      return Invalid("/patient_id", "err.not_found", {"patient", std::to_string(e->patient_id)});
    return p.error();
  }
  for (size_t i = 0; i < e->session_ids.size(); ++i) {
    auto session = s.sessions.FindTreatmentSession(actor.clinic_id, e->session_ids[i]);
    if (!session) continue;  // the store refuses an unknown session, naming it
    const Date given = s.clock.DayOf(session->performed_at);
    if (e->onset_date < given)
      return Invalid("/onset_date", "err.onset_before_session",
                     {e->onset_date.ToString(), std::to_string(session->id), given.ToString()});
  }
  store::StoredAdverseEvent a{*e, actor.clinic_id, actor.name, s.clock.Now()};
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.safety.InsertAdverseEvent(a); },
      [&](int64_t id) {
        return AuditNote{"adverse_event.create", "patient/" + std::to_string(e->patient_id),
                         "adverse_event/" + std::to_string(id) + (e->Alert() ? " alert" : "")};
      });
  if (!id) return id.error();
  a.event.id = *id;
  return a;
}

}  // namespace exo::app
