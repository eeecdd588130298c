#include "app/timeline.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "core/format.h"
#include "core/messages.h"

namespace exo::app {

Result<std::vector<TimelineEntry>> PatientTimeline(const SessionServices& s,
                                                   const SafetyServices& safety,
                                                   const store::OutcomeStore& outcomes,
                                                   const Actor& actor, int64_t patient_id,
                                                   Lang lang) {
  const SessionServices& ps = s;
  if (auto p = ps.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  std::vector<TimelineEntry> out;
  auto screenings = ps.screenings.ListScreenings(actor.clinic_id, patient_id);
  if (!screenings) return screenings.error();
  for (const auto& r : *screenings) {
    const nlohmann::json result = nlohmann::json::parse(r.result_json, nullptr, false);
    const size_t flags = result.is_discarded() ? 0 : result["flags"].size();
    out.push_back({r.created_at.ToIso8601(), "screening", r.id,
                   Message("tl.screening", lang,
                           {std::to_string(flags), r.contraindicated_routes.empty()
                                                       ? Message("tl.none", lang)
                                                       : r.contraindicated_routes})});
    if (r.signed_off_at)
      out.push_back({r.signed_off_at->ToIso8601(), "sign_off", r.id,
                     r.signed_off_by + ": " + r.sign_off_note});
  }
  auto plans = ps.plans.ListPlans(actor.clinic_id, patient_id);
  if (!plans) return plans.error();
  for (const auto& p : *plans) {
    const nlohmann::json req = nlohmann::json::parse(p.request_json, nullptr, false);
    out.push_back({p.created_at.ToIso8601(), "plan", p.id,
                   req.is_discarded() ? std::string(store::PlanStatusName(p.status))
                                      : Message("tl.plan", lang,
                                                {req.value("route", std::string("?")),
                                                 std::to_string(req.value("sessions", 0)),
                                                 std::to_string(req.value("interval_days", 0)),
                                                 std::to_string(p.lot_id),
                                                 std::string(store::PlanStatusName(p.status))})});
    if (p.activated_at)
      out.push_back({p.activated_at->ToIso8601(), "plan_activated", p.id, p.activated_by});
    auto consents = s.consents.ListConsents(actor.clinic_id, p.id);
    if (!consents) return consents.error();
    for (const auto& c : *consents) {
      out.push_back(
          {c.signed_at.ToIso8601(), "consent", c.id,
           Message("tl.consent", lang, {std::to_string(p.id), c.lang, c.sha256.substr(0, 12)})});
      if (c.withdrawn_at)
        out.push_back({c.withdrawn_at->ToIso8601(), "consent_withdrawn", c.id, c.withdrawn_reason});
    }
  }
  auto sessions = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!sessions) return sessions.error();
  for (const auto& x : *sessions)
    out.push_back({x.performed_at.ToIso8601(), "session", x.id,
                   Message("tl.session", lang,
                           {x.route, std::to_string(x.lot_id), FormatNumber(x.dose_particles, 3)}) +
                       (x.reactions.empty() ? "" : Message("tl.reactions", lang, {x.reactions}))});
  auto events = safety.safety.ListPatientAdverseEvents(actor.clinic_id, patient_id);
  if (!events) return events.error();
  for (const auto& a : *events)
    out.push_back(
        {a.event.onset_date.ToString(), "adverse_event", a.event.id,
         Message("tl.adverse_event", lang,
                 {a.event.term, std::to_string(a.event.ctcae_grade),
                  a.event.serious ? Message("tl.serious", lang) : "", a.event.causality})});
  auto followups = s.sessions.ListOpenFollowUps(actor.clinic_id, std::nullopt);
  if (!followups) return followups.error();
  for (const auto& f : *followups)
    if (f.patient_id == patient_id)
      out.push_back({f.due_on.ToString(), "followup", f.id, FollowUpText(f, lang)});
  auto measurements = outcomes.ListPatientMeasurements(actor.clinic_id, patient_id);
  if (!measurements) return measurements.error();
  for (const auto& m : *measurements) {
    std::string summary =
        m.entry.measure_id + " = " + FormatNumber(m.entry.value, 4) +
        (m.baseline           ? Message("tl.baseline", lang)
         : m.days_since_first ? Message("tl.day", lang, {std::to_string(*m.days_since_first)})
                              : "");
    if (m.supersedes)
      summary += Message("tl.corrects", lang, {std::to_string(*m.supersedes), m.correction_reason});
    if (m.superseded_by)
      summary += Message("tl.superseded", lang, {std::to_string(*m.superseded_by)});
    if (m.source != "staff") summary += Message("tl.portal", lang);
    out.push_back({m.entry.measured_on.ToString(), "measurement", m.id, summary});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  RecordAudit(ps.audit, ps.clock, actor, "timeline.read", "patient/" + std::to_string(patient_id),
              store::AuditOutcome::kAllowed);
  return out;
}

}  // namespace exo::app
