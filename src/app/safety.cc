#include "app/safety.h"

#include <map>

#include "app/audit.h"

namespace exo::app {

using store::AuditOutcome;

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

Result<std::vector<store::StoredAdverseEvent>> Alerts(const SafetyServices& s, const Actor& actor) {
  auto list = s.safety.ListAlerts(actor.clinic_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "adverse_event.read", "alerts", AuditOutcome::kAllowed);
  return list;
}

Result<std::vector<store::StoredAdverseEvent>> PatientAdverseEvents(const SafetyServices& s,
                                                                    const Actor& actor,
                                                                    int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto list = s.safety.ListPatientAdverseEvents(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "adverse_event.read",
              "patient/" + std::to_string(patient_id), AuditOutcome::kAllowed);
  return list;
}

Result<std::vector<LotSignal>> LotSignals(const SafetyServices& s, const Actor& actor) {
  auto counts = s.safety.CountSignals(actor.clinic_id);
  if (!counts) return counts.error();
  std::map<std::string, std::pair<int64_t, int64_t>> route_totals;
  for (const auto& c : *counts) {
    route_totals[c.route].first += c.sessions;
    route_totals[c.route].second += c.events;
  }
  std::vector<LotSignal> out;
  for (const auto& c : *counts) {
    const auto& t = route_totals[c.route];
    out.push_back({c, outcome::ComputeSignal({c.sessions, c.events, t.first, t.second})});
  }
  return out;
}

}  // namespace exo::app
