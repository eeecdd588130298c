#include "app/measurement_steps.h"

#include <algorithm>

#include "app/audit.h"
#include "auth/crypto.h"
#include "core/messages.h"
#include "outcome/measurement.h"

namespace exo::app {

using store::StoredMeasurement;

namespace {

// The patient's first session and the one the entry is linked to, as time points see them.
struct SessionDays {
  std::optional<outcome::SessionDay> first, linked;
};

Result<SessionDays> FindSessionDays(const OutcomeServices& s, int64_t clinic,
                                    const outcome::MeasurementEntry& entry) {
  auto sessions = s.sessions.ListPatientSessions(clinic, entry.patient_id);
  if (!sessions) return sessions.error();
  SessionDays out;
  for (const auto& x : *sessions) {
    const outcome::SessionDay d{x.id, SessionDay(s, x.performed_at)};
    if (!out.first || d.day < out.first->day) out.first = d;
    if (entry.session_id == x.id) out.linked = d;
  }
  return out;
}

}  // namespace

Date SessionDay(const OutcomeServices& s, Timestamp t) { return s.clock.DayOf(t); }

Result<std::vector<StoredMeasurement>> LoadPatientMeasurements(const OutcomeServices& s,
                                                               const Actor& actor,
                                                               int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  return s.outcomes.ListPatientMeasurements(actor.clinic_id, patient_id);
}

std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

Result<StoredMeasurement> StoreMeasurement(const OutcomeServices& s, const Actor& actor,
                                           outcome::MeasurementEntry entry,
                                           const std::string& source,
                                           std::optional<int64_t> supersedes,
                                           const std::string& reason) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, entry.patient_id); !p) {
    if (p.error().code == ErrorCode::kNotFound)
      return Invalid("/patient_id", "err.not_found", {"patient", std::to_string(entry.patient_id)});
    return p.error();
  }
  auto sessions = FindSessionDays(s, actor.clinic_id, entry);
  if (!sessions) return sessions.error();
  StoredMeasurement m;
  auto days = outcome::CheckTimePoint(entry, sessions->first, sessions->linked, m.baseline);
  if (!days) return days.error();
  m.days_since_first = *days;
  entry.baseline = m.baseline;
  m.clinic_id = actor.clinic_id;
  m.entry = std::move(entry);
  m.supersedes = supersedes;
  m.correction_reason = reason;
  m.source = source;
  m.recorded_by = actor.name;
  m.recorded_at = s.clock.Now();
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.outcomes.InsertMeasurement(m); },
      [&](int64_t id) {
        std::string detail = "measurement/" + std::to_string(id) + " " + m.entry.measure_id;
        if (supersedes) detail += " corrects measurement/" + std::to_string(*supersedes);
        return AuditNote{supersedes ? "measurement.correct" : "measurement.create",
                         "patient/" + std::to_string(m.entry.patient_id), detail};
      });
  if (!id) return id.error();
  m.id = *id;
  return m;
}

Status CheckRecorder(const outcome::Measure& m, const Actor& actor) {
  const auto has = [&m](const char* who) {
    return std::find(m.recorded_by.begin(), m.recorded_by.end(), who) != m.recorded_by.end();
  };
  const std::string role(ActorRoleName(actor.role));
  if (has(role.c_str())) return OkStatus();
  if (!has("physician") || has("nurse") || has("patient") || has("device")) return OkStatus();
  return Invalid("/measure", "err.recorded_by", {JoinList(m.recorded_by), role});
}

Result<report::Chart> BuildMeasureChart(const OutcomeServices& s, const Actor& actor,
                                        int64_t patient_id, const outcome::Measure& m,
                                        const std::vector<StoredMeasurement>& all, Lang lang) {
  report::Chart c;
  c.title = m.name.In(lang);
  c.y_label = Label("unit", m.unit, lang);
  c.y_min = m.min;
  c.y_max = m.max;
  if (m.direction != "none")
    c.note = Message(m.direction == "higher_better" ? "chart.higher_better" : "chart.lower_better",
                     lang);
  c.session_label = Message("chart.session", lang);
  for (const auto& b : m.bands) c.bands.push_back({b.from, b.to, b.label.In(lang)});
  for (const auto& x : all)
    if (x.entry.measure_id == m.id && !x.superseded_by)
      c.points.push_back({x.entry.measured_on, x.entry.value, x.baseline});
  auto sessions = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!sessions) return sessions.error();
  for (const auto& x : *sessions) c.session_dates.push_back(SessionDay(s, x.performed_at));
  return c;
}

Result<store::PortalLink> ValidPortalLink(const OutcomeServices& s, const std::string& token) {
  if (token.size() != 32 || token.find_first_not_of("0123456789abcdef") != std::string::npos)
    return MakeError(ErrorCode::kNotFound, "err.portal_expired");
  auto link = s.outcomes.FindPortalLink(auth::Sha256Hex(token));
  if (!link) return link.error();
  if (!*link || (*link)->revoked_at || s.clock.Now() >= (*link)->expires_at)
    return MakeError(ErrorCode::kNotFound, "err.portal_expired");
  return **link;
}

Actor PortalActor(const store::PortalLink& link) {
  return Actor{
      "portal:patient/" + std::to_string(link.patient_id) + "/link/" + std::to_string(link.id),
      ActorRole::kPatient, link.clinic_id, 0};
}

}  // namespace exo::app
