#include "app/timeline.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/staff_names.h"
#include "core/format.h"
#include "core/messages.h"

namespace exo::app {

namespace {

// "iv,injection" as the routes' labels, joined as the reader's language joins a list.
std::string RouteLabels(const std::string& ids, Lang lang) {
  std::string out;
  size_t start = 0;
  while (start <= ids.size()) {
    const size_t comma = std::min(ids.find(',', start), ids.size());
    const std::string id = ids.substr(start, comma - start);
    if (!id.empty())
      out += (out.empty() ? "" : (lang == Lang::kJa ? "、" : ", ")) + Label("route", id, lang);
    start = comma + 1;
  }
  return out;
}

// A hash as people compare it: upper-case hex in groups of four ("8A1E 034F 12C9").
std::string Fingerprint(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    const char c = hex[i];
    out += c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace

nlohmann::json TimelineEntryToJson(const TimelineEntry& e) {
  const auto or_null = [](const std::string& v) {
    return v.empty() ? nlohmann::json() : nlohmann::json(v);
  };
  return {{"at", e.at},
          {"kind", e.kind},
          {"id", e.id},
          {"summary", e.summary},
          {"actor", or_null(e.actor)},
          {"actor_name", or_null(e.actor_name)}};
}

Result<std::vector<TimelineEntry>> BuildPatientTimeline(
    const SessionServices& s, const SafetyServices& safety, const store::OutcomeStore& outcomes,
    const std::vector<outcome::Measure>& measures, const StaffNames& staff, const Actor& actor,
    int64_t patient_id, Lang lang) {
  const SessionServices& ps = s;
  if (auto p = ps.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  const auto name = [&](const std::string& who) { return ActorName(staff, who, lang); };
  std::vector<TimelineEntry> out;
  auto screenings = ps.screenings.ListScreenings(actor.clinic_id, patient_id);
  if (!screenings) return screenings.error();
  for (const auto& r : *screenings) {
    const nlohmann::json result = nlohmann::json::parse(r.result_json, nullptr, false);
    const size_t flags = result.is_discarded() ? 0 : result["flags"].size();
    out.push_back(
        {r.created_at.ToIso8601(), "screening", r.id,
         Message("tl.screening", lang,
                 {std::to_string(flags), r.contraindicated_routes.empty()
                                             ? Message("tl.none", lang)
                                             : RouteLabels(r.contraindicated_routes, lang)}),
         r.created_by});
    if (r.signed_off_at)
      out.push_back({r.signed_off_at->ToIso8601(), "sign_off", r.id,
                     name(r.signed_off_by) + ": " + r.sign_off_note, r.signed_off_by});
  }
  auto plans = ps.plans.ListPlans(actor.clinic_id, patient_id);
  if (!plans) return plans.error();
  // The lot's number as printed on the vial; the id only when the lot cannot be read.
  const auto lot_number = [&](int64_t lot_id) {
    auto lot = ps.lots.FindLot(actor.clinic_id, lot_id);
    return lot ? lot->lot_number : std::to_string(lot_id);
  };
  for (const auto& p : *plans) {
    const nlohmann::json req = nlohmann::json::parse(p.request_json, nullptr, false);
    out.push_back(
        {p.created_at.ToIso8601(), "plan", p.id,
         req.is_discarded()
             ? Label("plan_status", store::PlanStatusName(p.status), lang)
             : Message("tl.plan", lang,
                       {Label("route", req.value("route", std::string("?")), lang),
                        std::to_string(req.value("sessions", 0)),
                        std::to_string(req.value("interval_days", 0)), lot_number(p.lot_id),
                        Label("plan_status", store::PlanStatusName(p.status), lang)}),
         p.created_by});
    if (p.activated_at)
      out.push_back({p.activated_at->ToIso8601(), "plan_activated", p.id, name(p.activated_by),
                     p.activated_by});
    auto consents = s.consents.ListConsents(actor.clinic_id, p.id);
    if (!consents) return consents.error();
    for (const auto& c : *consents) {
      out.push_back({c.signed_at.ToIso8601(), "consent", c.id,
                     Message("tl.consent", lang,
                             {std::to_string(p.id), Label("lang", c.lang, lang),
                              Fingerprint(std::string_view(c.sha256).substr(0, 12))}),
                     c.recorded_by});
      if (c.withdrawn_at)
        out.push_back({c.withdrawn_at->ToIso8601(), "consent_withdrawn", c.id, c.withdrawn_reason,
                       c.withdrawn_by});
    }
  }
  auto sessions = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!sessions) return sessions.error();
  for (const auto& x : *sessions)
    out.push_back({x.performed_at.ToIso8601(), "session", x.id,
                   Message("tl.session", lang,
                           {Label("route", x.route, lang), lot_number(x.lot_id),
                            FormatParticles(x.dose_particles, lang)}) +
                       (x.reactions.empty() ? "" : Message("tl.reactions", lang, {x.reactions})),
                   x.recorded_by});
  auto events = safety.safety.ListPatientAdverseEvents(actor.clinic_id, patient_id);
  if (!events) return events.error();
  for (const auto& a : *events)
    out.push_back({a.event.onset_date.ToString(), "adverse_event", a.event.id,
                   Message("tl.adverse_event", lang,
                           {Label("ae_term", a.event.term, lang) +
                                (a.event.term_coded  ? ""
                                 : lang == Lang::kJa ? "（" + Message("ae.uncoded", lang) + "）"
                                                     : " (" + Message("ae.uncoded", lang) + ")"),
                            std::to_string(a.event.ctcae_grade),
                            a.event.serious ? Message("tl.serious", lang) : "",
                            Label("causality", a.event.causality, lang)}),
                   a.recorded_by});
  auto followups = s.sessions.ListOpenFollowUps(actor.clinic_id, std::nullopt);
  if (!followups) return followups.error();
  for (const auto& f : *followups)
    if (f.patient_id == patient_id)
      out.push_back({f.due_on.ToString(), "followup", f.id, FollowUpText(f, lang)});
  auto measurements = outcomes.ListPatientMeasurements(actor.clinic_id, patient_id);
  if (!measurements) return measurements.error();
  for (const auto& m : *measurements) {
    // The measure's name and unit as the catalogue gives them; the id only for a measure the
    // catalogue no longer lists.
    const outcome::Measure* measure = outcome::FindMeasure(measures, m.entry.measure_id);
    std::string summary =
        (measure ? Message("tl.measurement", lang,
                           {measure->name.In(lang), FormatNumber(m.entry.value, 4),
                            Label("unit", measure->unit, lang)})
                 : m.entry.measure_id + " = " + FormatNumber(m.entry.value, 4)) +
        (m.baseline           ? Message("tl.baseline", lang)
         : m.days_since_first ? Message("tl.day", lang, {std::to_string(*m.days_since_first)})
                              : "");
    if (m.supersedes)
      summary += Message("tl.corrects", lang, {std::to_string(*m.supersedes), m.correction_reason});
    if (m.superseded_by)
      summary += Message("tl.superseded", lang, {std::to_string(*m.superseded_by)});
    if (m.source != "staff") summary += Message("tl.portal", lang);
    out.push_back({m.entry.measured_on.ToString(), "measurement", m.id, summary, m.recorded_by});
  }
  for (auto& e : out)
    if (!e.actor.empty()) e.actor_name = name(e.actor);
  std::stable_sort(out.begin(), out.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  return out;
}

Result<std::vector<TimelineEntry>> PatientTimeline(const SessionServices& s,
                                                   const SafetyServices& safety,
                                                   const store::OutcomeStore& outcomes,
                                                   const std::vector<outcome::Measure>& measures,
                                                   const Actor& actor, int64_t patient_id,
                                                   Lang lang) {
  auto staff = LoadStaffNames(s.users, actor.clinic_id);
  if (!staff) return staff.error();
  auto out = BuildPatientTimeline(s, safety, outcomes, measures, *staff, actor, patient_id, lang);
  if (!out) return out.error();
  RecordAudit(s.audit, s.clock, actor, "timeline.read", "patient/" + std::to_string(patient_id),
              store::AuditOutcome::kAllowed);
  return out;
}

}  // namespace exo::app
