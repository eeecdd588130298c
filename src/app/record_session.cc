// Use case: record a treatment session (active plan, valid consent, lot released for the route
// and in date; stock taken; follow-ups created). The plan's request and the lot's certificate are
// parsed once. Guards: sites fit the route; the session lies on or after the plan's start and
// after the consent's signature; no more sessions than planned; a session sooner than the
// plan's interval after another of the plan needs a physician's reason; a session before the
// patient's first one may not change the time point of a stored measurement. The count and the
// interval are checked inside the unit of work, so two clerks cannot both take the last one.
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/plan_view.h"
#include "app/sessions.h"
#include "core/local_time.h"
#include "product/certificate.h"
#include "treatment/session.h"

namespace exo::app {

using nlohmann::json;

namespace {

constexpr int64_t kSecondsPerDay = 86400;

// The plan's sessions against its count and interval, read inside the unit of work. A refusal
// names the field and the conflicting session. Sets `r.interval_override_reason` when the
// physician's reason was needed.
Status CheckPlanProgress(const Actor& actor, const std::vector<store::StoredSession>& given,
                         const treatment::PlanRequest& request,
                         const treatment::SessionRequest& req, store::StoredSession& r) {
  const Timestamp performed = r.performed_at;
  int count = 0;
  const store::StoredSession* nearest = nullptr;
  int64_t nearest_gap = 0;
  for (const auto& g : given) {
    if (g.plan_id != r.plan_id) continue;
    ++count;
    const int64_t gap = std::llabs(performed.unix_seconds - g.performed_at.unix_seconds);
    if (nearest == nullptr || gap < nearest_gap) {
      nearest = &g;
      nearest_gap = gap;
    }
  }
  if (count >= request.sessions)
    return Conflict("err.plan_sessions_used",
                    {std::to_string(r.plan_id), std::to_string(request.sessions)});
  if (nearest != nullptr && nearest_gap < int64_t{request.interval_days} * kSecondsPerDay) {
    const std::string days = std::to_string(nearest_gap / kSecondsPerDay);
    const std::string other = std::to_string(nearest->id);
    const std::string interval = std::to_string(request.interval_days);
    if (req.interval_override_reason.empty())
      return Invalid("/performed_at", "err.session_interval", {days, other, interval});
    if (actor.role != ActorRole::kPhysician)
      return Invalid("/interval_override_reason", "err.override_physician_only", {});
    r.interval_override_reason = req.interval_override_reason;
  }
  return OkStatus();
}

// A session before the patient's first one moves the day every time point counts from. The
// measurements already stored keep their time points (they are immutable), so such a session is
// refused when one of them would change: one counted from the first session, or a baseline
// measured after the new session's day. The refusal names the session and the measurement.
Status CheckMeasurementTimePoints(const SessionServices& s, const Actor& actor,
                                  const std::vector<store::StoredSession>& given,
                                  const store::StoredSession& r) {
  const Date day = s.clock.DayOf(r.performed_at);
  const store::StoredSession* first = nullptr;
  for (const auto& g : given)
    if (first == nullptr || g.performed_at.unix_seconds < first->performed_at.unix_seconds)
      first = &g;
  if (first != nullptr && s.clock.DayOf(first->performed_at) <= day) return OkStatus();
  auto measured = s.outcomes.ListPatientMeasurements(actor.clinic_id, r.patient_id);
  if (!measured) return measured.error();
  // A measurement counted from the first session is named before a baseline measured later.
  const store::StoredMeasurement* baseline_after = nullptr;
  for (const auto& m : *measured) {
    if (m.superseded_by) continue;
    if (first != nullptr && m.days_since_first)
      return Invalid(
          "/performed_at", "err.session_before_first_measured",
          {day.ToString(), std::to_string(first->id), s.clock.DayOf(first->performed_at).ToString(),
           std::to_string(m.id), m.entry.measured_on.ToString()});
    if (baseline_after == nullptr && m.baseline && day < m.entry.measured_on) baseline_after = &m;
  }
  if (baseline_after != nullptr)
    return Invalid("/performed_at", "err.session_after_baseline",
                   {day.ToString(), std::to_string(baseline_after->id),
                    baseline_after->entry.measured_on.ToString()});
  return OkStatus();
}

}  // namespace

Result<store::StoredSession> RecordSession(const SessionServices& s, const Actor& actor,
                                           std::string_view session_json) {
  const SessionServices& ps = s;
  const Timestamp now = ps.clock.Now();
  auto req = treatment::ParseSessionRequest(session_json, now);
  if (!req) return req.error();
  auto stored = ps.plans.FindPlan(actor.clinic_id, req->plan_id);
  if (!stored) {
    if (stored.error().code == ErrorCode::kNotFound)
      return Invalid("/plan_id", "err.not_found", {"plan", std::to_string(req->plan_id)});
    return stored.error();
  }
  if (stored->status != store::PlanStatus::kActive)
    return Conflict("err.plan_not_active", {std::to_string(req->plan_id),
                                            std::string(store::PlanStatusName(stored->status))});
  auto request = ParseStoredPlan(*stored);  // the stored request, parsed once
  if (!request) return request.error();
  auto consent = FindValidConsent(s.consents, actor.clinic_id, req->plan_id);
  if (!consent) return consent.error();
  if (!*consent) return Conflict("err.no_valid_consent", {std::to_string(req->plan_id)});
  auto lot = ps.lots.FindLot(actor.clinic_id, stored->lot_id);
  if (!lot) return lot.error();
  const Route route = request->route;
  const Timestamp performed = req->performed_at.value_or(now);
  std::string why;
  if (lot->state != product::LotState::kReleased)
    why = std::string(product::LotStateName(lot->state));
  else if (!lot->released_routes.Has(route))
    why = "not released for this route";
  else if (!lot->expires_on || *lot->expires_on < s.clock.DayOf(performed))
    why = "expired";
  if (!why.empty())
    return Conflict("err.lot_unusable",
                    {std::to_string(lot->id), std::string(RouteName(route)), why});
  if (s.clock.DayOf(performed) < request->start_date)
    return Invalid("/performed_at", "err.session_before_plan_start",
                   {s.clock.DayOf(performed).ToString(), std::to_string(stored->id),
                    request->start_date.ToString()});
  // To the minute: a form gives the session's time in minutes, often the consent's own minute.
  if (performed.unix_seconds <
      (*consent)->signed_at.unix_seconds - (*consent)->signed_at.unix_seconds % 60)
    return Invalid(
        "/performed_at", "err.session_before_consent",
        {std::to_string((*consent)->id),
         FormatLocalSortable((*consent)->signed_at, s.clinic.time_zone)});  // its local minute
  for (size_t i = 0; i < req->sites.size(); ++i)
    if (!treatment::SiteFitsRoute(req->sites[i], request->route))
      return Invalid("/sites/" + std::to_string(i), "err.site_not_for_route", {req->sites[i]});
  if (route == Route::kIv && (!req->vitals.bp_systolic || !req->vitals.bp_diastolic ||
                              !req->vitals.pulse || !req->vitals.temperature_c))
    return Invalid("/vitals", "err.vitals_required");
  store::StoredSession r;
  r.clinic_id = actor.clinic_id;
  r.patient_id = stored->patient_id;
  r.plan_id = req->plan_id;
  r.lot_id = lot->id;
  r.performed_at = performed;
  r.operator_name = req->operator_name;
  r.route = std::string(RouteName(route));
  const auto& sites = req->sites.empty() ? request->sites : req->sites;
  for (const auto& x : sites) r.sites += (r.sites.empty() ? "" : ",") + x;
  r.dose_particles = req->dose_particles.value_or(request->dose_particles);
  std::optional<double> particles_per_ml, vial_ml;
  if (auto cert = product::ParseCertificate(lot->certificate_json)) {
    particles_per_ml = cert->particles_per_ml;
    vial_ml = cert->volume_ml;
  }
  if (req->volume_ml) {
    r.volume_ml = *req->volume_ml;
  } else if (particles_per_ml && *particles_per_ml > 0) {
    r.volume_ml = r.dose_particles / *particles_per_ml;
  } else {
    return Invalid("/volume_ml", "err.required");
  }
  r.vials_used = req->vials_used.value_or(
      vial_ml && *vial_ml > 0 ? static_cast<int>(std::ceil(r.volume_ml / *vial_ml - 1e-9)) : 1);
  json vitals = json::object();
  if (req->vitals.bp_systolic) vitals["bp_systolic"] = *req->vitals.bp_systolic;
  if (req->vitals.bp_diastolic) vitals["bp_diastolic"] = *req->vitals.bp_diastolic;
  if (req->vitals.pulse) vitals["pulse"] = *req->vitals.pulse;
  if (req->vitals.temperature_c) vitals["temperature_c"] = *req->vitals.temperature_c;
  if (req->vitals.spo2) vitals["spo2"] = *req->vitals.spo2;
  r.vitals_json = vitals.dump();
  r.reactions = req->reactions;
  r.notes = req->notes;
  r.recorded_by = actor.name;
  r.recorded_at = now;
  std::vector<store::FollowUp> followups;
  for (int days : ps.clinic.followup_days) {
    store::FollowUp f;
    f.clinic_id = actor.clinic_id;
    f.patient_id = r.patient_id;
    f.lot_id = r.lot_id;
    f.due_on = s.clock.DayOf(performed).AddDays(days);
    f.kind = store::FollowUpKind::kAftercare;
    f.days_after = days;
    followups.push_back(f);
  }
  auto id = RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&]() -> Result<int64_t> {
        // The patient's sessions, read once inside the unit of work for both checks.
        auto given = s.sessions.ListPatientSessions(actor.clinic_id, r.patient_id);
        if (!given) return given.error();
        if (auto ok = CheckPlanProgress(actor, *given, *request, *req, r); !ok) return ok.error();
        if (auto ok = CheckMeasurementTimePoints(s, actor, *given, r); !ok) return ok.error();
        return s.sessions.InsertTreatmentSession(r, followups);
      },
      [&](int64_t id) {
        return AuditNote{"session.create", PatientObject(r.patient_id),
                         "session/" + std::to_string(id) + " lot/" + std::to_string(r.lot_id) +
                             (r.interval_override_reason.empty() ? "" : " interval override")};
      });
  if (!id) return id.error();
  r.id = *id;
  return r;
}

}  // namespace exo::app
